import Foundation
import Hummingbird
import HummingbirdAuth
import ReadinessApp
import ReadinessCore
import ReadinessStore

/// Account management for admins (for now the list; accounts are added with `readiness user add`).
struct AdminController {
    let accounts: AccountService
    let pages: PageRenderer

    struct UserRow: Sendable {
        var name: String
        var roleName: String
        var place: String
        var status: String
        var createdAt: String
    }

    struct UsersContent: Sendable {
        var users: [UserRow]
    }

    func addRoutes(to router: some RouterMethods<WebRequestContext>) {
        router.get("/users", use: users)
    }

    @Sendable func users(_ request: Request, context: WebRequestContext) async throws -> Response {
        let t = context.text
        let rows = try await accounts.listAccounts().map { a in
            UserRow(name: a.name, roleName: t.roleName(a.role.rawValue), place: a.communeCode ?? a.provinceCode ?? "",
                    status: a.disabled ? t.statusDisabled : a.mustChangePassword ? t.statusMustChange : t.statusActive,
                    createdAt: VietnamTime.minute(a.createdAt))
        }
        return pages.render("users", title: t.usersTitle, content: UsersContent(users: rows), request: request, context: context)
    }
}

