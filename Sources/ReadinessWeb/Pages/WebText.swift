import ReadinessApp
import ReadinessCore

/// Every text of the web pages, one table per language: `WebText.vi` (the default) and `WebText.en`.
/// Templates read them as `{{t.name}}`; code picks a table once (`context.text`), never per string.
public struct WebText: Sendable {
    public var languageCode: String
    /// The language of the reports and use cases' texts this table goes with.
    public var language: Language
    public var appName: String
    public var appTagline: String
    public var skipToContent: String
    /// The link to the other language, in that language.
    public var otherLanguageName: String
    public var otherLanguageCode: String

    // Navigation
    public var navHome: String
    public var navUsers: String
    public var signOut: String
    public var signedInAs: String

    // Login
    public var loginTitle: String
    public var loginIntro: String
    public var accountName: String
    public var password: String
    public var signIn: String
    public var loginFailed: String
    /// "{seconds}" is replaced.
    public var tooManyAttempts: String

    // Set your password
    public var setPasswordTitle: String
    public var setPasswordIntro: String
    public var newPassword: String
    public var confirmPassword: String
    /// "{minimum}" is replaced.
    public var passwordRule: String
    public var savePassword: String
    public var passwordTooShort: String
    public var passwordTooLong: String
    public var passwordsDiffer: String
    public var passwordUnchanged: String
    public var passwordIsName: String
    public var currentPassword: String
    public var currentPasswordHint: String
    public var currentPasswordWrong: String
    public var changePasswordTitle: String
    public var changePasswordIntro: String

    // Home
    public var homeTitle: String
    public var homeIntro: String
    public var role: String
    public var commune: String
    public var province: String
    public var roleAdmin: String
    public var roleProvince: String
    public var roleCommune: String
    public var comingSoon: String

    // Accounts (admin)
    public var usersTitle: String
    public var status: String
    public var statusActive: String
    public var statusDisabled: String
    public var statusMustChange: String
    public var createdAt: String

    // Errors
    public var errorTitle: String
    public var forbidden: String
    public var notFound: String
    public var formExpired: String
    public var serverError: String
    public var backHome: String
    public var somethingWrong: String

    /// The inventory pages' texts.
    public var pages: PageTexts
    /// The account pages' texts.
    public var accounts: AccountTexts

    public func roleName(_ role: String) -> String {
        switch role {
        case "admin": roleAdmin
        case "province": roleProvince
        default: roleCommune
        }
    }

    /// An account use case's refusal, worded for the pages.
    public func message(for error: AccountError) -> String {
        switch error {
        case .invalidCredentials: loginFailed
        case .tooManyAttempts(let seconds): tooManyAttempts.replacingOccurrences(of: "{seconds}", with: String(seconds))
        case .passwordTooShort(let minimum): passwordTooShort.replacingOccurrences(of: "{minimum}", with: String(minimum))
        case .passwordTooLong(let maximum): passwordTooLong.replacingOccurrences(of: "{maximum}", with: String(maximum))
        case .passwordsDiffer: passwordsDiffer
        case .passwordUnchanged: passwordUnchanged
        case .passwordIsName: passwordIsName
        case .currentPasswordWrong: currentPasswordWrong
        default: somethingWrong
        }
    }

    public static let vi = WebText(
        languageCode: "vi",
        language: .vi,
        appName: "Sẵn sàng TTPVHCC",
        appTagline: "Kiểm kê trang thiết bị Trung tâm Phục vụ hành chính công cấp xã",
        skipToContent: "Bỏ qua, đến nội dung chính",
        otherLanguageName: "English",
        otherLanguageCode: "en",
        navHome: "Trang chủ",
        navUsers: "Tài khoản",
        signOut: "Đăng xuất",
        signedInAs: "Đang đăng nhập:",
        loginTitle: "Đăng nhập",
        loginIntro: "Dùng tài khoản do quản trị viên cấp cho đơn vị của bạn.",
        accountName: "Tên tài khoản",
        password: "Mật khẩu",
        signIn: "Đăng nhập",
        loginFailed: "Tên tài khoản hoặc mật khẩu không đúng.",
        tooManyAttempts: "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {seconds} giây.",
        setPasswordTitle: "Đặt mật khẩu của bạn",
        setPasswordIntro: "Bạn đang dùng mật khẩu một lần. Hãy đặt mật khẩu riêng trước khi tiếp tục.",
        newPassword: "Mật khẩu mới",
        confirmPassword: "Nhập lại mật khẩu mới",
        passwordRule: "Ít nhất {minimum} ký tự; nên dùng một câu dễ nhớ.",
        savePassword: "Lưu mật khẩu",
        passwordTooShort: "Mật khẩu phải có ít nhất {minimum} ký tự.",
        passwordTooLong: "Mật khẩu quá dài (tối đa {maximum} byte).",
        passwordsDiffer: "Hai mật khẩu không khớp nhau.",
        passwordUnchanged: "Hãy chọn mật khẩu khác với mật khẩu một lần.",
        passwordIsName: "Mật khẩu không được trùng với tên tài khoản.",
        currentPassword: "Mật khẩu hiện tại",
        currentPasswordHint: "Mật khẩu bạn vừa dùng để đăng nhập (lần đầu: mật khẩu một lần được cấp).",
        currentPasswordWrong: "Mật khẩu hiện tại không đúng.",
        changePasswordTitle: "Đổi mật khẩu",
        changePasswordIntro: "Nhập mật khẩu hiện tại rồi chọn mật khẩu mới. Các phiên đăng nhập khác của tài khoản sẽ kết thúc.",
        homeTitle: "Trang chủ",
        homeIntro: "Chào mừng bạn đến với hệ thống kiểm kê trang thiết bị.",
        role: "Vai trò",
        commune: "Xã/phường",
        province: "Tỉnh/thành phố",
        roleAdmin: "Quản trị viên",
        roleProvince: "Cán bộ tỉnh",
        roleCommune: "Cán bộ xã",
        comingSoon: "Các trang ghi nhận thiết bị, thiếu hụt và báo cáo sẽ có ở đây.",
        usersTitle: "Tài khoản",
        status: "Trạng thái",
        statusActive: "Đang hoạt động",
        statusDisabled: "Đã khóa",
        statusMustChange: "Chờ đặt mật khẩu",
        createdAt: "Ngày tạo",
        errorTitle: "Không thực hiện được",
        forbidden: "Bạn không có quyền xem trang này.",
        notFound: "Không tìm thấy trang.",
        formExpired: "Biểu mẫu đã hết hạn. Vui lòng tải lại trang rồi gửi lại.",
        serverError: "Đã có lỗi xảy ra. Vui lòng thử lại sau.",
        backHome: "Về trang chủ",
        somethingWrong: "Không thực hiện được yêu cầu.",
        pages: .vi,
        accounts: .vi
    )

    public static let en = WebText(
        languageCode: "en",
        language: .en,
        appName: "Centre readiness",
        appTagline: "Equipment inventory of the commune public-service centres",
        skipToContent: "Skip to main content",
        otherLanguageName: "Tiếng Việt",
        otherLanguageCode: "vi",
        navHome: "Home",
        navUsers: "Accounts",
        signOut: "Sign out",
        signedInAs: "Signed in as",
        loginTitle: "Sign in",
        loginIntro: "Use the account your administrator gave your office.",
        accountName: "Account name",
        password: "Password",
        signIn: "Sign in",
        loginFailed: "Wrong account name or password.",
        tooManyAttempts: "Too many failed sign-ins. Please try again in {seconds} seconds.",
        setPasswordTitle: "Set your password",
        setPasswordIntro: "You signed in with a one-time password. Choose your own before you go on.",
        newPassword: "New password",
        confirmPassword: "New password again",
        passwordRule: "At least {minimum} characters; a sentence you remember works well.",
        savePassword: "Save password",
        passwordTooShort: "The password must have at least {minimum} characters.",
        passwordTooLong: "The password is too long (at most {maximum} bytes).",
        passwordsDiffer: "The two passwords differ.",
        passwordUnchanged: "Choose a password different from the one-time password.",
        passwordIsName: "The password must not be the account name.",
        currentPassword: "Current password",
        currentPasswordHint: "The password you signed in with (the first time: the one-time password you were given).",
        currentPasswordWrong: "The current password is wrong.",
        changePasswordTitle: "Change your password",
        changePasswordIntro: "Give your current password, then choose a new one. The account's other sessions end.",
        homeTitle: "Home",
        homeIntro: "Welcome to the equipment inventory.",
        role: "Role",
        commune: "Commune",
        province: "Province",
        roleAdmin: "Administrator",
        roleProvince: "Province staff",
        roleCommune: "Commune officer",
        comingSoon: "Recording equipment, gaps and reports will be here.",
        usersTitle: "Accounts",
        status: "Status",
        statusActive: "Active",
        statusDisabled: "Disabled",
        statusMustChange: "Must set a password",
        createdAt: "Created",
        errorTitle: "That did not work",
        forbidden: "You may not see this page.",
        notFound: "No such page.",
        formExpired: "The form has expired. Please reload the page and send it again.",
        serverError: "Something went wrong. Please try again later.",
        backHome: "Back to the home page",
        somethingWrong: "The request could not be done.",
        pages: .en,
        accounts: .en
    )
}
