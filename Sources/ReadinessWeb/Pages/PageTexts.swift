import ReadinessCore

/// The texts of the inventory pages (dashboard, gaps, commune, review, import, downloads, audit), one
/// table per language like the rest of `WebText` (which holds them as `pages`: `{{t.pages.name}}`).
public struct PageTexts: Sendable {
    public var navDashboard: String
    public var navGaps: String
    public var navImport: String
    public var navPlan: String
    public var navAudit: String
    public var asOf: String
    public var show: String
    public var dashboardTitle: String
    public var coverage: String
    public var communesCount: String
    public var classes: String
    public var deadlines: String
    public var overdue: String
    public var atRisk: String
    /// "{days}" is replaced.
    public var closesIn: String
    /// "{days}" is replaced.
    public var closedAgo: String
    public var noDeadlineIssues: String
    /// "{period}" is replaced.
    public var notSubmittedTitle: String
    /// After registry changes: the heading, a split's successor waiting for its transfer file, an account whose
    /// commune no longer exists.
    public var registryFlagsTitle: String
    public var awaitingTransfer: String
    public var accountWithoutUnit: String
    public var allSubmitted: String
    /// "{submitted}", "{approved}", "{total}" are replaced.
    public var submittedSummary: String
    public var gapsTitle: String
    public var rule: String
    public var anyRule: String
    public var communeType: String
    public var anyValue: String
    public var filter: String
    public var short: String
    public var approvedBadge: String
    public var noGaps: String
    public var downloads: String
    public var communeTitle: String
    public var readinessIndex: String
    public var rulesHeading: String
    public var met: String
    /// "{missing}" is replaced.
    public var shortBy: String
    public var notApplicable: String
    public var unknownOutcome: String
    public var holdings: String
    public var item: String
    public var working: String
    public var broken: String
    public var attributes: String
    public var since: String
    public var noHoldings: String
    public var history: String
    /// The heading of a commune's administrative history (renamed, reclassified, merged …, with sources).
    public var unitHistory: String
    public var date: String
    public var recordedBy: String
    public var source: String
    public var note: String
    public var recordTitle: String
    public var recordIntro: String
    public var attributesHint: String
    public var onDate: String
    public var onDateHint: String
    public var save: String
    public var recorded: String
    public var reviewTitle: String
    public var period: String
    public var periodHint: String
    public var comment: String
    public var submit: String
    public var approve: String
    public var returnAction: String
    public var reopen: String
    public var statusNone: String
    public var statusSubmitted: String
    public var statusApproved: String
    public var statusReturned: String
    public var statusReopened: String
    public var reviewDone: String
    public var auditTitle: String
    public var when: String
    public var who: String
    public var what: String
    public var auditEvent: String
    public var importTitle: String
    public var importIntro: String
    /// "{megabytes}" is replaced.
    public var importLimit: String
    public var chooseFile: String
    public var check: String
    public var confirmImport: String
    public var dryRunTitle: String
    public var problems: String
    public var file: String
    public var sheet: String
    public var row: String
    public var column: String
    public var reason: String
    public var added: String
    public var unchanged: String
    public var alreadyImported: String
    public var imported: String
    public var nothingToImport: String
    public var uploadTooLarge: String
    public var noFile: String
    public var importExpired: String
    public var planTitle: String
    public var budget: String
    public var budgetHint: String
    public var budgets: String
    public var budgetsHint: String
    public var spent: String
    public var lines: String
    public var commune: String
    public var cost: String
    public var readyBefore: String
    public var readyAfter: String
    public var invalidNumber: String
    public var evidenceTitle: String
    public var evidenceIntro: String
    public var event: String
    public var attach: String
    public var attached: String
    public var planIntro: String
    public var makePlan: String
    /// "{spent}", "{budget}", "{left}" are replaced.
    public var planSpent: String
    /// "{before}", "{after}", "{total}", "{readyBefore}", "{readyAfter}", "{communes}" are replaced.
    public var planReach: String
    /// "{amount}" is replaced.
    public var planCloseAll: String
    /// "{prices}", "{policy}" are replaced.
    public var planSources: String
    public var byItem: String
    public var eachLine: String
    public var number: String
    public var quantityBuy: String
    public var quantityRepair: String
    public var unitPrice: String
    public var amount: String
    public var total: String
    /// "{count}", "{amount}" are replaced.
    public var unfundedTitle: String
    public var noLines: String
    public var curveTitle: String
    public var rulesMet: String
    public var fullyReady: String
    /// "{approved}", "{total}", "{period}" are replaced.
    public var approvedSummary: String
    public var recordEvidence: String
    public var recordEvidenceHint: String
    public var recordedWithEvidence: String
    public var typeXa: String
    public var typePhuong: String
    public var typeSpecialZone: String
    /// The recorder a file named, when it is not the account that imported it.
    public var declaredBy: String
    public var auditImport: String
    public var auditEvidence: String
    /// "{events}" is replaced.
    public var auditImportEvents: String
    /// "{event}" is replaced.
    public var auditEvidenceOf: String
    public var yes: String
    public var no: String
    /// The attributes of the chosen item.
    public var itemAttributes: String
    /// "{max}" is replaced.
    public var unitsHint: String
    /// A second submission of a form already applied.
    public var alreadyDone: String
    /// "{count}" is replaced.
    public var auditCount: String
    /// "{page}", "{pages}" are replaced.
    public var pageOf: String
    public var previousPage: String
    public var nextPage: String
    public var fromDay: String
    public var toDay: String
    public var account: String
    public var kind: String
    public var downloadCSV: String
    public var kindEvent: String
    public var kindReview: String
    public var kindImport: String
    public var kindEvidence: String
    public var communeCodeOrName: String
    public var navCommunes: String
    public var communesTitle: String
    /// "{found}", "{total}" are replaced.
    public var communesFound: String
    public var search: String
    public var searchHint: String
    public var queueSubmitted: String
    public var queueReturned: String
    public var queueNotSubmitted: String
    public var queueApproved: String
    public var noneHere: String
    /// "{period}", "{status}" are replaced.
    public var ownStatus: String
    public var templatesTitle: String
    public var templatesIntro: String
    public var templateFilled: String
    public var templateBlank: String
    public var templateFilledBox: String
    public var templateOne: String
    public var templateAll: String
    public var chooseEvent: String
    public var sourceCommunePage: String
    public var sourceAPI: String
    public var sourceCommand: String
    public var sourceImport: String
    /// The PDF in the administrative form, for signing.
    public var officialPDF: String

    /// An audit entry's kind in words.
    public func auditKind(_ kind: String) -> String {
        switch kind {
        case "review": kindReview
        case "import": kindImport
        case "evidence": kindEvidence
        default: kindEvent
        }
    }

    /// A commune type as this language names it.
    public func communeType(_ type: CommuneType) -> String {
        switch type {
        case .xa: typeXa
        case .phuong: typePhuong
        case .dacKhu: typeSpecialZone
        }
    }

    public func reviewStatus(_ action: String?) -> String {
        switch action {
        case "submit": statusSubmitted
        case "approve": statusApproved
        case "return": statusReturned
        case "reopen": statusReopened
        default: statusNone
        }
    }

    public static let vi = PageTexts(
        navDashboard: "Tổng quan", navGaps: "Thiếu hụt", navImport: "Nhập tệp", navPlan: "Kế hoạch mua sắm", navAudit: "Nhật ký",
        asOf: "Tính đến ngày", show: "Xem",
        dashboardTitle: "Tổng quan", coverage: "Mức độ đáp ứng theo tiêu chí", communesCount: "địa phương", classes: "Phân loại",
        deadlines: "Thời hạn", overdue: "Quá hạn", atRisk: "Có nguy cơ trễ hạn", closesIn: "còn {days} ngày",
        closedAgo: "đã quá hạn {days} ngày", noDeadlineIssues: "Không có tiêu chí nào quá hạn hoặc có nguy cơ trễ hạn.",
        notSubmittedTitle: "Chưa gửi số liệu kỳ {period}",
        registryFlagsTitle: "Cần xử lý sau thay đổi đơn vị hành chính",
        awaitingTransfer: "{commune}: chờ tỉnh nhập tệp phân chia thiết bị sau chia tách (chưa đánh giá)",
        accountWithoutUnit: "Tài khoản {account} thuộc {commune}, đơn vị không còn tồn tại: quản trị viên chuyển sang đơn vị mới hoặc khóa", allSubmitted: "Tất cả địa phương đã gửi số liệu.",
        submittedSummary: "{submitted}/{total} đã gửi, {approved} đã được duyệt",
        gapsTitle: "Thiếu hụt trang thiết bị", rule: "Tiêu chí", anyRule: "Tất cả tiêu chí", communeType: "Loại đơn vị",
        anyValue: "Tất cả", filter: "Lọc", short: "Thiếu", approvedBadge: "đã duyệt", noGaps: "Không địa phương nào thiếu.",
        downloads: "Tải về",
        communeTitle: "Địa phương", readinessIndex: "Chỉ số sẵn sàng", rulesHeading: "Theo tiêu chí", met: "Đạt",
        shortBy: "Thiếu {missing}", notApplicable: "Không áp dụng", unknownOutcome: "Chưa rõ",
        holdings: "Trang thiết bị hiện có", item: "Thiết bị", working: "Đang dùng được", broken: "Hỏng", attributes: "Thuộc tính",
        since: "Từ ngày", noHoldings: "Chưa ghi nhận thiết bị nào.", history: "Lịch sử ghi nhận", unitHistory: "Lịch sử đơn vị hành chính", date: "Ngày",
        recordedBy: "Người ghi", source: "Nguồn", note: "Ghi chú",
        recordTitle: "Ghi nhận thay đổi", recordIntro: "Ghi tình trạng mới của một loại thiết bị; không ghi đè, mỗi lần ghi là một sự kiện mới.",
        attributesHint: "Dạng TÊN=GIÁ TRỊ, cách nhau bởi dấu phẩy, ví dụ meets_hnth=có.", onDate: "Ngày có hiệu lực",
        onDateHint: "Để trống là hôm nay.", save: "Ghi nhận", recorded: "Đã ghi nhận.",
        reviewTitle: "Duyệt số liệu", period: "Kỳ báo cáo", periodHint: "Tháng (2025-12), quý (2025-Q4) hoặc năm (2025).",
        comment: "Ý kiến", submit: "Gửi số liệu", approve: "Duyệt", returnAction: "Trả lại", reopen: "Mở lại",
        statusNone: "Chưa gửi", statusSubmitted: "Đã gửi, chờ duyệt", statusApproved: "Đã duyệt (khóa)",
        statusReturned: "Bị trả lại", statusReopened: "Đã mở lại", reviewDone: "Đã cập nhật trạng thái duyệt.",
        auditTitle: "Nhật ký thay đổi", when: "Thời điểm", who: "Người thực hiện", what: "Nội dung", auditEvent: "Ghi nhận thiết bị",
        importTitle: "Nhập tệp", importIntro: "Tải lên mẫu biểu đã điền (.xlsx) hoặc tệp CSV. Hệ thống kiểm tra trước, chưa ghi gì cho đến khi bạn xác nhận.",
        importLimit: "Tối đa {megabytes} MB.", chooseFile: "Chọn tệp", check: "Kiểm tra", confirmImport: "Xác nhận nhập",
        dryRunTitle: "Kết quả kiểm tra", problems: "Lỗi cần sửa", file: "Tệp", sheet: "Trang", row: "Dòng", column: "Cột", reason: "Lý do",
        added: "Sự kiện mới", unchanged: "Không đổi", alreadyImported: "Tệp này đã được nhập trước đây", imported: "Đã nhập.",
        nothingToImport: "Không có gì mới để nhập.", uploadTooLarge: "Tệp quá lớn.", noFile: "Hãy chọn một tệp.",
        importExpired: "Phiên kiểm tra đã hết hạn, hãy tải tệp lên lại.",
        planTitle: "Kế hoạch mua sắm", budget: "Ngân sách (đồng)", budgetHint: "Ví dụ 2000000000 hoặc 2e9.",
        budgets: "So sánh các mức ngân sách", budgetsHint: "Ví dụ 1e9,2e9,5e9.", spent: "Đã dùng", lines: "Hạng mục", commune: "Địa phương",
        cost: "Chi phí", readyBefore: "Đạt đầy đủ trước", readyAfter: "Đạt đầy đủ sau",
        invalidNumber: "Hãy nhập một số nguyên không âm.",
        evidenceTitle: "Minh chứng", evidenceIntro: "Ảnh (JPEG, PNG) hoặc tệp PDF biên bản bàn giao, gắn với một lần ghi nhận.",
        event: "Lần ghi nhận", attach: "Đính kèm", attached: "Đã đính kèm minh chứng.",
        planIntro: "Danh sách mua sắm ưu tiên trong phạm vi ngân sách, để đóng các thiếu hụt của tỉnh (giá tham khảo trong Inventory/prices.csv).",
        makePlan: "Lập kế hoạch",
        planSpent: "Sử dụng {spent} đồng trong {budget} đồng; còn lại {left} đồng.",
        planReach: "Số lượt tiêu chí đạt: {before} → {after} trên {total}; địa phương đạt đầy đủ: {readyBefore} → {readyAfter} trên {communes}.",
        planCloseAll: "Để đóng mọi thiếu hụt có giá cần {amount} đồng.",
        planSources: "Bảng giá: {prices}; tiêu chí ưu tiên: {policy}.",
        byItem: "Tổng hợp theo thiết bị", eachLine: "Chi tiết từng hạng mục", number: "STT", quantityBuy: "Mua mới", quantityRepair: "Sửa chữa",
        unitPrice: "Đơn giá (đồng)", amount: "Thành tiền (đồng)", total: "Tổng cộng",
        unfundedTitle: "Chưa đủ kinh phí: {count} hạng mục, {amount} đồng", noLines: "Ngân sách này chưa mua được hạng mục nào.",
        curveTitle: "So sánh các mức ngân sách", rulesMet: "Lượt tiêu chí đạt", fullyReady: "Đạt đầy đủ",
        approvedSummary: "{approved}/{total} địa phương đã được duyệt số liệu kỳ {period}",
        recordEvidence: "Minh chứng (không bắt buộc)",
        recordEvidenceHint: "Ảnh (JPEG, PNG) hoặc tệp PDF biên bản bàn giao, lưu cùng lần ghi nhận này.",
        recordedWithEvidence: "Đã ghi nhận, kèm minh chứng.",
        typeXa: "xã", typePhuong: "phường", typeSpecialZone: "đặc khu",
        declaredBy: "kê khai trong tệp", auditImport: "Nhập tệp", auditEvidence: "Tải minh chứng",
        auditImportEvents: "{events} sự kiện", auditEvidenceOf: "cho lần ghi nhận số {event}",
        yes: "có", no: "không", itemAttributes: "Thuộc tính của thiết bị đã chọn",
        unitsHint: "Số nguyên từ 0 đến {max}.", alreadyDone: "Biểu mẫu này đã được gửi; lần gửi lại không ghi thêm gì.",
        auditCount: "{count} mục", pageOf: "Trang {page}/{pages}", previousPage: "Trang trước", nextPage: "Trang sau",
        fromDay: "Từ ngày", toDay: "Đến ngày", account: "Tài khoản", kind: "Loại", downloadCSV: "Tải về CSV",
        kindEvent: "Ghi nhận thiết bị", kindReview: "Duyệt số liệu", kindImport: "Nhập tệp", kindEvidence: "Minh chứng",
        communeCodeOrName: "Mã hoặc tên xã, phường",
        navCommunes: "Xã, phường", communesTitle: "Xã, phường và tình trạng duyệt số liệu", communesFound: "{found}/{total} địa phương",
        search: "Tìm", searchHint: "Gõ mã hoặc tên, có dấu hoặc không dấu (ví dụ: dak plo).",
        queueSubmitted: "Đã gửi, chờ duyệt", queueReturned: "Bị trả lại hoặc mở lại, chờ xã gửi lại", queueNotSubmitted: "Chưa gửi",
        queueApproved: "Đã duyệt", noneHere: "Không có địa phương nào.", ownStatus: "Số liệu kỳ {period}: {status}",
        templatesTitle: "Mẫu biểu kê khai", templatesIntro: "Bảng tính (.xlsx) để điền rồi tải lên ở trên: trống, hoặc đã điền sẵn hiện trạng theo sổ.",
        templateFilled: "Tải mẫu đã điền sẵn hiện trạng", templateBlank: "Tải mẫu trống", templateFilledBox: "Điền sẵn hiện trạng theo sổ",
        templateOne: "Tải mẫu của xã, phường này", templateAll: "Tải mẫu của mọi xã, phường trong tỉnh (.zip)",
        chooseEvent: "Hãy chọn lần ghi nhận để đính kèm.",
        sourceCommunePage: "trang của xã", sourceAPI: "giao diện lập trình (API)", sourceCommand: "dòng lệnh", sourceImport: "nhập tệp",
        officialPDF: "pdf (văn bản hành chính, để ký)"
    )

    public static let en = PageTexts(
        navDashboard: "Dashboard", navGaps: "Gaps", navImport: "Import", navPlan: "Procurement plan", navAudit: "Audit",
        asOf: "As of", show: "Show",
        dashboardTitle: "Dashboard", coverage: "Coverage per rule", communesCount: "communes", classes: "Classes",
        deadlines: "Deadlines", overdue: "Overdue", atRisk: "At risk", closesIn: "closes in {days} days",
        closedAgo: "closed {days} days ago", noDeadlineIssues: "No rule is overdue or at risk.",
        notSubmittedTitle: "Not yet submitted for {period}",
        registryFlagsTitle: "To settle after administrative changes",
        awaitingTransfer: "{commune}: waiting for the province's transfer file after the split (not judged)",
        accountWithoutUnit: "Account {account} of {commune}, a unit that no longer exists: an admin moves it to the successor or disables it", allSubmitted: "Every commune has submitted.",
        submittedSummary: "{submitted}/{total} submitted, {approved} approved",
        gapsTitle: "Equipment gaps", rule: "Rule", anyRule: "All rules", communeType: "Commune type",
        anyValue: "Any", filter: "Filter", short: "Short", approvedBadge: "approved", noGaps: "No commune is short.",
        downloads: "Download",
        communeTitle: "Commune", readinessIndex: "Readiness index", rulesHeading: "Per rule", met: "Met",
        shortBy: "Short by {missing}", notApplicable: "Does not apply", unknownOutcome: "Unknown",
        holdings: "Equipment held", item: "Item", working: "Working", broken: "Broken", attributes: "Attributes",
        since: "Since", noHoldings: "Nothing recorded yet.", history: "History", unitHistory: "Administrative history", date: "Date",
        recordedBy: "Recorded by", source: "Source", note: "Note",
        recordTitle: "Record a change", recordIntro: "Record the new state of one item; nothing is overwritten, each record is a new event.",
        attributesHint: "As NAME=VALUE, separated by commas, e.g. meets_hnth=yes.", onDate: "Effective date",
        onDateHint: "Empty for today.", save: "Record", recorded: "Recorded.",
        reviewTitle: "Review", period: "Reporting period", periodHint: "A month (2025-12), a quarter (2025-Q4) or a year (2025).",
        comment: "Comment", submit: "Submit figures", approve: "Approve", returnAction: "Return", reopen: "Reopen",
        statusNone: "Not submitted", statusSubmitted: "Submitted, awaiting review", statusApproved: "Approved (locked)",
        statusReturned: "Returned", statusReopened: "Reopened", reviewDone: "The review status is updated.",
        auditTitle: "Audit trail", when: "When", who: "Who", what: "What", auditEvent: "Equipment record",
        importTitle: "Import a file", importIntro: "Upload a filled template (.xlsx) or a CSV file. It is checked first; nothing is written until you confirm.",
        importLimit: "At most {megabytes} MB.", chooseFile: "Choose a file", check: "Check", confirmImport: "Confirm the import",
        dryRunTitle: "Check result", problems: "Problems to fix", file: "File", sheet: "Sheet", row: "Row", column: "Column", reason: "Reason",
        added: "New events", unchanged: "Unchanged", alreadyImported: "This file was imported before", imported: "Imported.",
        nothingToImport: "Nothing new to import.", uploadTooLarge: "The file is too large.", noFile: "Choose a file.",
        importExpired: "The check has expired; upload the file again.",
        planTitle: "Procurement plan", budget: "Budget (VND)", budgetHint: "E.g. 2000000000 or 2e9.",
        budgets: "Compare budgets", budgetsHint: "E.g. 1e9,2e9,5e9.", spent: "Spent", lines: "Lines", commune: "Commune",
        cost: "Cost", readyBefore: "Fully ready before", readyAfter: "Fully ready after",
        invalidNumber: "Give a whole number, 0 or more.",
        evidenceTitle: "Evidence", evidenceIntro: "A photo (JPEG, PNG) or a PDF of the handover minutes, attached to one record.",
        event: "Record", attach: "Attach", attached: "The evidence is attached.",
        planIntro: "A prioritised purchase list within the budget, to close the province's gaps (illustrative prices in Inventory/prices.csv).",
        makePlan: "Make the plan",
        planSpent: "Spends {spent} of {budget} VND; {left} VND left.",
        planReach: "Rules met: {before} → {after} of {total}; communes fully ready: {readyBefore} → {readyAfter} of {communes}.",
        planCloseAll: "Closing every priced gap costs {amount} VND.",
        planSources: "Prices: {prices}; priorities: {policy}.",
        byItem: "By item", eachLine: "Each line", number: "No.", quantityBuy: "Buy", quantityRepair: "Repair",
        unitPrice: "Unit price (VND)", amount: "Amount (VND)", total: "Total",
        unfundedTitle: "Not funded: {count} lines, {amount} VND", noLines: "This budget buys no line yet.",
        curveTitle: "Budgets compared", rulesMet: "Rules met", fullyReady: "Fully ready",
        approvedSummary: "{approved} of {total} communes approved for {period}",
        recordEvidence: "Evidence (optional)",
        recordEvidenceHint: "A photo (JPEG, PNG) or a PDF of the handover minutes, stored with this record.",
        recordedWithEvidence: "Recorded, with its evidence.",
        typeXa: "commune", typePhuong: "ward", typeSpecialZone: "special zone",
        declaredBy: "declared in the file", auditImport: "File imported", auditEvidence: "Evidence uploaded",
        auditImportEvents: "{events} events", auditEvidenceOf: "for record no. {event}",
        yes: "yes", no: "no", itemAttributes: "Attributes of the chosen item",
        unitsHint: "A whole number from 0 to {max}.", alreadyDone: "This form was already sent; sending it again recorded nothing more.",
        auditCount: "{count} entries", pageOf: "Page {page} of {pages}", previousPage: "Previous page", nextPage: "Next page",
        fromDay: "From", toDay: "To", account: "Account", kind: "Kind", downloadCSV: "Download CSV",
        kindEvent: "Equipment record", kindReview: "Review", kindImport: "File imported", kindEvidence: "Evidence",
        communeCodeOrName: "Commune code or name",
        navCommunes: "Communes", communesTitle: "Communes and where their review stands", communesFound: "{found} of {total} communes",
        search: "Search", searchHint: "Type a code or a name, with or without diacritics (e.g. dak plo).",
        queueSubmitted: "Submitted, awaiting review", queueReturned: "Returned or reopened, awaiting the commune", queueNotSubmitted: "Not submitted",
        queueApproved: "Approved", noneHere: "No commune.", ownStatus: "Figures for {period}: {status}",
        templatesTitle: "Templates to fill in", templatesIntro: "A spreadsheet (.xlsx) to fill in and upload above: blank, or filled with what the ledger holds.",
        templateFilled: "Download the template filled with today's holdings", templateBlank: "Download a blank template",
        templateFilledBox: "Filled with what the ledger holds", templateOne: "Download this commune's template",
        templateAll: "Download every commune's template of the province (.zip)",
        chooseEvent: "Choose the record to attach the file to.",
        sourceCommunePage: "the commune's page", sourceAPI: "the API", sourceCommand: "the command line", sourceImport: "imported file",
        officialPDF: "pdf (administrative document, to sign)"
    )
}
