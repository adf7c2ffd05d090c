import Foundation
import ReadinessCore
import ReadinessInput
import ReadinessReports
import ReadinessStore

/// A file handed to an import: its name as the user gave it and its bytes, or why it could not be read.
public struct ImportSource: Sendable {
    public var name: String
    public var contents: Result<Data, SourceIssue>

    public init(name: String, bytes: Data) {
        self.name = name
        contents = .success(bytes)
    }

    public init(name: String, unreadable reason: Phrase) {
        self.name = name
        contents = .failure(SourceIssue(file: name, reason))
    }

    /// A file on disk (`InputFile`: a regular file of at most 256 MiB); one that cannot be read becomes a
    /// problem of the import, reported with the others, saying what the path is.
    public static func file(atPath path: String) -> ImportSource {
        do { return ImportSource(name: path, bytes: try InputFile.read(path)) } catch {
            if error.isMissing { return ImportSource(name: path, unreadable: "cannot read the file: \(error.reason)") }
            if error.isFolder { return ImportSource(name: path, unreadable: "is a folder: give the files in it (folder/*.xlsx)") }
            return ImportSource(name: path, unreadable: error.reason)
        }
    }
}

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
    /// The changes in words, by commune (`ChangeSummary.lines()`), when asked for.
    public var summary: [String] = []
    /// The date on which "became met/unmet" is judged (today).
    public var asOf: Day
    public var written: Bool
    public var added: Int { files.map(\.added).reduce(0, +) }
}

/// Imports ledger files: reads and checks every file first, reports every problem of all of them at
/// once, and writes nothing unless all are clean; then all events go in one transaction with each
/// file's hash. Rows dated after today are refused; rule changes are judged on today.
public struct ImportFiles: Sendable {
    public struct Input: Sendable {
        public var files: [ImportSource]
        /// Check and judge, write nothing.
        public var dryRun: Bool
        /// The date of rows (and templates) that give none.
        public var defaultDate: Day?
        /// Who recorded rows that do not say.
        public var recordedBy: String?
        /// Who imports (kept with each file).
        public var importedBy: String
        /// The language of `ImportReport.summary`; nil for no summary.
        public var summaryLanguage: Language?
        /// Who imports: the command line (nil) may change any commune, a signed-in account only its own.
        public var scope: Scope?
        /// The source of rows that give none is this and the file's name ("import ", "web: import ").
        public var sourcePrefix: String = "import "

        public init(files: [ImportSource], dryRun: Bool = false, defaultDate: Day? = nil, recordedBy: String? = nil,
                    importedBy: String, summaryLanguage: Language? = nil, scope: Scope? = nil) {
            self.scope = scope
            self.files = files
            self.dryRun = dryRun
            self.defaultDate = defaultDate
            self.recordedBy = recordedBy
            self.importedBy = importedBy
            self.summaryLanguage = summaryLanguage
        }
    }

    public let session: Session
    public init(session: Session) { self.session = session }

    public func run(_ input: Input) async throws(AppError) -> ImportReport {
        if let on = input.defaultDate, let problem = LedgerCSV.dateProblem(on, "--on") { throw .input(problem, field: "on") }
        return try await AppError.wrap { try await importing(input) }
    }

    private func importing(_ input: Input) async throws -> ImportReport {
        let database = session.database, log = session.log, today = session.today
        var (read, results) = try await checkAll(input, today: today)
        log.mark("read and check files")
        let unchangedRows = try dropRepeated(&read)
        // Each file's events as they are (the files' arrays, not one joined copy of them).
        let events = read.map(\.events)
        log.mark("repeated rows")
        let scope = input.scope ?? .local(input.importedBy)
        if !scope.writesEverywhere {
            var communes = Set<String>()
            for file in events {
                var last: String?
                for e in file where e.communeCode != last { communes.insert(e.communeCode); last = e.communeCode }   // (runs of one commune)
            }
            for code in communes.sorted() {
                try scope.requireWrite(try session.commune(code))
            }
        }
        // Locked periods and the scope, as the write will check them again inside its transaction.
        try database.checkWrite(events.joined(), guard: scope.writeGuard)
        // With nothing new (every file imported before), nothing can change: no state to read.
        // Nor from an empty ledger.
        let ledgerHasEvents = try database.hasEvents()
        let before = events.allSatisfy(\.isEmpty) || !ledgerHasEvents
            ? InventoryState(asOf: today, holdings: []) : try database.state(asOf: today)
        log.mark("state before")
        results += zip(read, unchangedRows).map { file, unchanged in
            .init(name: file.file, kind: file.kind.rawValue, added: file.events.count, unchanged: unchanged, alreadyImported: nil)
        }
        // Writing and judging what changed do not depend on each other (the state after is worked out
        // in memory from the state before): they run side by side.
        async let judged = judge(events, before: before, language: input.summaryLanguage)
        let write = !input.dryRun && !read.isEmpty
        if write {
            let now = session.clock.now()
            try database.importFiles(read.map { file in
                (ImportedFile(sha256: file.sha256, name: file.file, kind: file.kind.rawValue,
                              source: Self.source(of: file.file, prefix: input.sourcePrefix), importedBy: input.importedBy), file.events)
            }, recordedAt: now, guard: scope.writeGuard)
            log.mark("write")
        }
        let (changes, summary) = await judged
        let order = Dictionary(input.files.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        results.sort { (order[$0.name] ?? 0) < (order[$1.name] ?? 0) }
        return ImportReport(files: results, changes: changes, summary: summary, asOf: today, written: write)
    }

    /// Every file read and checked; all their problems at once, or the files' events and the results of
    /// the files imported before. The files are read and checked side by side, as many at a time as the
    /// machine has cores; their events and problems come in the order the files were given.
    private func checkAll(_ input: Input, today: Day) async throws -> ([LedgerFileContents], [ImportReport.FileResult]) {
        var issues: [SourceIssue] = []
        var results: [ImportReport.FileResult] = []
        var seenHashes: [String: String] = [:]
        // What to read: (position among the files, name, bytes, hash), after the files imported before.
        var toRead: [(position: Int, name: String, data: Data, hash: String)] = []
        for (position, source) in input.files.enumerated() {
            let data: Data
            switch source.contents {
            case .failure(let issue): issues.append(issue); continue
            case .success(let bytes): data = bytes
            }
            let name = source.name
            let hash = LedgerFile.sha256(data)
            if let other = seenHashes[hash] {
                issues.append(SourceIssue(file: name, "the same file as \(other) (same content): give it once"))
                continue
            }
            seenHashes[hash] = name
            if let earlier = try session.database.importedFile(sha256: hash) {
                results.append(.init(name: name, kind: earlier.kind, added: 0, unchanged: 0, alreadyImported: earlier))
                continue
            }
            toRead.append((position, name, data, hash))
        }
        let (catalog, directory, prefix) = (session.catalog, session.directory, input.sourcePrefix)
        let (defaultDate, recordedBy) = (input.defaultDate, input.recordedBy ?? "")
        let lanes = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        var outcomes = [Result<LedgerFileContents, InputProblems>?](repeating: nil, count: toRead.count)
        await withTaskGroup(of: (Int, Result<LedgerFileContents, InputProblems>).self) { group in
            var next = 0
            func start(_ k: Int) {
                let file = toRead[k]
                group.addTask {
                    let options = LedgerCSV.Options(defaultDate: defaultDate, latest: today,
                                                    defaultSource: Self.source(of: file.name, prefix: prefix), defaultRecordedBy: recordedBy)
                    do throws(InputProblems) {
                        return (k, .success(try LedgerFile.read(file.data, file: file.name, catalog: catalog, communes: directory,
                                                                options: options, sha256: file.hash)))
                    } catch {
                        return (k, .failure(error))
                    }
                }
            }
            while next < min(lanes, toRead.count) { start(next); next += 1 }
            for await (k, outcome) in group {
                outcomes[k] = outcome
                if next < toRead.count { start(next); next += 1 }
            }
        }
        var read: [LedgerFileContents] = []
        for outcome in outcomes {
            switch outcome {
            case .success(let contents)?: read.append(contents)
            case .failure(let problems)?: issues += problems.issues
            case nil: break
            }
        }
        if read.count > 1 { issues += conflicts(read, among: Self.overlapping(read)) }
        if !issues.isEmpty { throw InputProblems(issues) }
        return (read, results)
    }

    /// Drops the rows that would add nothing, and returns how many each file had: the same row in two
    /// files (kept once; different ones were refused), template rows that repeat what the ledger holds
    /// on their date, and flat rows that repeat an event already recorded for that holding on that
    /// very day (a re-saved copy of a file imported before has other bytes but the same rows).
    /// Up to this many flat rows, the rows already recorded are found by one seek each.
    static let seekRowsLimit = 100_000

    private func dropRepeated(_ read: inout [LedgerFileContents]) throws -> [Int] {
        var unchanged = Array(repeating: 0, count: read.count)
        for group in Self.overlapping(read) where group.count > 1 {
            var seen = Set<HoldingDay>()
            for i in group { read[i].events.removeAll { !seen.insert(HoldingDay($0)).inserted } }
        }
        var first = Int.max, last = Int.min, rows = 0
        for file in read where !file.kind.isTemplate {
            rows += file.events.count
            for e in file.events {
                first = min(first, e.effectiveOn.daysSinceEpoch)
                last = max(last, e.effectiveOn.daysSinceEpoch)
            }
        }
        // A few rows onto a large ledger: one seek per holding and day of the rows (the 10,000 national
        // corrections read every event of their span, the whole 2 M-event ledger, 25 s and 1.1 GB).
        // Many rows: one pass over the span.
        let recorded: [HoldingDay: NewEvent]
        let ledgerHasEvents = try session.database.hasEvents()
        if first > last || !ledgerHasEvents {
            recorded = [:]
        } else if rows <= Self.seekRowsLimit {
            recorded = try session.database.lastEvents(of: read.filter { !$0.kind.isTemplate }.flatMap(\.events))
        } else {
            recorded = try session.database.lastEvents(in: Day(daysSinceEpoch: first)...Day(daysSinceEpoch: last))
        }
        var states: [Day: InventoryState] = [:]
        for i in read.indices {
            let isTemplate = read[i].kind.isTemplate
            if !isTemplate && recorded.isEmpty { continue }   // nothing recorded on those days: no row can repeat one
            var kept: [NewEvent] = []
            for e in read[i].events {
                let repeated: Bool
                if isTemplate {
                    if states[e.effectiveOn] == nil { states[e.effectiveOn] = try session.database.state(asOf: e.effectiveOn) }
                    repeated = states[e.effectiveOn]!.alreadyHolds(e)
                } else {
                    repeated = recorded[HoldingDay(e)].map { ($0.working, $0.broken, $0.attributes) == (e.working, e.broken, e.attributes) } ?? false
                }
                if repeated { unchanged[i] += 1 } else { kept.append(e) }
            }
            read[i].events = kept
        }
        return unchanged
    }

    /// The rules the events change, and those changes in words when a language is given.
    private func judge(_ events: [[NewEvent]], before: InventoryState, language: Language?) async -> ([RuleChange], [String]) {
        let start = Date()
        defer { session.log?.note("evaluate before and after, and summary (beside the write)", since: start) }
        let changes = session.ruleChanges(applying: events, to: before)
        return (changes, language.map { ChangeSummary(changes: changes, language: $0).lines() } ?? [])
    }

    /// The source of a file's events when its rows give none.
    static func source(of name: String, prefix: String) -> String { prefix + URL(fileURLWithPath: name).lastPathComponent }

    /// The files in groups that may share a holding and day: files whose events, each in the ledger's key
    /// order, span ranges of keys that do not overlap (one province's communes each) are alone in their
    /// group, and a file whose events are not in key order is grouped with every other.
    static func overlapping(_ files: [LedgerFileContents]) -> [[Int]] {
        guard files.count > 1 else { return files.isEmpty ? [] : [[0]] }
        var ranges: [(file: Int, first: NewEvent, last: NewEvent)] = []
        for (i, f) in files.enumerated() {
            guard let first = f.events.first, let last = f.events.last else { continue }
            let sorted = f.events.withUnsafeBufferPointer { e in !e.indices.dropFirst().contains { LedgerOrder.precedes(e[$0], e[$0 - 1]) } }
            guard sorted else { return [Array(files.indices)] }
            ranges.append((i, first, last))
        }
        ranges.sort { LedgerOrder.precedes($0.first, $1.first) }
        var groups: [[Int]] = []
        var end: NewEvent?
        for r in ranges {
            if let e = end, !LedgerOrder.precedes(e, r.first) {   // starts at or before the group's last key
                groups[groups.count - 1].append(r.file)
                if LedgerOrder.precedes(e, r.last) { end = r.last }
            } else {
                groups.append([r.file])
                end = r.last
            }
        }
        return groups.map { $0.sorted() }
    }

    /// Two files giving different values for the same commune, item and date (only files of one group
    /// of `overlapping` can).
    private func conflicts(_ all: [LedgerFileContents], among groups: [[Int]]) -> [SourceIssue] {
        groups.filter { $0.count > 1 }.flatMap { group in conflicts(group.map { all[$0] }) }
    }

    private func conflicts(_ files: [LedgerFileContents]) -> [SourceIssue] {
        var first: [HoldingDay: (file: String, event: NewEvent)] = [:]
        var issues: [SourceIssue] = []
        for f in files {
            for e in f.events {
                let key = HoldingDay(e)
                if let earlier = first[key], earlier.file != f.file {
                    let a = earlier.event
                    if (a.working, a.broken, a.attributes) != (e.working, e.broken, e.attributes) {
                        issues.append(SourceIssue(file: f.file, "\(e.communeCode), \(e.item) on \(e.effectiveOn.iso): \(earlier.file) says \(a.working) working, \(a.broken) broken; this file says \(e.working) working, \(e.broken) broken: keep one"))
                    }
                } else if first[key] == nil {
                    first[key] = (f.file, e)
                }
            }
        }
        return issues
    }
}
