import AgendaCore
import GRDB

/// Maintains the FTS5 `search_index`. Its rowid encodes the entity (id * 4 + kind), so an entry is replaced or
/// removed by rowid, without scanning.
enum SearchIndex {
    enum Entity: Int, Sendable {
        case event = 0, person = 1, organisation = 2

        var name: String {
            switch self {
            case .event: "event"
            case .person: "person"
            case .organisation: "organisation"
            }
        }
    }

    static func rowid(_ entity: Entity, _ id: Int64) -> Int64 { id * 4 + Int64(entity.rawValue) }

    /// Writes the entry of one entity (replacing the one it had), now or, given a `batch`, when the batch is
    /// flushed. `isNew`: the entity was just inserted, so it has no entry to replace.
    static func put(_ db: Database, _ entity: Entity, id: Int64, text: [String], isNew: Bool = false,
                    batch: SearchBatch? = nil) throws {
        try put(db, entity, id: id, folded: folded(text), isNew: isNew, batch: batch)
    }

    /// `put` with the entry's text already folded (`folded(_:)`).
    static func put(_ db: Database, _ entity: Entity, id: Int64, folded: String, isNew: Bool = false,
                    batch: SearchBatch? = nil) throws {
        let entry = SearchBatch.Entry(entity: entity, id: id, folded: folded, replaces: !isNew)
        if let batch { batch.entries.append(entry) } else { try write(db, entry) }
    }

    /// An entry's text: its parts, one a line, folded.
    static func folded(_ text: [String]) -> String { TextFolding.fold(text.joined(separator: "\n")) }

    static func write(_ db: Database, _ e: SearchBatch.Entry) throws {
        if e.replaces { try remove(db, e.entity, id: e.id) }
        try db.cachedStatement(sql: "INSERT INTO search_index(rowid, entity, entity_id, folded) VALUES (?, ?, ?, ?)")
            .execute(arguments: [rowid(e.entity, e.id), e.entity.name, e.id, e.folded])
    }

    static func remove(_ db: Database, _ entity: Entity, id: Int64) throws {
        try db.cachedStatement(sql: "DELETE FROM search_index WHERE rowid = ?").execute(arguments: [rowid(entity, id)])
    }

    /// FTS5's merge settings: `automerge` (merge once this many segments share a level) and `crisismerge` (merge
    /// whatever it costs at this many), and `hashsize` (the bytes of pending terms held in memory before they are
    /// written out as a new segment), at SQLite's defaults.
    static let automerge = 4, crisismerge = 16, hashsize = 1_048_576

    /// The pending terms a bulk write holds before writing a segment: 4 MiB. On the peers' 100,000 events (sqlite3
    /// shell, `INSERT … SELECT` of their folded texts, merges deferred as below): 2.82 s with 1 MiB, 1.99 s with
    /// 4 MiB, 2.06 s with 8 MiB, 2.16 s with 16 MiB (and 23 MB more memory): fewer, larger level-0 segments.
    static let bulkHashsize = 4 * 1_048_576

    /// Runs a bulk write with FTS5's incremental merging off (`automerge` 0), its forced merge put off to 64
    /// segments a level and larger segments (`bulkHashsize`), then sets all three back to their defaults, inside
    /// the caller's transaction. Merging as the entries arrive rewrote the same terms over and over: on the peers'
    /// 100,000 events, indexing their folded texts took 3.8–4.0 s with the defaults and 2.2–2.7 s with merges
    /// deferred (sqlite3 shell, `INSERT … SELECT`). The segments left unmerged (at most 64 a level) are merged by
    /// the next writes, as usual.
    static func withMergesDeferred<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        try configure(db, automerge: 0, crisismerge: 64, hashsize: bulkHashsize)
        let result = try body()
        try configure(db, automerge: automerge, crisismerge: crisismerge, hashsize: hashsize)
        return result
    }

    private static func configure(_ db: Database, automerge: Int, crisismerge: Int, hashsize: Int) throws {
        try db.execute(sql: """
            INSERT INTO search_index(search_index, rank) VALUES ('automerge', ?), ('crisismerge', ?), ('hashsize', ?)
            """, arguments: [automerge, crisismerge, hashsize])
    }

    /// An FTS5 MATCH expression: every folded word of the query, each as a prefix ("hiep hoi" → "hiep"* "hoi"*).
    static func matchExpression(_ query: String) -> String? {
        let terms = TextFolding.queryTerms(query)
        guard !terms.isEmpty else { return nil }
        return terms.map { "\"\($0)\"*" }.joined(separator: " ")
    }
}

/// Search entries held back during a write of many items, each in its own savepoint (imports). FTS5 writes its
/// pending terms out as a new segment at every savepoint, so entries written item by item made one segment per
/// event (the savepoints' flushes were 27 % of an import's samples); held entries are written a batch at a time,
/// between items. An item rolled back drops the entries it added (`mark`, `drop(after:)`).
final class SearchBatch {
    struct Entry {
        var entity: SearchIndex.Entity
        var id: Int64
        var folded: String
        var replaces: Bool
    }

    fileprivate(set) var entries: [Entry] = []
    /// How many entries make a batch worth writing. Each batch becomes one FTS5 segment (at the next savepoint).
    let size: Int

    init(size: Int = standardSize) { self.size = size }

    /// The batch size of an import that is not bulk.
    static let standardSize = 1_000

    /// The batch size of a bulk write (`withMergesDeferred`): the peers' 100,000 events make 25 segments rather
    /// than the 100 of batches of 1,000, which passed the deferred forced merge (`crisismerge` 64); about 4 MB of
    /// folded text is held.
    static let bulkSize = 4_000

    var mark: Int { entries.count }
    func drop(after mark: Int) { entries.removeSubrange(mark...) }

    /// Writes the held entries when there are enough of them, or all of them when `force`.
    func flush(_ db: Database, force: Bool = false) throws {
        guard force ? !entries.isEmpty : entries.count >= size else { return }
        for e in entries { try SearchIndex.write(db, e) }
        entries.removeAll(keepingCapacity: true)
    }
}
