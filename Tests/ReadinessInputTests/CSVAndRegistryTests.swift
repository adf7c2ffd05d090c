import Testing
import ReadinessCore
import ReadinessInput
import TestSupport

@Suite struct CSVTests {
    @Test("quoted fields keep commas, quotes and newlines, and records keep their line numbers")
    func quoting() throws {
        let records = try CSV.parse("\u{FEFF}a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\"multi\nline\",z\n")
        #expect(records.map(\.fields) == [["a", "b"], ["x, y", "say \"hi\""], ["multi\nline", "z"]])
        #expect(records.map(\.line) == [1, 2, 3])
    }

    @Test("an unclosed quote is an error naming the line it starts on")
    func unclosed() {
        #expect(throws: CSVError.unterminatedQuote(line: 2)) { try CSV.parse("a,b\n\"open,1\n") }
    }

    @Test("the edges of a file: no final newline, a trailing comma, blank lines, CR line ends, text after a closing quote")
    func edges() throws {
        #expect(try CSV.parse("a,b\n1,2").map(\.fields) == [["a", "b"], ["1", "2"]])
        #expect(try CSV.parse("a,b\n1,").map(\.fields) == [["a", "b"], ["1", ""]])
        #expect(try CSV.parse("a,b\n\n\n1,2\n\n").map(\.line) == [1, 4])
        #expect(try CSV.parse("a,b\r1,2\r").map(\.fields) == [["a", "b"], ["1", "2"]])
        #expect(try CSV.parse("\"a\"b,c\n").map(\.fields) == [["ab", "c"]])
        #expect(try CSV.parse("x\"y,\"\"\n").map(\.fields) == [["x\"y", ""]])
        #expect(try CSV.parse("").isEmpty)
        #expect(throws: CSVError.notText) { try CSV.parse("a,b\n1,\u{0}\n") }
    }

    @Test("random rows of awkward fields read back the same")
    func roundTripRandom() throws {
        var seed: UInt64 = 20251212
        func next(_ n: Int) -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int(seed >> 33) % n }
        let pieces = ["a", ",", "\"", "\n", "\r\n", " ", "Đăk Plô", "ồ", "0", ""]
        for _ in 0..<200 {
            let rows = (0..<(1 + next(4))).map { _ in
                (0..<(1 + next(5))).map { _ in (0..<next(4)).map { _ in pieces[next(pieces.count)] }.joined() }
            }.filter { !($0.count == 1 && $0[0].isEmpty) }   // a lone empty field is a blank line
            let back = try CSV.parse(CSV.write(rows)).map(\.fields)
            #expect(back == rows, "\(rows.map { $0.map { Array($0.unicodeScalars.map(\.value)) } }) read back as \(back.map { $0.map { Array($0.unicodeScalars.map(\.value)) } })")
        }
    }

    @Test("what is written reads back the same")
    func roundTrip() throws {
        let rows = [["code", "name"], ["23344", "Xã Đăk Plô, \"mới\""]]
        #expect(try CSV.parse(CSV.write(rows)).map(\.fields) == rows)
    }
}

extension RegistryFile {
    /// The communes of an official list; nil for an attribute file.
    var communes: [Commune]? {
        if case .communes(let communes) = self { communes } else { nil }
    }
}

@Suite struct RegistryFileTests {
    @Test("the national list filtered by province code gives that province's communes with its name")
    func nationalFiltered() throws {
        let text = try String(contentsOf: Fixtures.repoRoot.appendingPathComponent("Inventory/communes/vietnam-2025.csv"), encoding: .utf8)
        let hanoi = try #require(try CommuneListFile.parse(text, file: "vietnam-2025.csv", province: "01").communes)
        #expect(hanoi.count == 126)
        #expect(hanoi.allSatisfy { $0.provinceName == "Thành phố Hà Nội" })
    }

    @Test("the national list holds all 3,321 units, 13 of them đặc khu")
    func national() throws {
        let text = try String(contentsOf: Fixtures.repoRoot.appendingPathComponent("Inventory/communes/vietnam-2025.csv"), encoding: .utf8)
        let all = try #require(try CommuneListFile.parse(text, file: "vietnam-2025.csv").communes)
        #expect(all.count == 3321)
        #expect(all.filter { $0.type == .dacKhu }.count == 13)
    }

    @Test("the Quảng Ngãi list has 96 units: 86 xã, 9 phường, 1 đặc khu, with former_province")
    func quangNgai() throws {
        let text = try String(contentsOf: Fixtures.repoRoot.appendingPathComponent("Inventory/communes/quang-ngai-2025.csv"), encoding: .utf8)
        let qn = try #require(try CommuneListFile.parse(text, file: "qn.csv", province: "51").communes)
        #expect(qn.count == 96)
        #expect(qn.filter { $0.type == .xa }.count == 86)
        #expect(qn.filter { $0.type == .phuong }.count == 9)
        #expect(qn.first { $0.code == "23344" }?.attributes["former_province"] == .text("Kon Tum"))
    }

    @Test("a registry with a bad type and a repeated code reports both with their lines")
    func badRegistry() {
        let text = "code,name,type\n00001,Xã A,xã\n00002,Xã B,huyện\n00001,Xã C,xã\n"
        #expect {
            try CommuneListFile.parse(text, file: "r.csv")
        } throws: { error in
            let issues = (error as! InputProblems).issues
            return issues.count == 2 && issues[0].line == 3 && issues[0].message.contains("\"huyện\" is not xã, phường or đặc khu")
                && issues[1].line == 4 && issues[1].message.contains("appears twice (first on line 2)")
        }
    }

    @Test("a file without a code column says what an official list looks like")
    func noCode() {
        #expect {
            try CommuneListFile.parse("ten,loai\nA,xã\n", file: "r.csv")
        } throws: { error in
            (error as! InputProblems).description.contains("no \"code\" column")
        }
    }
}
