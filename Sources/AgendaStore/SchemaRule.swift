/// Names the field behind a constraint the schema enforced, so no SQL reaches a user. The store checks every
/// rule in words before writing; these are the backstops.
enum SchemaRule {
    static let columns: [(column: String, field: String)] = [
        ("span_end", "end"), ("span_start", "start"), ("local_start", "start"), ("local_end", "end"),
        ("wall_fold", "start"), ("uid", "uid"), ("title", "title"), ("kind", "kind"), ("status", "status"),
        ("classification", "class"), ("precision", "precision"), ("time_zone", "time zone"),
        ("start_date", "start"), ("end_date", "end"), ("handover_date", "handover"), ("term_months", "term"),
        ("effective_from", "from"), ("anchor_date", "anchor date"), ("founded", "founded"), ("iso2", "iso2"),
        ("code", "committee code"), ("name", "name"), ("topic", "topic"), ("sequence", "sequence"),
    ]

    /// The field a CHECK message is about: `end` for one that mentions `span_end`.
    static func field(_ message: String) -> String {
        columns.first { message.contains($0.column) }?.field ?? "value"
    }
}
