import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReadinessApp
import ReadinessStore
import Testing
@testable import ReadinessWeb

@Suite struct EvidenceTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 32)
    static let pdf: [UInt8] = Array("%PDF-1.4\n% handover minutes\n%%EOF\n".utf8)

    @Test("evidence: typed by its bytes, size-limited, attached only within the scope, served only to it (PDF as attachment)")
    func attachAndServe() async throws {
        let harness = try await WebHarness(sample: true)
        try await harness.account("xa-dakplo", role: .commune, commune: "23344")
        try await harness.account("xa-tinhkhe", role: .commune, commune: "21211")
        let own = try #require(try harness.database.events(commune: "23344").first).id
        let other = try #require(try harness.database.events(commune: "21211").first).id
        try await harness.app().test(.router) { client in
            let officer = Browser(client)
            try await officer.signIn("xa-dakplo")
            try await officer.get("/communes/23344")
            let attached = try await officer.upload("/communes/23344/evidence", fields: ["event": String(own)],
                                                     files: [("evidence", "minutes.png", Self.png)])
            #expect(attached.status == .seeOther)
            // A text file named .png; another commune's event; no token.
            let fake = try await officer.upload("/communes/23344/evidence", fields: ["event": String(own)],
                                                files: [("evidence", "minutes.png", Array("not an image".utf8))])
            #expect(fake.status == .unprocessableContent)
            #expect(try await officer.upload("/communes/23344/evidence", fields: ["event": String(other)],
                                             files: [("evidence", "x.png", Self.png)]).status == .forbidden)
            #expect(try await officer.upload("/communes/23344/evidence", fields: ["event": String(own)],
                                             files: [("evidence", "x.png", Self.png)], csrf: .none).status == .forbidden)
            #expect(try await officer.upload("/communes/23344/evidence", fields: ["event": String(own)],
                                             files: [("evidence", "minutes.pdf", Self.pdf)]).status == .seeOther)
            let files = try harness.database.evidence(commune: "23344")[own] ?? []
            #expect(files.map(\.mediaType) == ["image/png", "application/pdf"])
            let image = try await officer.get("/evidence/\(files[0].id)")
            #expect(image.status == .ok)
            #expect(image.headers[.contentType] == "image/png")
            #expect(image.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            #expect(Array(image.body.readableBytesView) == Self.png)
            let pdf = try await officer.get("/evidence/\(files[1].id)")
            #expect(pdf.headers[.contentType] == "application/pdf")
            #expect(pdf.headers[.contentDisposition]?.hasPrefix("attachment;") == true)
            #expect(try await officer.get("/communes/23344").text.contains("/evidence/\(files[0].id)"))

            let stranger = Browser(client)
            try await stranger.signIn("xa-tinhkhe")
            #expect(try await stranger.get("/evidence/\(files[0].id)").status == .forbidden)
            #expect(try await stranger.get("/evidence/999999").status == .notFound)
        }
        #expect(try harness.database.evidence(commune: "21211").isEmpty)
        #expect(try harness.database.evidence(commune: "23344")[own]?.count == 2)
    }
}
