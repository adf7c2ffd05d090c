import ArgumentParser
import Foundation
import ReadinessApp
import ReadinessCore
import ReadinessStore
import ReadinessWeb

extension AccountRole: ExpressibleByArgument {}

/// `readiness user …`: the web app's accounts. Each subcommand parses, calls one account use case, prints.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "The web app's accounts: add, list, disable, enable, give a new one-time password.",
        discussion: """
            A new account and a reset password get a random one-time password, printed once: give it to the user, \
            who sets their own at the first sign-in. Roles: admin (manages accounts), province (reviews its \
            province; --province CODE), commune (records its centre; --commune CODE).
            """,
        subcommands: [Add.self, List.self, Disable.self, Enable.self, Move.self, Password.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an account with a one-time password.",
            discussion: "Example: readiness user add xa-dakplo --role commune --commune 23344")
        @Argument(help: ArgumentHelp("The login name: 3 to 64 of a-z, 0-9, '.', '_', '-', '@'.", valueName: "name")) var name: String
        @Option(help: "admin, province or commune.") var role: AccountRole
        @Option(help: ArgumentHelp("The commune of a commune account.", valueName: "code")) var commune: String?
        @Option(help: ArgumentHelp("The province of a province account.", valueName: "code")) var province: String?
        @Option(name: .customLong("full-name"), help: ArgumentHelp("The person the account is for.", valueName: "name")) var fullName: String?
        @Option(help: ArgumentHelp("Their phone number or e-mail address.", valueName: "phone-or-email")) var contact: String?
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var language: LanguageOption

        func run() async throws {
            let service = try accountService(database)
            let input = NewAccount(name: name, role: role, communeCode: commune, provinceCode: province, fullName: fullName ?? "",
                                   contact: contact ?? "")
            let added = try await useCase { try await service.addAccount(input) }
            Console.say("added \(describe(added.account))")
            printOneTimePassword(added)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts: name, role, commune or province, status.")
        @Option(help: "Only accounts of this role.") var role: AccountRole?
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var language: LanguageOption

        func run() async throws {
            let service = try accountService(database)
            let role = self.role
            let accounts = try await useCase { try await service.listAccounts(role: role) }
            if accounts.isEmpty {
                printErr("no accounts")
                return
            }
            let heads: [Phrase] = ["NAME", "ROLE", "COMMUNE", "PROVINCE", "STATUS", "CREATED"]
            let rows = [heads.map(Runtime.text)] + accounts.map { a in
                let status: Phrase = a.disabled ? "disabled" : a.mustChangePassword ? "one-time password" : "active"
                return [a.name, a.role.rawValue, a.communeCode ?? "-", a.provinceCode ?? "-", Runtime.text(status), String(a.createdAt.prefix(10))]
            }
            let widths = rows[0].indices.map { i in rows.map { $0[i].count }.max()! }
            for row in rows {
                Console.say(verbatim: row.indices.map { i in i == row.count - 1 ? row[i] : row[i].padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                    .joined(separator: "  "))
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account: it can no longer sign in, and its sessions end.")
        @Argument(help: ArgumentHelp("The account.", valueName: "name")) var name: String
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var language: LanguageOption

        func run() async throws {
            let service = try accountService(database)
            let name = self.name
            let account = try await useCase { try await service.disableAccount(name: name) }
            Console.say("disabled \(account.name); its sessions have ended")
        }
    }

    struct Move: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a commune officer's account to another commune (the successor of a merged or dissolved one); its sessions end.")
        @Argument(help: ArgumentHelp("The account.", valueName: "name")) var name: String
        @Option(help: ArgumentHelp("The commune it now belongs to.", valueName: "code")) var commune: String
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var language: LanguageOption

        func run() async throws {
            let service = try accountService(database)
            let name = self.name, commune = self.commune
            let account = try await useCase { try await service.moveAccount(name: name, toCommune: commune) }
            Console.say("moved \(account.name) to commune \(commune); its sessions have ended")
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled account again: it can sign in with its password.")
        @Argument(help: ArgumentHelp("The account.", valueName: "name")) var name: String
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var language: LanguageOption

        func run() async throws {
            let service = try accountService(database)
            let name = self.name
            let account = try await useCase { try await service.enableAccount(name: name) }
            Console.say("enabled \(account.name); it can sign in again")
        }
    }

    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give an account a new one-time password (its sessions end; the user sets their own at the next sign-in).")
        @Argument(help: ArgumentHelp("The account.", valueName: "name")) var name: String
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var language: LanguageOption

        func run() async throws {
            let service = try accountService(database)
            let name = self.name
            let reset = try await useCase { try await service.resetPassword(name: name) }
            Console.say("new one-time password for \(reset.account.name); its sessions have ended")
            printOneTimePassword(reset)
        }
    }
}

private func accountService(_ database: DatabaseOptions) throws -> AccountService {
    AccountService(database: try database.open(Runtime.workspace()), hasher: PasswordHasher())
}

/// Runs an account use case; its refusals are the user's mistakes (exit code 1).
private func useCase<T: Sendable>(_ work: () async throws -> T) async throws -> T {
    do {
        return try await work()
    } catch let error as AccountError {
        throw AppError.input(error.phrase)
    }
}

private func describe(_ account: AccountSummary) -> Phrase {
    var text: Phrase = "\(account.role.rawValue) account \(account.name)"
    if let commune = account.communeCode { text = text + ", commune \(commune)" }
    if let province = account.provinceCode { text = text + ", province \(province)" }
    return text
}

private func printOneTimePassword(_ account: AccountWithOneTimePassword) {
    Console.say("one-time password: \(account.oneTimePassword)")
    Console.say("Give it to the user, who sets their own password at the first sign-in. It is not shown again.")
}
