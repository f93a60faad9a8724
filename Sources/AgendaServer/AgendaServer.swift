import AgendaKit
import AgendaStore
import Foundation
import Hummingbird
import Logging

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
        try await application(site: site, options: options, onRunning: onRunning).runService()
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
