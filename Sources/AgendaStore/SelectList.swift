/// A SELECT list whose columns are named once: the SQL says `expr AS name`, and decoding looks the position up by
/// name when the list is built, so rows are read by name (`row[EventColumns.title]`) at the cost of an index.
struct SelectList: Sendable {
    let columns: [(expression: String, name: String)]

    init(_ columns: [(String, String)]) { self.columns = columns.map { (expression: $0.0, name: $0.1) } }

    /// `e.id AS id, e.uid AS uid, …`
    var sql: String { sql(replacing: [:]) }

    /// The list with the columns named in `constants` read as those constants (positions unchanged), for reads
    /// that skip them.
    func sql(replacing constants: [String: String]) -> String {
        columns.map { "\(constants[$0.name] ?? $0.expression) AS \($0.name)" }.joined(separator: ", ")
    }

    /// The position of the column called `name` (a programming error if there is none).
    func callAsFunction(_ name: String) -> Int {
        guard let i = columns.firstIndex(where: { $0.name == name }) else { preconditionFailure("no column \(name)") }
        return i
    }
}

/// The columns of an event read (`AgendaDatabase.eventSelect`), each position looked up by name once.
enum EventColumns {
    static let list = SelectList([
        ("e.id", "id"), ("e.uid", "uid"), ("e.kind", "kind"), ("e.title", "title"), ("e.alt_title", "alt_title"),
        ("e.status", "status"), ("e.classification", "classification"), ("e.precision", "precision"),
        ("e.local_start", "local_start"), ("e.local_end", "local_end"), ("e.time_zone", "time_zone"),
        ("c.code", "committee_code"), ("p.name", "chair_name"), ("e.location", "location"), ("e.notes", "notes"),
        ("e.source", "source"), ("e.sequence", "sequence"), ("e.created_at", "created_at"),
        ("e.modified_at", "modified_at"), ("e.wall_fold", "wall_fold"),
    ])
    static let id = list("id"), uid = list("uid"), kind = list("kind"), title = list("title")
    static let altTitle = list("alt_title"), status = list("status"), classification = list("classification")
    static let precision = list("precision"), localStart = list("local_start"), localEnd = list("local_end")
    static let timeZone = list("time_zone"), committee = list("committee_code"), chair = list("chair_name")
    static let location = list("location"), notes = list("notes"), source = list("source")
    static let sequence = list("sequence"), created = list("created_at"), modified = list("modified_at")
    static let wallFold = list("wall_fold")
}

/// The columns of a batch's participants (`AgendaDatabase.attachDetails`).
enum ParticipantColumns {
    static let list = SelectList([
        ("ep.event_id", "event_id"), ("pe.name", "person"), ("o.name", "organisation"), ("ep.role", "role"),
        ("ep.title_at_event", "title"),
    ])
    static let eventID = list("event_id"), person = list("person"), organisation = list("organisation")
    static let role = list("role"), title = list("title")
}

/// The columns of a batch's topics (`AgendaDatabase.attachDetails`): about two rows an event in a large export.
enum TopicColumns {
    static let list = SelectList([("t.event_id", "event_id"), ("t.topic", "topic")])
    static let eventID = list("event_id"), topic = list("topic")
}
