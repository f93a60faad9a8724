import AgendaStore
import ArgumentParser

extension Agenda {
    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create and migrate the database, and say where it is.",
            discussion: "Example: agenda init --db ~/acr.sqlite")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let db = try database.open(.write)
            say("Database ready at \(database.resolvedPath) (schema: \(try db.appliedMigrations().joined(separator: ", ")))")
        }
    }
}
