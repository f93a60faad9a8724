import Foundation

/// The folder for the files tests make (databases, feeds, sites, homes): one per test process, inside the system's
/// temporary folder, removed when the process exits, so that a run of the suite leaves nothing behind there.
public let scratchDirectory: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("agenda-tests-\(getpid())", isDirectory: true)
    try? FileManager.default.removeItem(at: url)
    do {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    } catch {
        fatalError("cannot make the tests' scratch folder \(url.path): \(error)")
    }
    atexit { try? FileManager.default.removeItem(at: scratchDirectory) }
    return url
}()
