import AgendaCore
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
        do {
            try produce { try handle.write(contentsOf: $0) }
            // No fsync: a feed can always be written again, and ext4 flushes a file renamed over another
            // (auto_da_alloc); an fsync costs 0.4 s on a 165 MB feed.
            try handle.close()
        } catch let e as AgendaError {
            throw e
        } catch {
            throw AgendaError.invalid(field: "output", value: path, expected: "a file that can be written (\(Self.reason(error)))")
        }
        if sameContents(temp, path) { return false }
        guard rename(temp, path) == 0 else {
            throw AgendaError.invalid(field: "output", value: path,
                                      expected: "a writable file (\(String(cString: strerror(errno))))")
        }
        return true
    }

    /// Whether two regular files hold the same bytes: sizes first, then 1 MiB pieces compared with memcmp.
    static func sameContents(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        guard stat(a, &sa) == 0, stat(b, &sb) == 0, (sb.st_mode & S_IFMT) == S_IFREG, sa.st_size == sb.st_size else {
            return false
        }
        let fa = open(a, O_RDONLY), fb = open(b, O_RDONLY)
        defer { if fa >= 0 { close(fa) }; if fb >= 0 { close(fb) } }
        guard fa >= 0, fb >= 0 else { return false }
        let size = 1 << 20
        let pa = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        let pb = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        defer { pa.deallocate(); pb.deallocate() }
        func fill(_ fd: Int32, _ p: UnsafeMutableRawPointer) -> Int {
            var got = 0
            while got < size {
                let n = read(fd, p + got, size - got)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                got += n
            }
            return got
        }
        while true {
            let na = fill(fa, pa), nb = fill(fb, pb)
            if na != nb || memcmp(pa, pb, na) != 0 { return false }
            if na < size { return true }
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
