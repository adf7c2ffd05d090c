import ReadinessApp
import ReadinessCore

/// The texts of the account pages (the list, the add forms, the sheet of one-time passwords), one table
/// per language like the rest of `WebText` (which holds them as `accounts`: `{{t.accounts.name}}`).
/// The refusals are worded to stand beside their field, so they do not name it.
public struct AccountTexts: Sendable {
    public var introAdmin: String
    public var introProvince: String
    public var fullName: String
    public var contact: String
    public var contactHint: String
    public var lastSignIn: String
    public var never: String
    public var actions: String
    public var disable: String
    public var enable: String
    public var resetPassword: String
    public var noAccounts: String
    public var noMatch: String
    public var addOneTitle: String
    public var nameHint: String
    public var communeHint: String
    public var provinceHint: String
    public var provinceChoose: String
    public var addOne: String
    public var addManyTitle: String
    /// "{rows}" is replaced.
    public var addManyIntro: String
    public var addManyColumns: String
    /// "{kb}" is replaced.
    public var fileLabel: String
    public var fileKept: String
    public var addMany: String
    public var problemsTitle: String
    /// "{row}", "{column}", "{field}" are replaced.
    public var rowColumn: String
    public var sheetTitle: String
    public var sheetIntro: String
    /// "{name}", "{time}" are replaced.
    public var issuedBy: String
    public var printHint: String
    public var oneTimePassword: String
    public var backToAccounts: String
    /// "{count}" is replaced.
    public var addedCount: String
    /// "{name}" is replaced.
    public var resetDone: String
    /// "{name}" is replaced.
    public var disabledDone: String
    /// "{name}" is replaced.
    public var enabledDone: String
    public var alreadySent: String
    public var signature: String
    public var search: String
    public var searchHint: String
    public var searchButton: String
    /// "{from}", "{to}", "{total}" are replaced.
    public var shown: String
    public var previous: String
    public var next: String
    /// "{maximum}" is replaced.
    public var pageOutOfRange: String

    // Refusals, each beside its field.
    public var invalidName: String
    public var nameTaken: String
    public var communeRequired: String
    public var provinceRequired: String
    /// "{code}" is replaced.
    public var unknownCommune: String
    public var unknownProvince: String
    public var noSuchAccount: String
    public var roleNotPermitted: String
    /// "{code}" is replaced.
    public var communeOutOfScope: String
    public var fullNameMissing: String
    /// "{maximum}" is replaced.
    public var tooLong: String
    public var controlCharacters: String
    public var contactMissing: String
    /// "{value}" is replaced.
    public var contactInvalid: String
    public var cannotDisableSelf: String
    public var fileUnreadable: String
    public var fileEmpty: String
    /// "{kb}" is replaced.
    public var fileTooLarge: String
    /// "{maximum}" is replaced.
    public var fileTooManyRows: String

    /// A refusal of an account use case, worded to stand beside its field (`general` for the rest).
    public func message(for error: AccountError, general: WebText) -> String {
        switch error {
        case .invalidName: invalidName
        case .nameTaken: nameTaken
        case .communeRequired: communeRequired
        case .provinceRequired: provinceRequired
        case .unknownCommune(let code): unknownCommune.replacingOccurrences(of: "{code}", with: code)
        case .unknownProvince: unknownProvince
        case .noSuchAccount: noSuchAccount
        case .roleNotPermitted: roleNotPermitted
        case .communeOutOfScope(let code): communeOutOfScope.replacingOccurrences(of: "{code}", with: code)
        case .fullNameMissing: fullNameMissing
        case .fullNameTooLong(let maximum), .contactTooLong(let maximum):
            tooLong.replacingOccurrences(of: "{maximum}", with: String(maximum))
        case .controlCharacters: controlCharacters
        case .contactMissing: contactMissing
        case .contactInvalid(let value): contactInvalid.replacingOccurrences(of: "{value}", with: value)
        case .cannotDisableSelf: cannotDisableSelf
        case .fileUnreadable: fileUnreadable
        case .fileEmpty: fileEmpty
        case .fileTooLarge(let bytes): fileTooLarge.replacingOccurrences(of: "{kb}", with: groupedDigits(bytes / 1024))
        case .fileTooManyRows(let maximum): fileTooManyRows.replacingOccurrences(of: "{maximum}", with: groupedDigits(maximum))
        case .notPermitted: general.forbidden
        default: general.message(for: error)
        }
    }

    /// The column of an accounts file a field is read from ("A", "B", "C").
    static func column(_ field: AccountField) -> String {
        switch field {
        case .commune: "A"
        case .fullName: "B"
        case .contact: "C"
        default: ""
        }
    }

    public static let vi = AccountTexts(
        introAdmin: "Mọi tài khoản của hệ thống. Thêm từng tài khoản hoặc nhiều tài khoản từ một tệp; khóa, mở khóa hoặc cấp mật khẩu dùng một lần mới.",
        introProvince: "Tài khoản của cán bộ các xã, phường trong tỉnh của bạn.",
        fullName: "Họ và tên",
        contact: "Điện thoại hoặc e-mail",
        contactHint: "Số điện thoại (9 đến 15 chữ số) hoặc địa chỉ e-mail, để liên hệ khi trao mật khẩu.",
        lastSignIn: "Đăng nhập gần nhất",
        never: "Chưa đăng nhập",
        actions: "Thao tác",
        disable: "Khóa",
        enable: "Mở khóa",
        resetPassword: "Cấp mật khẩu mới",
        noAccounts: "Chưa có tài khoản nào.",
        noMatch: "Không có tài khoản nào khớp với nội dung tìm.",
        addOneTitle: "Thêm một tài khoản",
        nameHint: "3 đến 64 ký tự: chữ a-z không dấu, chữ số, '.', '_', '-' hoặc '@'; bắt đầu bằng chữ hoặc số. Để trống với tài khoản cán bộ xã: tên được đặt theo mã xã (ví dụ xa-23344).",
        communeHint: "Mã xã, phường (chọn trong danh sách khi gõ). Chỉ dùng cho tài khoản cán bộ xã.",
        provinceHint: "Chỉ dùng cho tài khoản cán bộ tỉnh.",
        provinceChoose: "Chọn tỉnh",
        addOne: "Thêm tài khoản",
        addManyTitle: "Thêm nhiều tài khoản từ tệp",
        addManyIntro: "Tệp CSV hoặc bảng tính .xlsx, mỗi dòng một cán bộ xã, tối đa {rows} dòng; dòng tiêu đề đầu tiên được bỏ qua. Tên tài khoản được đặt theo mã xã (ví dụ xa-23344). Mọi dòng được kiểm tra trước: chỉ cần một dòng sai thì không tài khoản nào được thêm.",
        addManyColumns: "Các cột: A mã xã, B họ và tên, C điện thoại hoặc e-mail.",
        fileLabel: "Tệp (.csv hoặc .xlsx, tối đa {kb} KB)",
        fileKept: "Trình duyệt không giữ tệp đã chọn: hãy sửa tệp rồi chọn lại.",
        addMany: "Kiểm tra và thêm",
        problemsTitle: "Chưa thêm tài khoản nào. Hãy sửa các dòng sau rồi gửi lại tệp:",
        rowColumn: "Dòng {row}, cột {column} ({field}):",
        sheetTitle: "Mật khẩu dùng một lần",
        sheetIntro: "Trao cho mỗi người tên tài khoản và mật khẩu dùng một lần của họ. Lần đăng nhập đầu tiên, họ phải đặt mật khẩu riêng. Mật khẩu chỉ hiện một lần, ngay bây giờ: hãy in trang này trước khi rời đi.",
        issuedBy: "Cấp bởi {name} lúc {time}",
        printHint: "In trang này (Ctrl+P); thanh điều hướng không được in.",
        oneTimePassword: "Mật khẩu dùng một lần",
        backToAccounts: "Về danh sách tài khoản",
        addedCount: "Đã thêm {count} tài khoản.",
        resetDone: "Đã cấp mật khẩu dùng một lần mới cho {name}; các phiên đăng nhập của tài khoản đã kết thúc.",
        disabledDone: "Đã khóa {name}; các phiên đăng nhập của tài khoản đã kết thúc.",
        enabledDone: "Đã mở khóa {name}; tài khoản đăng nhập lại được.",
        alreadySent: "Biểu mẫu này đã được gửi; không thực hiện thêm lần nữa.",
        signature: "Người nhận ký",
        search: "Tìm tài khoản",
        searchHint: "Tên tài khoản, họ tên, xã, tỉnh hoặc điện thoại; gõ không dấu cũng được.",
        searchButton: "Tìm",
        shown: "Tài khoản {from}–{to} trong {total}",
        previous: "Trang trước",
        next: "Trang sau",
        pageOutOfRange: "Số trang (page) phải là số nguyên từ 1 đến {maximum}.",
        invalidName: "Dùng 3 đến 64 ký tự: chữ a-z không dấu, chữ số, '.', '_', '-' hoặc '@'; bắt đầu bằng chữ hoặc số.",
        nameTaken: "Tên này đã có tài khoản dùng.",
        communeRequired: "Hãy chọn xã, phường.",
        provinceRequired: "Hãy chọn tỉnh.",
        unknownCommune: "Danh mục không có xã, phường mã {code}.",
        unknownProvince: "Danh mục không có tỉnh này.",
        noSuchAccount: "Không có tài khoản này.",
        roleNotPermitted: "Bạn chỉ được thêm tài khoản cán bộ xã.",
        communeOutOfScope: "Xã, phường mã {code} không thuộc tỉnh của bạn.",
        fullNameMissing: "Hãy nhập họ và tên.",
        tooLong: "Tối đa {maximum} ký tự.",
        controlCharacters: "Không được dùng ký tự điều khiển.",
        contactMissing: "Hãy nhập số điện thoại hoặc địa chỉ e-mail.",
        contactInvalid: "“{value}” không phải số điện thoại (9 đến 15 chữ số) hay địa chỉ e-mail.",
        cannotDisableSelf: "Bạn không thể tự khóa tài khoản của mình.",
        fileUnreadable: "Tệp không phải tệp CSV hay bảng tính .xlsx.",
        fileEmpty: "Tệp không có dòng tài khoản nào.",
        fileTooLarge: "Tệp lớn hơn {kb} KB.",
        fileTooManyRows: "Tệp có hơn {maximum} dòng; hãy chia thành nhiều tệp."
    )

    public static let en = AccountTexts(
        introAdmin: "Every account. Add one, or many from a file; disable, enable again, or give a new one-time password.",
        introProvince: "The accounts of the commune officers of your province.",
        fullName: "Full name",
        contact: "Phone or e-mail",
        contactHint: "A phone number (9 to 15 digits) or an e-mail address, to reach the person when handing over the password.",
        lastSignIn: "Last sign-in",
        never: "Never",
        actions: "Actions",
        disable: "Disable",
        enable: "Enable",
        resetPassword: "New one-time password",
        noAccounts: "No accounts yet.",
        noMatch: "No account matches the search.",
        addOneTitle: "Add an account",
        nameHint: "3 to 64 characters: a-z, digits, '.', '_', '-' or '@'; starting with a letter or digit. Left empty for a commune officer's account, it is made from the commune's code (e.g. xa-23344).",
        communeHint: "The commune's code (choose from the list as you type). For a commune officer's account only.",
        provinceHint: "For a province staff account only.",
        provinceChoose: "Choose the province",
        addOne: "Add the account",
        addManyTitle: "Add many from a file",
        addManyIntro: "A CSV file or an .xlsx workbook, one commune officer a row, at most {rows} rows; a first header row is skipped. Each account's name is made from the commune's code (e.g. xa-23344). Every row is checked first: if one row is wrong, no account is added.",
        addManyColumns: "Columns: A the commune's code, B the full name, C a phone number or e-mail address.",
        fileLabel: "File (.csv or .xlsx, at most {kb} KB)",
        fileKept: "Browsers do not keep a chosen file: correct the file, then choose it again.",
        addMany: "Check and add",
        problemsTitle: "No account was added. Correct these rows, then send the file again:",
        rowColumn: "Row {row}, column {column} ({field}):",
        sheetTitle: "One-time passwords",
        sheetIntro: "Give each person their account name and one-time password. At their first sign-in they must choose their own password. The passwords are shown only now: print this page before you leave it.",
        issuedBy: "Issued by {name} at {time}",
        printHint: "Print this page (Ctrl+P); the navigation is left out of the print.",
        oneTimePassword: "One-time password",
        backToAccounts: "Back to the accounts",
        addedCount: "{count} accounts added.",
        resetDone: "A new one-time password for {name}; its sessions have ended.",
        disabledDone: "{name} is disabled; its sessions have ended.",
        enabledDone: "{name} is enabled again and can sign in.",
        alreadySent: "This form was already sent; nothing more was done.",
        signature: "Received (signature)",
        search: "Find accounts",
        searchHint: "Account name, full name, commune, province or phone; diacritics may be left out.",
        searchButton: "Find",
        shown: "Accounts {from}–{to} of {total}",
        previous: "Previous page",
        next: "Next page",
        pageOutOfRange: "The page number (page) must be a whole number from 1 to {maximum}.",
        invalidName: "Use 3 to 64 characters: a-z, digits, '.', '_', '-' or '@'; starting with a letter or digit.",
        nameTaken: "An account already has this name.",
        communeRequired: "Choose the commune.",
        provinceRequired: "Choose the province.",
        unknownCommune: "The registry has no commune with code {code}.",
        unknownProvince: "The registry has no such province.",
        noSuchAccount: "No such account.",
        roleNotPermitted: "You may add commune officers' accounts only.",
        communeOutOfScope: "Commune {code} is not in your province.",
        fullNameMissing: "Give the person's full name.",
        tooLong: "At most {maximum} characters.",
        controlCharacters: "Control characters are not allowed.",
        contactMissing: "Give a phone number or an e-mail address.",
        contactInvalid: "“{value}” is neither a phone number (9 to 15 digits) nor an e-mail address.",
        cannotDisableSelf: "You cannot disable your own account.",
        fileUnreadable: "The file is neither a CSV file nor an .xlsx workbook.",
        fileEmpty: "The file has no account rows.",
        fileTooLarge: "The file is larger than {kb} KB.",
        fileTooManyRows: "The file has more than {maximum} rows; split it into several."
    )
}
