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
            try db.execute(sql: """
                INSERT INTO evidence (event_id, commune_code, media_type, sha256, size, file_name, uploaded_by, uploaded_at, bytes)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [eventID, commune, mediaType, sha256, bytes.count, fileName, uploadedBy, StoredTime.text(at), Data(bytes)])
            return Self.evidenceInfo(try Row.fetchOne(db, sql: "SELECT * FROM evidence WHERE id = ?", arguments: [db.lastInsertedRowID])!)
        }
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
