import AgendaCore
import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

extension AgendaDatabase {
    /// Runs a bulk write (`body`: a load, an import, a generated agenda) on the database at `path`. When no file is
    /// there yet, the database is built beside it, in a hidden file of the same folder, and put at `path` whole
    /// once `body` is done; when it throws, only if it committed something before (a multi-file import), as a
    /// file opened normally would keep it. Nothing needs protecting in a file no one else can see, so the hidden one is written without
    /// the write-ahead log: every page is written once, where an open file's pages go to the log first and are
    /// copied into the file at the checkpoint. Rollbacks (a failed item, a failed transaction) still work: the
    /// rollback journal is kept in memory, and holds nothing for the pages a new file adds. At the end the file is
    /// switched to WAL, closed, flushed to disk and linked at `path`, so a process killed before that leaves no
    /// database at `path` (as before it started), never half a one. The hidden file it leaves is removed by the
    /// next bulk write to the same path. A file created at `path` meanwhile by another process is left alone:
    /// the work is refused, and nothing of it is written there.
    /// When `path` exists, `body` runs on it as `open(path:access: .write)` opens it.
    public static func building<T>(path: String, configuration: StoreConfiguration = StoreConfiguration(),
                                   clock: @escaping @Sendable () -> Date = { Date() },
                                   _ body: (AgendaDatabase) throws -> T) throws -> T {
        guard !path.isEmpty, !FileManager.default.fileExists(atPath: path) else {
            return try body(open(path: path, access: .write, configuration: configuration, clock: clock))
        }
        let target = URL(fileURLWithPath: path)
        let folder = target.deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let prefix = ".\(target.lastPathComponent).agenda-building-"
        removeAbandonedBuilds(in: folder.path, prefix: prefix)
        let staging = folder.appendingPathComponent(prefix + String(getpid())).path
        removeFiles(staging)
        let queue: DatabaseQueue
        do {
            var config = Self.configuration(configuration)
            config.prepareDatabase { db in
                try db.execute(sql: "PRAGMA journal_mode = MEMORY")
                try db.execute(sql: "PRAGMA synchronous = OFF")
            }
            queue = try DatabaseQueue(path: staging, configuration: config)
        } catch let error as DatabaseError {
            removeFiles(staging)
            throw describe(error, path: path)
        }
        let db = AgendaDatabase(writer: queue, clock: clock)
        let outcome: Result<T, any Error> = Result {
            try db.migrate()
            return try body(db)
        }
        do {
            // A failed write that committed nothing leaves no file, as if it had never started.
            if case .failure(let error) = outcome, (try? db.holdsNoData()) != false {
                try? queue.close()
                removeFiles(staging)
                throw error
            }
            try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = WAL") }
            try queue.close()
            try publish(staging, at: path)
        } catch {
            removeFiles(staging)
            if case .failure(let bodyError) = outcome { throw bodyError }
            if let error = error as? DatabaseError { throw describe(error, path: path) }
            throw error
        }
        return try outcome.get()
    }

    /// Flushes the built file to disk and links it at `path`, which must still be free; then drops the hidden name.
    private static func publish(_ staging: String, at path: String) throws {
        for suffix in ["-wal", "-shm"] { unlink(staging + suffix) }
        try sync(staging)
        if link(staging, path) != 0 {
            let failure = errno
            guard failure != EEXIST else {
                throw AgendaError.database("'\(path)' was created by another process during this write; nothing was written to it. Run the command again to write to that file")
            }
            // A file system without hard links: a rename, once more checking that nothing is there.
            guard !FileManager.default.fileExists(atPath: path), rename(staging, path) == 0 else {
                throw AgendaError.database("the new database could not be put at '\(path)': \(String(cString: strerror(failure)))")
            }
        } else {
            unlink(staging)
        }
        try sync(URL(fileURLWithPath: path).deletingLastPathComponent().path)
    }

    /// `fsync` of a file or folder.
    private static func sync(_ path: String) throws {
        let fd = Glibc.open(path, O_RDONLY)
        guard fd >= 0 else { throw AgendaError.database("'\(path)' cannot be opened to flush it: \(String(cString: strerror(errno)))") }
        defer { Glibc.close(fd) }
        guard fsync(fd) == 0 || errno == EINVAL else {
            throw AgendaError.database("'\(path)' cannot be flushed to disk: \(String(cString: strerror(errno)))")
        }
    }

    /// Removes the hidden files of builds whose process is gone (killed before it could link its file).
    private static func removeAbandonedBuilds(in folder: String, prefix: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let pid = Int32(rest.prefix { $0.isNumber }), pid != getpid() else { continue }
            if kill(pid, 0) == -1 && errno == ESRCH { unlink(folder + "/" + name) }
        }
    }

    private static func removeFiles(_ staging: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] { unlink(staging + suffix) }
    }
}
