import AgendaCore
import AgendaKit
import AgendaStore
import CAgendaExecutorHook
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix

/// `agenda serve`: builds the Hummingbird application over an `AgendaSite` and runs it until SIGINT or SIGTERM
/// (graceful shutdown: requests in flight are finished).
public enum AgendaServer {
    /// The application, for `run` and for tests (`app.test(.router)` / `.live`).
    public static func application(site: AgendaSite, options: ServeOptions,
                                   onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        var logger = Logger(label: "agenda.server")
        logger.logLevel = .notice
        return Application(
            responder: site.responder,
            configuration: ApplicationConfiguration(address: .hostname(options.host, port: options.port),
                                                    serverName: "agenda"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? options.port) },
            logger: logger)
    }

    /// Serves until SIGINT or SIGTERM.
    public static func run(db: AgendaDatabase, options: ServeOptions,
                           onRunning: @escaping @Sendable (Int) async -> Void) async throws {
        let site = AgendaSite(db: db, options: options)
        do {
            try await application(site: site, options: options, onRunning: onRunning).runService()
        } catch let error as IOError {
            // Binding failed: the port is taken, or the address is not this machine's.
            throw AgendaError.invalid(field: "address", value: "\(options.host):\(options.port)",
                                      expected: "an address and port this machine can listen on (\(String(cString: strerror(error.errnoCode))))")
        }
    }

    /// Makes Swift concurrency run its jobs on NIO's event loop threads, so a request is handled without hopping
    /// between an event loop and Swift's cooperative pool (measured: those hops were most of a 304's cost). This is
    /// what `NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()` does, with the
    /// hook set from C because NIO's dlsym lookup cannot see it in a binary with the Swift runtime linked statically.
    /// Call once, first thing in the process, and only for `serve`; blocking work (rendering) runs on Dispatch
    /// threads, never on the event loops. Returns whether the hook was installed.
    @discardableResult
    public static func runConcurrencyOnEventLoops() -> Bool {
        agenda_install_enqueue_global_hook { job, _ in
            let unowned = unsafeBitCast(job, to: UnownedJob.self)
            MultiThreadedEventLoopGroup.singleton.any().executor.enqueue(ExecutorJob(unowned))
        } == 1
    }

    /// The newest modification time of the database file and its WAL, for Last-Modified.
    public static func lastWrite(of path: String) -> @Sendable () -> Date {
        {
            [path, path + "-wal"].compactMap {
                (try? FileManager.default.attributesOfItem(atPath: $0))?[.modificationDate] as? Date
            }.max() ?? Date()
        }
    }
}
