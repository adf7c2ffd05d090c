import GRDB

/// The schema, as named, append-only migrations: a database made by any
/// earlier version of the tool is brought up to date when opened.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: communes, ledger events, meta") { db in
            try db.execute(sql: """
                CREATE TABLE commune (
                    code TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    type TEXT NOT NULL CHECK (type IN ('xã', 'phường', 'đặc khu')),
                    province_code TEXT NOT NULL DEFAULT '',
                    province_name TEXT NOT NULL DEFAULT '',
                    attributes TEXT NOT NULL DEFAULT '{}',   -- JSON object of typed values
                    position INTEGER NOT NULL                -- registry order, as in the official list
                );
                CREATE TABLE event (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    commune_code TEXT NOT NULL REFERENCES commune(code),
                    item TEXT NOT NULL,
                    effective_on TEXT NOT NULL,             -- YYYY-MM-DD: the state holds from this day on
                    working INTEGER NOT NULL CHECK (working >= 0),
                    broken INTEGER NOT NULL DEFAULT 0 CHECK (broken >= 0),
                    attributes TEXT NOT NULL DEFAULT '{}',  -- JSON object: the holding's attributes from this day on
                    source TEXT NOT NULL DEFAULT '',
                    recorded_by TEXT NOT NULL DEFAULT '',
                    recorded_at TEXT NOT NULL,              -- ISO 8601, UTC
                    note TEXT NOT NULL DEFAULT ''
                );
                CREATE INDEX event_by_holding ON event(commune_code, item, effective_on, id);
                CREATE INDEX event_by_date ON event(effective_on);
                -- The ledger is append-only: corrections are new events.
                CREATE TRIGGER event_is_never_updated BEFORE UPDATE ON event
                    BEGIN SELECT RAISE(ABORT, 'ledger events are never changed; record a correction instead'); END;
                CREATE TRIGGER event_is_never_deleted BEFORE DELETE ON event
                    BEGIN SELECT RAISE(ABORT, 'ledger events are never deleted; record a correction instead'); END;
                CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                """)
        }
        migrator.registerMigration("v2: imported files (issue 3)") { db in
            try db.execute(sql: """
                -- Every file imported, by its SHA-256: importing the same file again adds nothing.
                CREATE TABLE import_file (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    sha256 TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,                     -- the file name as given
                    kind TEXT NOT NULL,                     -- xlsx template, CSV template, flat CSV, …
                    imported_at TEXT NOT NULL,              -- ISO 8601, UTC
                    imported_by TEXT NOT NULL DEFAULT '',
                    events INTEGER NOT NULL                 -- events it added
                );
                -- The file an event came from (NULL: recorded by command, sample, …).
                ALTER TABLE event ADD COLUMN import_id INTEGER REFERENCES import_file(id);
                """)
        }
        return migrator
    }
}
