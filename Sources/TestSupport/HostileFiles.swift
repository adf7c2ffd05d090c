import Foundation
import ZIPFoundation

/// Files made to break readers: workbooks whose zip headers lie, that inflate far beyond their size,
/// or whose XML is damaged.
public enum HostileFiles {
    /// The workbook list of a one-sheet workbook, pointing at xl/worksheets/sheet1.xml.
    public static let workbookXML = """
        <?xml version="1.0" encoding="UTF-8"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
        <sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>
        """

    /// A zip with the given parts, each stored deflated; a part given by size is that many spaces,
    /// made as it is compressed (so a 1 GB part costs no memory here).
    public static func zip(at url: URL, parts: [(path: String, content: Content)]) throws {
        try? FileManager.default.removeItem(at: url)
        let archive = try Archive(url: url, accessMode: .create)
        for (path, content) in parts {
            switch content {
            case .text(let text):
                let data = Data(text.utf8)
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            case .spaces(let count, let prefix, let suffix):
                let head = Data(prefix.utf8), tail = Data(suffix.utf8)
                let total = head.count + count + tail.count
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(total), compressionMethod: .deflate) { position, size in
                    var chunk = Data(repeating: 0x20, count: size)
                    let start = Int(position), end = start + size, tailStart = total - tail.count
                    if start < head.count { for at in start..<min(end, head.count) { chunk[at - start] = head[at] } }
                    if end > tailStart { for at in max(start, tailStart)..<end { chunk[at - start] = tail[at - tailStart] } }
                    return chunk
                }
            }
        }
    }

    public enum Content {
        case text(String)
        /// `count` spaces between a prefix and a suffix.
        case spaces(Int, prefix: String = "", suffix: String = "")
    }

    /// Rewrites the uncompressed size that a zip's local and central headers give for `path` (a lie
    /// when it differs from what the part inflates to).
    public static func claim(size: UInt32, for path: String, in url: URL) throws {
        var bytes = [UInt8](try Data(contentsOf: url))
        let name = Array(path.utf8)
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        func put(_ value: UInt32, at: Int) { for k in 0..<4 { bytes[at + k] = UInt8((value >> (8 * UInt32(k))) & 0xFF) } }
        var i = 0
        var patched = false
        while i + 46 <= bytes.count {
            if bytes[i] == 0x50, bytes[i + 1] == 0x4B, bytes[i + 2] == 0x01, bytes[i + 3] == 0x02 {
                let nameLength = u16(i + 28)
                if Array(bytes[(i + 46)..<(i + 46 + nameLength)]) == name {
                    put(size, at: i + 24)
                    let local = u32(i + 42)
                    put(size, at: local + 22)
                    patched = true
                }
                i += 46 + nameLength
            } else {
                i += 1
            }
        }
        precondition(patched, "no \(path) in \(url.path)")
        try Data(bytes).write(to: url)
    }

    /// A one-sheet workbook whose sheet inflates to `inflating` bytes while its headers claim `claiming`.
    public static func lyingWorkbook(at url: URL, inflating: Int, claiming: UInt32) throws {
        try zip(at: url, parts: [("xl/workbook.xml", .text(workbookXML)), ("xl/worksheets/sheet1.xml", .spaces(inflating))])
        try claim(size: claiming, for: "xl/worksheets/sheet1.xml", in: url)
    }

    /// A one-sheet workbook whose sheet is the given XML.
    public static func workbook(at url: URL, sheet xml: String, sharedStrings: String? = nil) throws {
        var parts: [(path: String, content: Content)] = [("xl/workbook.xml", .text(workbookXML)), ("xl/worksheets/sheet1.xml", .text(xml))]
        if let sharedStrings { parts.append(("xl/sharedStrings.xml", .text(sharedStrings))) }
        try zip(at: url, parts: parts)
    }
}

extension HostileFiles {
    /// The notes, names and sources that try to escape from what others open: a screen clear, an
    /// OSC 8 link, a window title, BEL, NUL, CR, C1 and bidirectional controls, and spreadsheet formulas.
    public static let hostileTexts = [
        "\u{1B}[2Jcleared", "\u{1B}]8;;https://evil.example/\u{1B}\\click\u{1B}]8;;\u{1B}\\", "\u{1B}]0;title\u{07}",
        "bell\u{07}", "nul\u{0}after", "over\rwrite", "c1\u{9B}31m", "bidi\u{202E}txt.exe",
        "=HYPERLINK(\"https://evil.example\",\"x\")", "+1", "@SUM(A1:A9)", "\t=1", "-2+3", "\r=1",
    ]

    /// The parts of an .xlsx file, by path, as text.
    public static func parts(ofXlsx bytes: [UInt8]) throws -> [String: String] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("readiness-parts-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(bytes).write(to: url)
        let archive = try Archive(url: url, accessMode: .read)
        var parts: [String: String] = [:]
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            parts[entry.path] = String(decoding: data, as: UTF8.self)
        }
        return parts
    }

    /// The first control character (other than those `allowed`) in a text, if any.
    public static func control(in text: String, allowing allowed: Set<Unicode.Scalar> = ["\n"]) -> Unicode.Scalar? {
        text.unicodeScalars.first { s in
            !allowed.contains(s) && (s.value < 0x20 || (0x7F...0x9F).contains(s.value) || (0x202A...0x202E).contains(s.value))
        }
    }
}
