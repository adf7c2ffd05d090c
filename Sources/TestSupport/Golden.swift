import Foundation

/// Golden files: the expected output of a renderer, kept beside the tests. Run the tests with
/// UPDATE_GOLDEN=1 to write them afresh from the current output (then read the diff before committing).
public enum Golden {
    /// Whether the run rewrites the golden files.
    public static var updating: Bool { ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" }

    /// The golden file's text, after writing `actual` there when updating; nil when the file is missing.
    public static func expected(_ actual: String, name: String, directory: URL) -> String? {
        let url = directory.appendingPathComponent(name)
        if updating {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try! Data(actual.utf8).write(to: url)
        }
        return (try? Data(contentsOf: url)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The Golden/ folder beside a test file (pass #filePath).
    public static func directory(beside testFile: String) -> URL {
        URL(fileURLWithPath: testFile).deletingLastPathComponent().appendingPathComponent("Golden")
    }
}

/// Reads an .xlsx back the simple way, to check what a workbook holds: unzips its XML with /usr/bin/unzip
/// and picks cells by reference.
public struct XlsxReadBack {
    public let path: String
    public let sheetNames: [String]
    let shared: [String]

    public init(path: String) throws {
        self.path = path
        let workbook = try Self.unzip(path, "xl/workbook.xml")
        sheetNames = Self.matches(#"<sheet name="([^"]*)""#, in: workbook).map { Self.unescape($0[0]) }
        let strings = (try? Self.unzip(path, "xl/sharedStrings.xml")) ?? ""
        shared = Self.matches(#"<si>(.*?)</si>"#, in: strings).map { si in
            Self.matches(#"<t[^>]*>(.*?)</t>"#, in: si[0]).map { Self.unescape($0[0]) }.joined()
        }
    }

    /// The raw XML of a sheet, by name.
    public func sheetXML(_ name: String) throws -> String {
        guard let i = sheetNames.firstIndex(of: name) else { throw XlsxReadError(message: "no sheet \(name) in \(sheetNames)") }
        return try Self.unzip(path, "xl/worksheets/sheet\(i + 1).xml")
    }

    /// Any member of the package as text ("xl/charts/chart1.xml").
    public func member(_ name: String) throws -> String { try Self.unzip(path, name) }

    /// Every cell of a sheet as text (shared strings resolved), by reference ("B7").
    public func cells(_ sheet: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for m in Self.matches(#"<c r="([A-Z]+[0-9]+)"([^>]*?)(?:/>|>(.*?)</c>)"#, in: try sheetXML(sheet)) {
            let value = Self.matches(#"<v>(.*?)</v>"#, in: m[2]).first?[0] ?? ""
            if m[1].contains(#"t="s""#), let i = Int(value), i < shared.count { out[m[0]] = shared[i] } else { out[m[0]] = Self.unescape(value) }
        }
        return out
    }

    static func unzip(_ path: String, _ member: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        p.arguments = ["-p", path, member]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = Pipe()
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw XlsxReadError(message: "unzip -p \(path) \(member) failed") }
        return String(decoding: data, as: UTF8.self)
    }

    static func matches(_ pattern: String, in text: String) -> [[String]] {
        let re = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        let ns = text as NSString
        return re.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
            (1..<m.numberOfRanges).map { m.range(at: $0).location == NSNotFound ? "" : ns.substring(with: m.range(at: $0)) }
        }
    }

    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}

public struct XlsxReadError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
