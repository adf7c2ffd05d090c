import Foundation
import Hummingbird
import HummingbirdTesting
import ReadinessApp
import ReadinessCore
import ReadinessStore
import Testing
@testable import ReadinessWeb

/// What the pages show of the registry's past: a commune's administrative history, and for staff what waits
/// after a change (a split's transfer file, accounts of communes that no longer exist).
@Suite struct RegistryHistoryPagesTests {
    static let source = "Nghị quyết 5/NQ-UBTVQH16 ngày 01/09/2025"

    static func harness() async throws -> WebHarness {
        let harness = try await WebHarness()
        try await harness.account("xa-dakplo")
        try await harness.account("xa-camthanh", commune: "21010")
        try await harness.account("tinh", role: .province)
        let day = Day(iso: "2025-10-01")!
        let outcome = try harness.database.applyRegistryChanges([
            RegistryChange(effective: day, kind: .reclassify, code: "23344", name: "Phường Đăk Plô", type: .phuong, source: source),
            RegistryChange(effective: day, kind: .split, code: "21010", toCode: "21011", name: "Phường Cẩm Thành Bắc", type: .phuong, source: source),
            RegistryChange(effective: day, kind: .split, code: "21010", toCode: "21012", name: "Phường Cẩm Thành Nam", type: .phuong, source: source),
        ], provinceNames: [:], recordedBy: "test", at: Date(), dryRun: false)
        #expect(outcome.problems.isEmpty)
        return harness
    }

    @Test("a reclassified commune's page says what it was before, with the resolution, in Vietnamese")
    func communePageShowsHistory() async throws {
        let harness = try await Self.harness()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("xa-dakplo")
            let page = try await browser.get("/communes/23344")
            #expect(page.status == .ok)
            #expect(page.text.contains("Lịch sử đơn vị hành chính"))
            #expect(page.text.contains("chuyển từ xã thành phường, trước là Xã Đăk Plô (\(Self.source))"))
        }
    }

    @Test("province staff see the split's successors waiting for a transfer file and the account of the commune that was split")
    func dashboardShowsWhatWaits() async throws {
        let harness = try await Self.harness()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("tinh")
            let page = try await browser.get("/")
            #expect(page.status == .ok)
            #expect(page.text.contains("Cần xử lý sau thay đổi đơn vị hành chính"))
            #expect(page.text.contains("Phường Cẩm Thành Bắc (21011): chờ tỉnh nhập tệp phân chia thiết bị"))
            #expect(page.text.contains("Tài khoản xa-camthanh thuộc Phường Cẩm Thành (21010)"))
        }
    }

    @Test("a commune officer's dashboard names no other account")
    func officerSeesNoAccounts() async throws {
        let harness = try await Self.harness()
        try await harness.app().test(.router) { client in
            let browser = Browser(client)
            try await browser.signIn("xa-dakplo")
            let page = try await browser.get("/")
            #expect(page.status == .ok)
            #expect(!page.text.contains("xa-camthanh"))
        }
    }
}
