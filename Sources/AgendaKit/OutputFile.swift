import AgendaCore
import AgendaStore
import Foundation

/// Writing output files safely: a regular file is replaced atomically (by rename from a temporary file beside
/// it, only when the bytes changed); anything else at the path (a device such as /dev/null or /dev/full, a pipe)
/// is written in place and never replaced; a symbolic link is followed. Temporary files left by a killed run are
/// removed by the next one.
public enum OutputFile {
    /// What is at a path.
    enum Target {
        case missing
        case regular
        case special
    }

    static func target(_ path: String) -> Target {
        var st = stat()
        guard stat(path, &st) == 0 else { return .missing }
        return (st.st_mode & S_IFMT) == S_IFREG ? .regular : .special
    }

    /// The real path behind symbolic links (the path itself when it does not exist yet).
    static func resolved(_ path: String) -> String {
        guard let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }

    /// Writes what `produce` emits to `path`; returns whether the file changed. `staging` is the folder for the
    /// temporary file (default: beside the target); `mode` the permissions of a new file.
    @discardableResult
    public static func write(to path: String, staging: String? = nil, mode: mode_t = 0o644,
                             _ produce: (_ sink: @escaping ([UInt8]) throws -> Void) throws -> Void) throws -> Bool {
        let path = resolved(path)
        if target(path) == .special {
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw AgendaError.invalid(field: "output", value: path, expected: "a file that can be written")
            }
            do {
                try produce { try handle.write(contentsOf: $0) }
            } catch let e as AgendaError {
                throw e
            } catch {
                throw AgendaError.invalid(field: "output", value: path, expected: "a file that can be written (\(Self.reason(error)))")
            }
            return true
        }
        try refuseDatabase(path)
        let url = URL(fileURLWithPath: path)
        let dir = staging ?? url.deletingLastPathComponent().path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        removeLeftovers(in: dir, name: url.lastPathComponent)
        let temp = dir + "/" + temporaryName(for: url.lastPathComponent)
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard fd >= 0 else {
            throw AgendaError.invalid(field: "output", value: path,
                                      expected: "a file in a writable folder (\(String(cString: strerror(errno))))")
        }
        _ = fchmod(fd, mode)
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        defer { unlink(temp) }
        // The bytes are compared with the file already there as they are written, so an unchanged feed is told
        // without reading anything twice.
        let old = ExistingContents(path)
        do {
            try produce { bytes in
                try handle.write(contentsOf: bytes)
                old.compare(bytes)
            }
            // No fsync: a feed can always be written again, and ext4 flushes a file renamed over another
            // (auto_da_alloc); an fsync costs 0.4 s on a 165 MB feed.
            try handle.close()
        } catch let e as AgendaError {
            throw e
        } catch {
            throw AgendaError.invalid(field: "output", value: path, expected: "a file that can be written (\(Self.reason(error)))")
        }
        if old.matchedToTheEnd() { return false }
        guard rename(temp, path) == 0 else {
            throw AgendaError.invalid(field: "output", value: path,
                                      expected: "a writable file (\(String(cString: strerror(errno))))")
        }
        return true
    }

    /// Refuses a path that holds an SQLite database or one of its side files (`-wal`, `-shm`, `-journal`): an
    /// export given the agenda's own database as its output (`--output agenda.sqlite`) replaced it with the feed.
    static func refuseDatabase(_ path: String) throws {
        var base = path
        for suffix in ["-wal", "-shm", "-journal"] where path.hasSuffix(suffix) {
            base = String(path.dropLast(suffix.count))
        }
        // Regular files only: opening a pipe to read its first bytes would wait for a writer.
        for candidate in Set([path, base]) where target(candidate) == .regular {
            if AgendaDatabase.isSQLiteFile(candidate) {
                throw AgendaError.invalid(field: "output", value: path, expected: candidate == path
                    ? "a file that is not a database ('\(path)' is an SQLite database, which an export never replaces)"
                    : "a file that is not part of a database ('\(base)' is an SQLite database, and this is its \(path.dropFirst(base.count)) file)")
            }
        }
    }

    /// Writes `data` to `path` (see `write(to:staging:mode:_:)`).
    @discardableResult
    public static func write(_ data: Data, to path: String, staging: String? = nil, mode: mode_t = 0o644) throws -> Bool {
        try write(to: path, staging: staging, mode: mode) { sink in try sink([UInt8](data)) }
    }

    static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let posix = ns.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code)))
        }
        return ns.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32(ns.code))) : "\(ns.localizedDescription)"
    }

    /// `.NAME.agenda-PID.tmp`: hidden, and naming the process so a later run can tell a leftover.
    static func temporaryName(for name: String) -> String { ".\(name).agenda-\(getpid()).tmp" }

    /// Removes temporary files for `name` (or for any name when nil) whose process is gone.
    public static func removeLeftovers(in dir: String, name: String? = nil) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        for entry in entries where entry.hasPrefix(".") && entry.hasSuffix(".tmp") {
            guard let r = entry.range(of: ".agenda-", options: .backwards) else { continue }
            if let name, entry[entry.index(after: entry.startIndex)..<r.lowerBound] != name { continue }
            let pidText = entry[r.upperBound...].dropLast(4)
            guard let pid = Int32(pidText), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(dir + "/" + entry) }
        }
    }
}

/// The file a new output would replace, compared piece by piece with the bytes written, until they differ.
final class ExistingContents {
    private var fd: Int32
    private var scratch: [UInt8] = []

    init(_ path: String) {
        var st = stat()
        fd = stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG ? open(path, O_RDONLY) : -1
    }

    deinit { stop() }

    private func stop() {
        if fd >= 0 { close(fd) }
        fd = -1
    }

    /// Reads as many bytes as `bytes` holds and compares them; a difference or a short file ends the comparison.
    func compare(_ bytes: [UInt8]) {
        guard fd >= 0, !bytes.isEmpty else { return }
        if scratch.count < bytes.count { scratch = [UInt8](repeating: 0, count: bytes.count) }
        let got = scratch.withUnsafeMutableBytes { buf in Self.fill(fd, buf.baseAddress!, bytes.count) }
        let same = got == bytes.count && bytes.withUnsafeBytes { b in scratch.withUnsafeBytes { memcmp(b.baseAddress!, $0.baseAddress!, got) == 0 } }
        if !same { stop() }
    }

    /// Whether every byte written matched and the old file holds nothing more.
    func matchedToTheEnd() -> Bool {
        guard fd >= 0 else { return false }
        var byte: UInt8 = 0
        let more = Self.fill(fd, &byte, 1)
        stop()
        return more == 0
    }

    private static func fill(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ count: Int) -> Int {
        var got = 0
        while got < count {
            let n = read(fd, p + got, count - got)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            got += n
        }
        return got
    }
}
