import Foundation
import Hummingbird
import HummingbirdAuth
import ReadinessApp
import ReadinessCore
import ReadinessStore

/// The home page (a placeholder: who is signed in, their role and commune or province).
struct HomeController {
    let database: InventoryDatabase
    let pages: PageRenderer

    struct HomeContent: Sendable {
        var roleName: String
        var communeName: String?
        var communeCode: String?
        var provinceName: String?
        var provinceCode: String?
    }

    func addRoutes(to router: some RouterMethods<WebRequestContext>) {
        router.get("/", use: home)
    }

    @Sendable func home(_ request: Request, context: WebRequestContext) async throws -> Response {
        let account = try context.requireIdentity().account
        var commune: Commune?
        if let code = account.communeCode { commune = try await database.commune(code: code) }
        let content = HomeContent(roleName: context.text.roleName(account.role.rawValue),
                                  communeName: commune?.name, communeCode: account.communeCode,
                                  provinceName: commune.map(\.provinceName).flatMap { $0.isEmpty ? nil : $0 },
                                  provinceCode: account.provinceCode)
        return pages.render("home", title: context.text.homeTitle, content: content, request: request, context: context)
    }
}

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
                    createdAt: String(a.createdAt.prefix(10)))
        }
        return pages.render("users", title: t.usersTitle, content: UsersContent(users: rows), request: request, context: context)
    }
}

/// The JSON API, version 1: for now who is signed in; every error is `{"error": {"code", "message", "field"}}`.
struct APIController {
    struct Me: ResponseEncodable {
        var name: String
        var role: String
        var communeCode: String?
        var provinceCode: String?
    }

    func addRoutes(to router: some RouterMethods<WebRequestContext>) {
        router.get("/me", use: me)
        router.get("/**") { _, _ -> Response in throw WebError.notFound }
    }

    @Sendable func me(_ request: Request, context: WebRequestContext) async throws -> Me {
        let account = try context.requireIdentity().account
        return Me(name: account.name, role: account.role.rawValue, communeCode: account.communeCode, provinceCode: account.provinceCode)
    }
}
