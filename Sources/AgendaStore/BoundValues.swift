import CAgendaSQLite
import GRDB

/// A value bound straight to an SQLite parameter by `Statement.run(_:)`.
enum BoundValue {
    case text(String)
    case int(Int)
    case null

    init(_ text: String?) { self = text.map { .text($0) } ?? .null }
    init(_ number: Int64?) { self = number.map { .int(Int($0)) } ?? .null }
}

extension Statement {
    /// Runs a statement that returns no rows, with `values` bound to its parameters in order, without GRDB's
    /// `StatementArguments`: for the statements a bulk write runs for every event (its row). Building the
    /// arguments went through an unspecialised generic map over existentials, and a statement of more than 20
    /// parameters copied each string into a C array before SQLite copied it again: 9.6 % of a bulk load's writing
    /// thread (perf). Strings are bound from their own UTF-8 and copied once, by SQLite. A failure throws the
    /// `DatabaseError` GRDB would (the same extended code and message), which the store translates as usual.
    func run(_ values: [BoundValue]) throws {
        let handle = UnsafeMutableRawPointer(sqliteStatement)
        // GRDB leaves a statement it ran as it ended (it resets before its next run): bindings need a reset one.
        agenda_reset(handle)
        defer { agenda_reset(handle) }
        precondition(values.count == Int(agenda_parameter_count(handle)), "\(values.count) values for: \(sql)")
        for (i, value) in values.enumerated() {
            let index = Int32(i + 1)
            let code: Int32
            switch value {
            case .null: code = agenda_bind_null(handle, index)
            case let .int(n): code = agenda_bind_int64(handle, index, Int64(n))
            case var .text(s):
                code = s.withUTF8 { utf8 in
                    // An empty buffer may have no address; bound as NULL it would not be the empty text.
                    guard let base = utf8.baseAddress, !utf8.isEmpty else { return agenda_bind_text(handle, index, "", 0) }
                    return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                        agenda_bind_text(handle, index, $0, Int32(utf8.count))
                    }
                }
            }
            guard code == 0 else { throw failure(handle, code) }
        }
        var extended: Int32 = 0
        guard agenda_run(handle, &extended) == 101 else { throw failure(handle, extended) }  // SQLITE_DONE
    }

    private func failure(_ handle: UnsafeMutableRawPointer, _ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: agenda_error_message(handle)), sql: sql)
    }
}
