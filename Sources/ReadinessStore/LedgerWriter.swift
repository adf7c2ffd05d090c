import GRDB
import GRDBSQLite
import ReadinessCore

/// Writes events into the ledger's table within the caller's transaction, in the order given, with ids
/// from `lastID + 1` on: each batch of up to `batchSize` rows by one INSERT of that many rows (the
/// statements are made once per write and reused), its values bound in place through SQLite's C API.
/// A refused row (a constraint) throws a `DatabaseError`.
struct LedgerWriter {
    static let batchSize = 50

    let db: Database
    /// When the events were recorded, as stored ("" for a file's events: kept with the file).
    let recordedAt: String
    /// The imported file the events come from.
    let importID: Int64?
    /// The source kept with the file: an event of the file with that source stores "".
    let fileSource: String?
    /// The id of the last event written.
    private(set) var lastID: Int64
    private var statements = InsertStatements()
    private var values = BatchValues()

    init(db: Database, recordedAt: String, importID: Int64?, fileSource: String?, lastID: Int64) {
        (self.db, self.recordedAt, self.importID, self.fileSource, self.lastID) = (db, recordedAt, importID, fileSource, lastID)
    }

    /// Writes the events at `order`'s positions, in that order.
    mutating func write(_ events: [NewEvent], in order: [Int]) throws {
        defer { statements.clearBindings() }   // no binding may outlive the buffer it points into
        try events.withUnsafeBufferPointer { events in
            for start in stride(from: 0, to: order.count, by: Self.batchSize) {
                try insert(order[start..<min(start + Self.batchSize, order.count)], of: events)
            }
        }
    }

    /// Inserts one batch: the events at `positions`.
    private mutating func insert(_ positions: ArraySlice<Int>, of events: UnsafeBufferPointer<NewEvent>) throws {
        let first = events[positions.first!]
        let shared = positions.allSatisfy {
            events[$0].source == first.source && events[$0].recordedBy == first.recordedBy && events[$0].note == first.note
                && events[$0].recordedAt == first.recordedAt
        }
        let statement = try statements.statement(rows: positions.count, shared: shared, in: db)
        let sqlite = statement.sqliteStatement
        sqlite3_reset(sqlite)
        defer { sqlite3_reset(sqlite) }
        values.collect(positions, of: events, shared: shared, recordedAt: recordedAt, fileSource: fileSource)
        let code = values.bindAndStep(sqlite, positions, of: events, shared: shared, importID: importID, lastID: &lastID)
        guard code == SQLITE_DONE else { throw DatabaseError.step(code, of: statement, in: db) }
    }
}

extension DatabaseError {
    /// What SQLite said when `statement`, stepped through its C API, gave result `code`.
    static func step(_ code: Int32, of statement: Statement, in db: Database) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql)
    }
}

/// The INSERT statements of one write, made once for each number of rows and each kind.
struct InsertStatements {
    static let columns = "(commune_code, item, effective_on, id, working, broken, attributes, source, recorded_by, recorded_at, note, import_id)"
    private var made: [Int: Statement] = [:]

    /// The statement that inserts `rows` rows. `shared`: the five values that say who recorded (source,
    /// by, at, note, file) are bound once, as ?1…?5, for all the rows; otherwise each row has all twelve.
    mutating func statement(rows: Int, shared: Bool, in db: Database) throws -> Statement {
        let key = shared ? -rows : rows
        if let statement = made[key] { return statement }
        let values = (0..<rows).map { r in
            guard shared else { return "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" }
            return "(" + (0..<7).map { "?\(6 + 7 * r + $0)" }.joined(separator: ", ") + ", ?1, ?2, ?3, ?4, ?5)"
        }
        let statement = try db.makeStatement(sql: "INSERT INTO event \(Self.columns) VALUES " + values.joined(separator: ", "))
        made[key] = statement
        return statement
    }

    func clearBindings() {
        for statement in made.values { sqlite3_clear_bindings(statement.sqliteStatement) }
    }
}

/// The texts of one batch, end to end in one buffer reused from batch to batch, each with its span,
/// in the order they are bound. SQLite reads them from there (SQLITE_STATIC) until the statement
/// is stepped, without copies of its own.
struct BatchValues {
    private var bytes: [UInt8] = []
    private var spans: [Range<Int>] = []

    /// Collects the batch's texts: first when recorded, then, when `shared`, who recorded once, then each
    /// row's commune, item, date and attributes (`AttributeCoding`), and who recorded and when unless shared.
    mutating func collect(_ positions: ArraySlice<Int>, of events: UnsafeBufferPointer<NewEvent>, shared: Bool,
                          recordedAt: String, fileSource: String?) {
        bytes.removeAll(keepingCapacity: true)
        spans.removeAll(keepingCapacity: true)
        func storedSource(_ e: NewEvent) -> String { e.source == fileSource ? "" : e.source }
        // An event's own time of recording (exchanged from another database) before the write's.
        func storedTime(_ e: NewEvent) -> String { e.recordedAt.isEmpty ? recordedAt : e.recordedAt }
        add(shared ? storedTime(events[positions.first!]) : recordedAt)
        if shared {
            let first = events[positions.first!]
            add(storedSource(first)); add(first.recordedBy); add(first.note)
        }
        for i in positions {
            add(events[i].communeCode); add(events[i].item)
            var start = bytes.count
            events[i].effectiveOn.appendISO(to: &bytes)
            spans.append(start..<bytes.count)
            start = bytes.count
            AttributeCoding.append(events[i].attributes, to: &bytes)
            spans.append(start..<bytes.count)
            if !shared { add(storedSource(events[i])); add(events[i].recordedBy); add(storedTime(events[i])); add(events[i].note) }
        }
    }

    private mutating func add(_ text: String) {
        let start = bytes.count
        bytes.append(contentsOf: text.utf8)
        spans.append(start..<bytes.count)
    }

    /// Binds what `collect` gathered to `sqlite` (reset) in the statement's order, numbering the rows'
    /// ids on from `lastID`, and steps it; returns SQLite's result code.
    func bindAndStep(_ sqlite: SQLiteStatement, _ positions: ArraySlice<Int>, of events: UnsafeBufferPointer<NewEvent>, shared: Bool,
                     importID: Int64?, lastID: inout Int64) -> Int32 {
        let isStatic = unsafeBitCast(0, to: sqlite3_destructor_type.self)
        return bytes.withUnsafeBufferPointer { buffer -> Int32 in
            let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            var p: Int32 = 0, t = 1
            func text(_ span: Range<Int>) {
                p += 1
                sqlite3_bind_text(sqlite, p, base + span.lowerBound, Int32(span.count), isStatic)
            }
            func next() { text(spans[t]); t += 1 }
            func int(_ value: Int64?) {
                p += 1
                if let value { sqlite3_bind_int64(sqlite, p, value) } else { sqlite3_bind_null(sqlite, p) }
            }
            if shared { next(); next(); text(spans[0]); next(); int(importID) }            // ?1…?5: source, by, at, note, file
            for i in positions {
                lastID += 1
                next(); next(); next(); int(lastID)                                      // commune, item, date, id
                int(Int64(events[i].working)); int(Int64(events[i].broken)); next()       // counts, attributes
                if !shared { next(); next(); next(); next(); int(importID) }             // source, by, at, note, file
            }
            return sqlite3_step(sqlite)
        }
    }
}
