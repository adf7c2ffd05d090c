import Foundation
import GRDB
import ReadinessCore

/// A file attached to a ledger event, without its bytes.
public struct EvidenceInfo: Sendable, Hashable {
    public var id: Int64
    public var eventID: Int64
    public var communeCode: String
    public var mediaType: String
    public var sha256: String
    public var size: Int
    public var fileName: String
    public var uploadedBy: String
    public var uploadedAt: String
}

extension InventoryDatabase {
    private static func evidenceInfo(_ row: Row) -> EvidenceInfo {
        EvidenceInfo(id: row["id"], eventID: row["event_id"], communeCode: row["commune_code"], mediaType: row["media_type"],
                     sha256: row["sha256"], size: row["size"], fileName: row["file_name"], uploadedBy: row["uploaded_by"],
                     uploadedAt: row["uploaded_at"])
    }

    /// The commune of a ledger event, nil when there is no such event.
    public func eventCommune(id: Int64) throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT commune_code FROM event WHERE id = ?", arguments: [id]) }
    }

    /// Attaches a file to an event; the event's commune is read, and checked against writeGuard, inside the transaction.
    public func addEvidence(eventID: Int64, mediaType: String, sha256: String, fileName: String, uploadedBy: String, bytes: [UInt8],
                            guard writeGuard: WriteGuard, at: Date = Date()) throws -> EvidenceInfo {
        try write { db in
            guard let commune = try String.fetchOne(db, sql: "SELECT commune_code FROM event WHERE id = ?", arguments: [eventID]) else {
                throw WriteRefusal.outOfScope(commune: "")
            }
            try Self.checkScope(commune, against: writeGuard, in: db)
            return try Self.insertEvidence(eventID: eventID, commune: commune, mediaType: mediaType, sha256: sha256, fileName: fileName,
                                           uploadedBy: uploadedBy, bytes: bytes, at: at, in: db)
        }
    }

    /// Appends one event and attaches a file to it in the same transaction, after checking writeGuard and
    /// the locks inside it: both are written, or neither.
    public func appendWithEvidence(_ event: NewEvent, mediaType: String, sha256: String, fileName: String, bytes: [UInt8],
                                   recordedAt: Date = Date(), guard writeGuard: WriteGuard) throws -> EvidenceInfo {
        try write { db in
            try Self.check([event], against: writeGuard, in: db)
            _ = try Self.append([event], recordedAt: recordedAt, in: db)
            // The one event just written took the ledger's last id.
            let eventID = try Int64.fetchOne(db, sql: "SELECT last_id FROM ledger_sequence") ?? 0
            return try Self.insertEvidence(eventID: eventID, commune: event.communeCode, mediaType: mediaType, sha256: sha256,
                                           fileName: fileName, uploadedBy: event.recordedBy, bytes: bytes, at: recordedAt, in: db)
        }
    }

    private static func insertEvidence(eventID: Int64, commune: String, mediaType: String, sha256: String, fileName: String,
                                       uploadedBy: String, bytes: [UInt8], at: Date, in db: Database) throws -> EvidenceInfo {
        try db.execute(sql: """
            INSERT INTO evidence (event_id, commune_code, media_type, sha256, size, file_name, uploaded_by, uploaded_at, bytes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [eventID, commune, mediaType, sha256, bytes.count, fileName, uploadedBy, StoredTime.text(at), Data(bytes)])
        return evidenceInfo(try Row.fetchOne(db, sql: "SELECT * FROM evidence WHERE id = ?", arguments: [db.lastInsertedRowID])!)
    }

    /// A file and its bytes.
    public func evidence(id: Int64) throws -> (info: EvidenceInfo, bytes: [UInt8])? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM evidence WHERE id = ?", arguments: [id]).map { row in
                (Self.evidenceInfo(row), [UInt8]((row["bytes"] as Data?) ?? Data()))
            }
        }
    }

    /// The files attached to a commune's events, by event id.
    public func evidence(commune: String) throws -> [Int64: [EvidenceInfo]] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, event_id, commune_code, media_type, sha256, size, file_name, uploaded_by, uploaded_at
                FROM evidence WHERE commune_code = ? ORDER BY id
                """, arguments: [commune])
            return Dictionary(grouping: rows.map(Self.evidenceInfo), by: \.eventID)
        }
    }
}
