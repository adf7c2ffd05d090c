import Foundation
import Testing
import TestSupport

/// `readiness gaps` as a user runs it: the real binary, a real database file.
@Suite struct GapsCommandTests {
    @Test("the first run fills the default database from the shipped sample, with a one-line notice")
    func firstRunFillsDefaultDatabase() throws {
        let home = Fixtures.temporaryDirectory()
        let r = try CLI.run(["gaps", "--as-of", "2025-09-15"], home: home)
        #expect(r.status == 0)
        #expect(r.stdout.contains("42/96 địa phương chưa có Máy lấy số xếp hàng tự động"))
        #expect(r.stderr.contains("created"))
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(FileManager.default.fileExists(atPath: home.path + "/.local/share/readiness/readiness.sqlite"))
        let again = try CLI.run(["gaps", "--as-of", "2025-09-15"], home: home)
        #expect(again.stderr.isEmpty)
        #expect(again.stdout == r.stdout)
    }
}
