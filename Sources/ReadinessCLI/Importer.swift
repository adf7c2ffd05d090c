import Foundation
import ReadinessCore
import ReadinessInput
import ReadinessReports
import ReadinessStore

/// What an import did, or would do (a dry run).
public struct ImportReport: Sendable {
    public struct FileResult: Sendable {
        public var name: String
        public var kind: String
        /// Events the file adds.
        public var added: Int
        /// Template rows that say what the ledger already holds (not added again).
        public var unchanged: Int
        /// Set when the same file (same SHA-256) was imported before: nothing from it is added.
        public var alreadyImported: ImportedFile?
    }
    public var files: [FileResult]
    public var changes: [RuleChange]
    /// The changes in words, by commune (`ChangeSummary.lines()`), when asked for in `run(summaryIn:)`.
    public var summary: [String] = []
    /// The date on which "became met/unmet" is judged (today).
    public var asOf: Day
    public var written: Bool
    public var added: Int { files.map(\.added).reduce(0, +) }
}

/// Imports ledger files: reads and checks every file first, reports every problem of all of
/// them at once, and writes nothing unless all are clean; then all events go in one
/// transaction with each file's hash. The command and a future web form share it.
public struct Importer: Sendable {
    public var store: InventoryDatabase
    public var catalog: Catalog
    public var checklist: Checklist
    public var communes: [Commune]

    public init(store: InventoryDatabase, catalog: Catalog, checklist: Checklist, communes: [Commune]) {
        self.store = store
        self.catalog = catalog
        self.checklist = checklist
        self.communes = communes
    }

    /// - Parameters:
    ///   - on: the date of rows (and templates) that give none.
    ///   - by: who recorded rows that do not say; also who imported.
    ///   - today: dates after it are refused; rule changes are judged on it.
    public func run(paths: [String], dryRun: Bool, on: Day? = nil, by: String? = nil, today: Day,
                    summaryIn: Language? = nil) throws -> ImportReport {
        let directory = CommuneDirectory(communes)
        Timings.mark("commune directory")
        var issues: [SourceIssue] = []
        var read: [(contents: LedgerFileContents, unchanged: Int)] = []
        var results: [ImportReport.FileResult] = []
        var seenHashes: [String: String] = [:]
        for path in paths {
            let name = path
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue,
                  let data = FileManager.default.contents(atPath: path) else {
                issues.append(SourceIssue(file: name, isDir.boolValue ? "is a folder: give the files in it (folder/*.xlsx)"
                                                                     : "cannot read the file: no such file"))
                continue
            }
            let hash = LedgerFile.sha256(data)
            Timings.mark("read and hash file")
            if let other = seenHashes[hash] {
                issues.append(SourceIssue(file: name, "the same file as \(other) (same content): give it once"))
                continue
            }
            seenHashes[hash] = name
            if let earlier = try store.importedFile(sha256: hash) {
                results.append(.init(name: name, kind: earlier.kind, added: 0, unchanged: 0, alreadyImported: earlier))
                continue
            }
            let options = LedgerCSV.Options(defaultDate: on, latest: today,
                                            defaultSource: Self.source(of: path),
                                            defaultRecordedBy: by ?? "")
            do {
                let contents = try LedgerFile.read(data, file: name, catalog: catalog, communes: directory, options: options, sha256: hash)
                read.append((contents, 0))
            } catch {
                issues += error.issues
            }
        }
        Timings.mark("read and check files")
        if read.count > 1 { issues += conflicts(read.map(\.contents)) }
        if !issues.isEmpty { throw InputProblems(issues) }

        // The same row in two files is added once (a different one was refused above).
        if read.count > 1 {
            var seen = Set<HoldingDay>()
            for i in read.indices { read[i].contents.events.removeAll { !seen.insert(HoldingDay($0)).inserted } }
        }
        // Template rows that repeat what the ledger holds on their date add nothing; nor does a row of a flat
        // file that repeats an event already recorded for that holding on that very day (a re-saved copy of a
        // file imported before has other bytes but the same rows).
        var states: [Day: InventoryState] = [:]
        var first = Int.max, last = Int.min
        for r in read where !r.contents.kind.isTemplate {
            for e in r.contents.events {
                first = min(first, e.effectiveOn.daysSinceEpoch)
                last = max(last, e.effectiveOn.daysSinceEpoch)
            }
        }
        let recorded = first <= last ? try store.lastEvents(in: Day(daysSinceEpoch: first)...Day(daysSinceEpoch: last)) : [:]
        for i in read.indices {
            let isTemplate = read[i].contents.kind.isTemplate
            if !isTemplate && recorded.isEmpty { continue }   // nothing recorded on those days: no row can repeat one
            var kept: [NewEvent] = []
            for e in read[i].contents.events {
                let repeated: Bool
                if isTemplate {
                    if states[e.effectiveOn] == nil { states[e.effectiveOn] = try store.state(asOf: e.effectiveOn) }
                    repeated = states[e.effectiveOn]!.alreadyHolds(e)
                } else {
                    repeated = recorded[HoldingDay(e)].map { ($0.working, $0.broken, $0.attributes) == (e.working, e.broken, e.attributes) } ?? false
                }
                if repeated { read[i].unchanged += 1 } else { kept.append(e) }
            }
            read[i].contents.events = kept
        }
        let events = read.count == 1 ? read[0].contents.events : read.flatMap(\.contents.events)
        Timings.mark("repeated rows")
        // (Nothing new, e.g. every file imported before: no state to read, nothing can change.)
        let before = events.isEmpty ? InventoryState(asOf: today, holdings: []) : try store.state(asOf: today)
        Timings.mark("state before")
        results += read.map { .init(name: $0.contents.file, kind: $0.contents.kind.rawValue, added: $0.contents.events.count,
                                    unchanged: $0.unchanged, alreadyImported: nil) }
        // Writing and judging what changed do not depend on each other (the state before is read
        // above; the state after is worked out in memory): they run side by side.
        let judged = Pending<(changes: [RuleChange], summary: [String])>()
        DispatchQueue.global().async { [self] in
            let start = Date()
            defer { Timings.note("evaluate before and after, and summary (beside the write)", since: start) }
            let changes = events.isEmpty ? [] : ruleChanges(applying: events, to: before)
            // (Put in words here too, while the events are still being written.)
            judged.fulfil((changes, summaryIn.map { ChangeSummary(changes: changes, language: $0).lines() } ?? []))
        }
        if !dryRun && !read.isEmpty {
            let importer = by ?? ProcessInfo.processInfo.environment["USER"] ?? ""
            try store.importFiles(read.map { (ImportedFile(sha256: $0.contents.sha256, name: $0.contents.file, kind: $0.contents.kind.rawValue,
                                                           source: Self.source(of: $0.contents.file), importedBy: importer),
                                              $0.contents.events) })
            Timings.mark("write")
        }
        let (changes, summary) = judged.wait()
        let order = Dictionary(paths.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        results.sort { (order[$0.name] ?? 0) < (order[$1.name] ?? 0) }
        return ImportReport(files: results, changes: changes, summary: summary, asOf: today, written: !dryRun && !read.isEmpty)
    }

    /// The rules that become met or unmet when the events are added to the state (of today).
    /// Outcomes are per commune: only the communes the events touch can change.
    func ruleChanges(applying events: [NewEvent], to before: InventoryState) -> [RuleChange] {
        let touched = Set(events.map(\.communeCode))
        let scope = communes.filter { touched.contains($0.code) }
        let domainOrder = catalog.domains.map(\.id)
        let old = Evaluator.evaluate(checklist, communes: scope, state: before, domainOrder: domainOrder)
        let new = Evaluator.evaluate(checklist, communes: scope, state: before.applying(events), domainOrder: domainOrder)
        return new.changes(since: old)
    }

    /// The source of a file's events when its rows give none.
    static func source(of path: String) -> String { "import " + URL(fileURLWithPath: path).lastPathComponent }

    /// Two files giving different values for the same commune, item and date.
    func conflicts(_ files: [LedgerFileContents]) -> [SourceIssue] {
        var first: [HoldingDay: (file: String, event: NewEvent)] = [:]
        var issues: [SourceIssue] = []
        for f in files {
            for e in f.events {
                let key = HoldingDay(e)
                if let earlier = first[key], earlier.file != f.file {
                    let a = earlier.event
                    if (a.working, a.broken, a.attributes) != (e.working, e.broken, e.attributes) {
                        issues.append(SourceIssue(file: f.file, "\(e.communeCode), \(e.item) on \(e.effectiveOn.iso): "
                                                  + "\(earlier.file) says \(a.working) working, \(a.broken) broken; this file says "
                                                  + "\(e.working) working, \(e.broken) broken: keep one"))
                    }
                } else if first[key] == nil {
                    first[key] = (f.file, e)
                }
            }
        }
        return issues
    }
}


/// A value worked out on another thread, waited for once.
private final class Pending<Value>: @unchecked Sendable {   // (the semaphore orders the write before the read)
    private var value: Value?
    private let done = DispatchSemaphore(value: 0)
    func fulfil(_ value: Value) { self.value = value; done.signal() }
    func wait() -> Value { done.wait(); return value! }
}
