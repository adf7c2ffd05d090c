import Foundation
import ReadinessCore
import ReadinessInput
import ReadinessStore

/// What a file's first bytes say it is: only JPEG, PNG and PDF are taken as evidence, whatever its
/// name or the type the browser claimed.
public enum EvidenceType: String, Sendable, CaseIterable {
    case jpeg = "image/jpeg"
    case png = "image/png"
    case pdf = "application/pdf"

    public init?(magic bytes: [UInt8]) {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { self = .jpeg }
        else if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { self = .png }
        else if bytes.starts(with: Array("%PDF-".utf8)) { self = .pdf }
        else { return nil }
    }

    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .png: "png"
        case .pdf: "pdf"
        }
    }
}

/// Attaches a photo or a PDF of the handover minutes to a ledger event of a commune the scope may change.
public struct AttachEvidence: Sendable {
    public static let maximumBytes = 5 * 1024 * 1024

    public struct Input: Sendable {
        public var eventID: Int64
        public var fileName: String
        public var bytes: [UInt8]
        public var scope: Scope

        public init(eventID: Int64, fileName: String, bytes: [UInt8], scope: Scope) {
            self.eventID = eventID
            self.fileName = fileName
            self.bytes = bytes
            self.scope = scope
        }
    }

    public let session: Session
    public init(session: Session) { self.session = session }

    public func run(_ input: Input) throws(AppError) -> EvidenceInfo {
        let file = try Self.check(EvidenceFile(fileName: input.fileName, bytes: input.bytes))
        guard let code = try AppError.wrap({ try session.database.eventCommune(id: input.eventID) }) else {
            throw .notFound("no ledger event \(input.eventID)", field: "event")
        }
        try input.scope.requireWrite(try session.commune(code))
        return try AppError.wrap {
            try session.database.addEvidence(eventID: input.eventID, mediaType: file.type.rawValue, sha256: file.sha256,
                                             fileName: file.name, uploadedBy: input.scope.name, bytes: input.bytes,
                                             guard: input.scope.writeGuard, at: session.clock.now())
        }
    }

    /// A file as evidence may be stored: not empty, at most `maximumBytes`, a JPEG, PNG or PDF by its bytes;
    /// its name kept without control characters or quotes, at most 200 characters. Refusals name the field `evidence`.
    public static func check(_ file: EvidenceFile) throws(AppError) -> (type: EvidenceType, name: String, sha256: String) {
        guard !file.bytes.isEmpty else { throw .input("the file is empty", field: "evidence") }
        guard file.bytes.count <= maximumBytes else {
            throw .input("the file has \(file.bytes.count) bytes; at most \(maximumBytes / 1024 / 1024) MB", field: "evidence")
        }
        guard let type = EvidenceType(magic: file.bytes) else {
            throw .input("\(file.fileName) is not a JPEG, PNG or PDF file (by its content)", field: "evidence")
        }
        let name = String(file.fileName.unicodeScalars.filter { $0.value >= 0x20 && $0 != "\"" && $0 != "\\" })
        return (type, String(name.prefix(200)), LedgerFile.sha256(Data(file.bytes)))
    }
}

/// A file handed in as evidence: its name as sent and its bytes.
public struct EvidenceFile: Sendable {
    public var fileName: String
    public var bytes: [UInt8]

    public init(fileName: String, bytes: [UInt8]) {
        self.fileName = fileName
        self.bytes = bytes
    }
}

/// A file attached to an event, for a scope that may see its commune's details.
public struct EvidenceQuery: Sendable {
    public let session: Session
    public init(session: Session) { self.session = session }

    public func run(id: Int64, scope: Scope) throws(AppError) -> (info: EvidenceInfo, bytes: [UInt8], type: EvidenceType) {
        guard let found = try AppError.wrap({ try session.database.evidence(id: id) }) else {
            throw .notFound("no evidence \(id)")
        }
        try scope.requireDetails(try session.commune(found.info.communeCode))
        // The type stored is the one the bytes showed; it is checked again before it is served.
        guard let type = EvidenceType(magic: found.bytes), type.rawValue == found.info.mediaType else {
            throw AppError(.internal, "evidence \(id) does not hold what its type says")
        }
        return (found.info, found.bytes, type)
    }
}
