import Foundation
import ReadinessCore

/// How `readiness serve` runs, as a configuration file gives it (`/etc/readiness/readiness.conf`, or the
/// file of `--config`): one `key = value` a line, `#` starts a comment, blank lines are ignored. Every key
/// may be left out (the server's default applies), and a flag given on the command line wins over the file.
///
///     host = 127.0.0.1
///     port = 8080
///     database = /var/lib/readiness/readiness.sqlite
///     secure-cookies = true
///     trusted-proxy = 127.0.0.1
///     log-format = json
///     metrics-from = 10.0.0.5
public struct ServerSettings: Sendable, Equatable {
    public enum LogFormat: String, Sendable, CaseIterable {
        /// One readable line per entry (time, level, message, key=value pairs).
        case text
        /// One JSON object per line, for journald and log collectors.
        case json
    }

    public var host: String?
    public var port: Int?
    public var database: String?
    public var secureCookies: Bool?
    /// Addresses of reverse proxies whose `X-Forwarded-For` is believed (the key may be given more than once).
    public var trustedProxies: [String] = []
    public var logFormat: LogFormat?
    /// Addresses, besides this machine's own, that may read `/metrics` (the key may be given more than once).
    public var metricsReaders: [String] = []

    /// The file read when `--config` is not given, if it exists.
    public static let defaultPath = "/etc/readiness/readiness.conf"
    /// The largest configuration file read.
    public static let maxBytes = 64 * 1024
    public static let keys = ["host", "port", "database", "secure-cookies", "trusted-proxy", "log-format", "metrics-from"]

    public init(host: String? = nil, port: Int? = nil, database: String? = nil, secureCookies: Bool? = nil,
                trustedProxies: [String] = [], logFormat: LogFormat? = nil, metricsReaders: [String] = []) {
        self.host = host
        self.port = port
        self.database = database
        self.secureCookies = secureCookies
        self.trustedProxies = trustedProxies
        self.logFormat = logFormat
        self.metricsReaders = metricsReaders
    }

    /// These settings with those of `flags` (the command line's) put over them: a flag given wins, and
    /// addresses given as flags replace the file's.
    public func overridden(by flags: ServerSettings) -> ServerSettings {
        ServerSettings(host: flags.host ?? host, port: flags.port ?? port, database: flags.database ?? database,
                       secureCookies: flags.secureCookies ?? secureCookies,
                       trustedProxies: flags.trustedProxies.isEmpty ? trustedProxies : flags.trustedProxies,
                       logFormat: flags.logFormat ?? logFormat,
                       metricsReaders: flags.metricsReaders.isEmpty ? metricsReaders : flags.metricsReaders)
    }

    /// The settings of the file at `path`; with `required` false (the default file), none when it does not exist.
    public static func load(path: String, required: Bool) throws(AppError) -> ServerSettings {
        guard FileManager.default.fileExists(atPath: path) else {
            if required { throw .notFound("no configuration file \(path)", field: "config") }
            return ServerSettings()
        }
        let data: Data
        do { data = try InputFile.read(path, limit: maxBytes) } catch {
            throw .input("cannot read the configuration file \(path): \(error.reason)", field: "config")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .input("the configuration file \(path) is not UTF-8 text", field: "config")
        }
        return try parse(text, file: path)
    }

    /// The settings of a configuration file's text; refused, naming the line, at the first wrong one.
    public static func parse(_ text: String, file: String) throws(AppError) -> ServerSettings {
        var settings = ServerSettings()
        var seen: Set<String> = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw .input("\(file), line \(number): expected key = value", field: "config")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard keys.contains(key) else {
                throw .input("\(file), line \(number): unknown setting \(Phrase(verbatim: key)); known: \(keys.joined(separator: ", "))",
                             field: "config")
            }
            if key != "trusted-proxy" && key != "metrics-from" {
                guard seen.insert(key).inserted else { throw .input("\(file), line \(number): \(key) is given twice", field: "config") }
            }
            guard !value.isEmpty, !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                throw .input("\(file), line \(number): \(key) needs a value", field: "config")
            }
            switch key {
            case "host":
                settings.host = value
            case "port":
                guard let port = Int(value), (0...65535).contains(port) else {
                    throw .input("\(file), line \(number): port must be 0 to 65535", field: "config")
                }
                settings.port = port
            case "database":
                guard value.hasPrefix("/") else {
                    throw .input("\(file), line \(number): database must be an absolute path", field: "config")
                }
                settings.database = value
            case "secure-cookies":
                switch value.lowercased() {
                case "true", "yes", "on", "1": settings.secureCookies = true
                case "false", "no", "off", "0": settings.secureCookies = false
                default: throw .input("\(file), line \(number): secure-cookies must be true or false", field: "config")
                }
            case "trusted-proxy", "metrics-from":
                for address in value.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !address.isEmpty {
                    guard let normal = IPAddressText.normalized(address) else {
                        throw .input("\(file), line \(number): \(key) \(Phrase(verbatim: address)) is not an IP address", field: "config")
                    }
                    if key == "trusted-proxy" { settings.trustedProxies.append(normal) } else { settings.metricsReaders.append(normal) }
                }
            default:  // log-format
                guard let format = LogFormat(rawValue: value) else {
                    throw .input("\(file), line \(number): log-format must be text or json", field: "config")
                }
                settings.logFormat = format
            }
        }
        return settings
    }
}

/// IP addresses as text, checked and written one way (so that a configured address and a peer's compare equal).
public enum IPAddressText {
    /// The address in its standard form (`::ffff:127.0.0.1` stays as given by inet_ntop), or nil when `text`
    /// is not an IPv4 or IPv6 address.
    public static func normalized(_ text: String) -> String? {
        guard text.utf8.count <= 64 else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            var buffer = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            guard inet_ntop(AF_INET, &v4, &buffer, socklen_t(INET_ADDRSTRLEN)) != nil else { return nil }
            return Self.string(of: buffer)
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            guard inet_ntop(AF_INET6, &v6, &buffer, socklen_t(INET6_ADDRSTRLEN)) != nil else { return nil }
            return Self.string(of: buffer)
        }
        return nil
    }

    private static func string(of buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
