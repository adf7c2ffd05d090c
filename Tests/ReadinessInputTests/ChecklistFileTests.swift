import Testing
import ReadinessCore
import ReadinessInput
import TestSupport

/// The checklist language: every mistake reported with file:line and a reason; a bad checklist is never half-used.
@Suite struct ChecklistFileTests {
    let catalog = try! Fixtures.catalog()

    func problems(_ yaml: String) -> [SourceIssue] {
        do {
            _ = try ChecklistFile.parse(yaml, file: "bad.yaml", catalog: catalog)
            return []
        } catch {
            return error.issues
        }
    }

    static let head = """
        id: test
        title: {vi: Thử, en: Test}
        deadline: 2025-12-31
        rules:

        """

    @Test("the shipped checklist is valid and lists the report's lines in order")
    func shipped() throws {
        let checklist = try Fixtures.checklist()
        #expect(checklist.id == "quang-ngai-commune-centre-2025")
        #expect(checklist.rules.map(\.id) == ["data-network", "vcs-terminal", "queue-machine", "number-display", "digitisation-set",
                                             "lookup-kiosk", "official-pcs", "other-equipment", "security-device", "digital-signature"])
        #expect(checklist.rules.allSatisfy { !$0.source.isEmpty })
        let pcs = checklist.rules.first { $0.id == "official-pcs" }!
        #expect(pcs.per == "officials")
        #expect(checklist.rules.first { $0.id == "data-network" }?.deadline == Day(iso: "2025-06-30"))
    }

    @Test("an unknown item is reported with its line and the nearest item")
    func unknownItem() {
        let issues = problems(Self.head + "  - {id: a, item: vcs-terminl, name: {vi: A, en: A}}\n")
        #expect(issues.count == 1)
        #expect(issues[0].line == 5)
        #expect(issues[0].description.hasPrefix("bad.yaml:5:"))
        #expect(issues[0].message.contains("unknown item \"vcs-terminl\" (did you mean vcs-terminal?)"))
    }

    @Test("an attribute the item does not have is reported with the attributes it has")
    func unknownAttribute() {
        let issues = problems(Self.head + """
              - id: a
                item: vcs-terminal
                name: {vi: A, en: A}
                require:
                  bandwidth_mbps: ">= 100"

            """)
        #expect(issues.count == 1)
        #expect(issues[0].line == 9)
        #expect(issues[0].message == "rule a: item vcs-terminal has no attribute \"bandwidth_mbps\" (known: meets_hnth)")
    }

    @Test("a misspelt attribute is reported with the one it was meant to be")
    func misspeltAttribute() {
        let issues = problems(Self.head + """
              - id: a
                item: vcs-terminal
                name: {vi: A, en: A}
                require:
                  meets_hnt: true

            """)
        #expect(issues.count == 1)
        #expect(issues[0].line == 9)
        #expect(issues[0].message == "rule a: item vcs-terminal has no attribute \"meets_hnt\" (did you mean meets_hnth?)")
    }

    @Test("a condition of the wrong type is reported with how to write it")
    func wrongType() {
        let issues = problems(Self.head + """
              - id: a
                item: vcs-terminal
                name: {vi: A, en: A}
                require:
                  meets_hnth: ">= 5"

            """)
        #expect(issues.count == 1)
        #expect(issues[0].line == 9)
        #expect(issues[0].message.contains("meets_hnth is bool"))
        #expect(issues[0].message.contains("write true or false"))
    }

    @Test("a number where a count is needed, and valid on a number, are reported")
    func wrongValues() {
        let issues = problems(Self.head + """
              - id: a
                item: data-network-link
                name: {vi: A, en: A}
                min: two
                require:
                  bandwidth_mbps: valid

            """)
        #expect(issues.count == 2)
        #expect(issues.map(\.line) == [8, 10])
        #expect(issues[0].message.contains("min \"two\" must be a whole number"))
        #expect(issues[1].message.contains("\"valid\" applies to dates"))
    }

    @Test("a bad date is reported with the expected form")
    func badDate() {
        let issues = problems(Self.head + "  - {id: a, item: queue-machine, name: {vi: A, en: A}, deadline: 2025-02-30}\n")
        #expect(issues.count == 1)
        #expect(issues[0].message.contains("\"2025-02-30\" is not a date: write YYYY-MM-DD"))
    }

    @Test("a duplicate rule id is reported on its second line, naming the first")
    func duplicateID() {
        let issues = problems(Self.head + """
              - {id: a, item: queue-machine, name: {vi: A, en: A}}
              - {id: a, item: number-display, name: {vi: B, en: B}}

            """)
        #expect(issues.count == 1)
        #expect(issues[0].line == 6)
        #expect(issues[0].message.contains("rule id \"a\" is used twice (first on line 5)"))
    }

    @Test("an unknown key is reported with the nearest known key")
    func unknownKey() {
        let issues = problems(Self.head + "  - {id: a, item: queue-machine, name: {vi: A, en: A}, deadlne: 2025-12-31}\n")
        #expect(issues.count == 1)
        #expect(issues[0].message.contains("unknown key \"deadlne\" (did you mean deadline?)"))
    }

    @Test("a YAML syntax error is reported with its line")
    func syntax() {
        let issues = problems("id: test\ntitle: [unclosed\n")
        #expect(issues.count == 1)
        #expect(issues[0].line != nil)
        #expect(issues[0].message.hasPrefix("YAML syntax"))
    }

    @Test("a duplicated key in one mapping is reported")
    func duplicateKey() {
        let issues = problems("id: a\nid: b\ntitle: x\ndeadline: 2025-12-31\nrules: []\n")
        #expect(issues.contains { $0.message.contains("duplicate key \"id\"") })
    }

    @Test("missing required fields are all reported at once")
    func missingFields() {
        let issues = problems("id: test\nrules:\n  - {id: a}\n")
        let text = issues.map(\.message).joined(separator: "\n")
        #expect(text.contains("\"title\" is missing"))
        #expect(text.contains("\"deadline\" is missing"))
        #expect(text.contains("\"item\" is missing"))
        #expect(text.contains("\"name\" is missing"))
    }

    @Test("several mistakes in one file are all reported, in one run")
    func several() {
        let issues = problems(Self.head + """
              - {id: a, item: nope, name: {vi: A, en: A}}
              - {id: b, item: queue-machine, name: {vi: B, en: B}, weight: -1}
              - {id: a, item: queue-machine, name: {vi: C, en: C}, wording: maybe}

            """)
        #expect(issues.count == 4)
        #expect(issues.map(\.line) == [5, 6, 7, 7])
    }

    @Test("applies_to and where conditions on commune attributes are read")
    func appliesTo() throws {
        let checklist = try ChecklistFile.parse(Self.head + """
              - id: a
                item: queue-machine
                name: {vi: A, en: A}
                applies_to:
                  type: [xã, đặc khu]
                  where:
                    former_province: Kon Tum
                    officials: ">= 10"

            """, file: "ok.yaml", catalog: catalog)
        let rule = checklist.rules[0]
        #expect(rule.appliesTo.types == [.xa, .dacKhu])
        #expect(rule.appliesTo.conditions.count == 2)
        #expect(rule.appliesTo.conditions.contains(Condition(attribute: "officials", comparison: .atLeast(.int(10)))))
    }
}
