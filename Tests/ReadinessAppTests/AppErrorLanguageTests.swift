import ReadinessApp
import ReadinessCore
import ReadinessInput
import ReadinessStore
import Testing

/// A use case's failure reads in the language the edge asks for; `message` stays the English.
@Suite struct AppErrorLanguageTests {
    @Test("a write into an approved period is refused in Vietnamese or English, the commune and dates as they are")
    func lockedPeriod() throws {
        let error = AppError(WriteRefusal.locked(commune: "23344", period: "2025-12", day: try #require(Day(iso: "2025-12-20"))))
        #expect(error.kind == .conflict)
        #expect(error.text(.vi) == "xã 23344: số liệu kỳ 2025-12 đã được duyệt và khóa; không thể ghi sự kiện ngày 2025-12-20 "
                + "cho đến khi cán bộ tỉnh mở lại kỳ")
        #expect(error.message == error.text(.en))
        #expect(error.message.hasPrefix("commune 23344: the figures of period 2025-12 are approved and locked"))
    }

    @Test("problems found in files keep each issue and count them in the language asked for")
    func inputProblems() {
        let issue = SourceIssue(file: "a.csv", line: 2, column: 1, "the commune is empty")
        let error = AppError(InputProblems([issue]))
        #expect(error.kind == .input)
        #expect(error.issues == [issue])
        #expect(error.text(.vi) == "1 chỗ sai; không dùng dữ liệu nào:\n  a.csv:2:1: xã đang để trống")
        #expect(error.text(.en) == "1 problem; nothing was used:\n  a.csv:2:1: the commune is empty")
    }

    @Test("an account refusal reads in Vietnamese, its description in English")
    func accountRefusal() {
        #expect(AccountError.noSuchAccount("nobody").phrase.text(.vi) == "không có tài khoản tên nobody")
        #expect(AccountError.noSuchAccount("nobody").description == "no account named nobody")
    }
}
