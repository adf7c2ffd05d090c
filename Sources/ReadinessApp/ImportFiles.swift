import CoreMetrics
import Foundation
import ReadinessCore
import ReadinessInput
import ReadinessReports
import ReadinessStore

/// A file handed to an import: its name as the user gave it and its bytes, or where they are on disk
/// (read when the import comes to it, so that an import holds one file at a time), or why it cannot be read.
public struct ImportSource: Sendable {
    public var name: String
    private enum Origin: Sendable {
        case bytes(Data)
        case path(String)
        case unreadable(SourceIssue)
    }
    private var origin: Origin

    public init(name: String, bytes: Data) {
        self.name = name
        origin = .bytes(bytes)
    }

    public init(name: String, unreadable reason: Phrase) {
        self.name = name
        origin = .unreadable(SourceIssue(file: name, reason))
    }

    /// A file on disk (`InputFile`: a regular file of at most 256 MiB), read when needed; one that cannot be
    /// read becomes a problem of the import, reported with the others, saying what the path is.
    public static func file(atPath path: String) -> ImportSource {
        var source = ImportSource(name: path, bytes: Data())
        source.origin = .path(path)
        return source
    }

    /// The bytes, read now for a file on disk, or why they cannot be had.
    public func load() -> Result<Data, SourceIssue> {
        switch origin {
        case .bytes(let data): return .success(data)
        case .unreadable(let issue): return .failure(issue)
        case .path(let path):
            do { return .success(try InputFile.read(path)) } catch {
                if error.isMissing { return .failure(SourceIssue(file: path, "cannot read the file: \(error.reason)")) }
                if error.isFolder { return .failure(SourceIssue(file: path, "is a folder: give the files in it (folder/*.xlsx)")) }
                return .failure(SourceIssue(file: path, error.reason))
            }
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
    /// The changes in words, by commune (`ChangeSummary.lines()`), when asked for (see `Input.wholeSummary`).
    public var summary: [String] = []
    /// The date on which "became met/unmet" is judged (today).
    public var asOf: Day
    public var written: Bool
    public var added: Int { files.map(\.added).reduce(0, +) }
}

/// Imports ledger files in one transaction, all or nothing: each file is read and checked while the
/// rows before it are written (one file and a few thousand rows in memory at a time, whatever the
/// import's size), every problem of every file is reported at once, and when there is any, nothing is
/// written. Each file is kept with its hash. Rows dated after today are refused; rule changes are
/// judged on today.
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
        /// How the files' problems say to mend them (the command's options, or the web's import page).
        public var advice: LedgerCSV.Advice = .commandLine
        /// The language of `ImportReport.summary`; nil for no summary.
        public var summaryLanguage: Language?
        /// Whether the summary is wanted however long (for a file); otherwise it is given only when it is
        /// short enough to print whole (`ChangeDigest.isShort`), and is empty for a digest to stand for it.
        public var wholeSummary = true
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

    /// How much of the files an import holds at a time. The defaults suit imports of any size.
    public struct Reading: Sendable {
        /// Rows handed from reading to writing at a time in a large import.
        public var runLength: Int
        /// An import of up to this many lines in all hands each file over whole, in the ledger's order:
        /// it is then written as one sorted run (about 250 bytes a row in memory: 64 MB at most), which
        /// SQLite appends faster than runs that interleave.
        public var wholeFileLines: Int

        public init(runLength: Int = 8192, wholeFileLines: Int = 1 << 18) {
            self.runLength = max(1, runLength)
            self.wholeFileLines = wholeFileLines
        }
    }

    /// A commune's run of up to this many rows is compared with the ledger by one seek per row; a longer
    /// one by one pass over the commune's events of its days.
    static let seekRunLimit = 16

    public let session: Session
    public let reading: Reading
    public init(session: Session, reading: Reading = Reading()) {
        self.session = session
        self.reading = reading
    }

    public func run(_ input: Input) async throws(AppError) -> ImportReport {
        if let on = input.defaultDate, let problem = LedgerCSV.dateProblem(on, "--on") { throw .input(problem, field: "on") }
        return try await AppError.wrap { try await importing(input) }
    }

    /// A file to read: its position among those given, its source and hash.
    struct ToRead: Sendable {
        var position: Int
        var source: ImportSource
        var sha256: String
        /// Its line breaks: at least its number of rows, for a text file.
        var lines: Int
    }

    private func importing(_ input: Input) async throws -> ImportReport {
        let database = session.database, log = session.log, today = session.today
        let (toRead, alreadyImported, earlierIssues) = try hashAll(input.files)
        log.mark("hash files")
        var results = alreadyImported
        if toRead.isEmpty && earlierIssues.isEmpty {   // every file imported before: nothing to read, nothing changes
            return ImportReport(files: results.sorted { $0.position < $1.position }.map(\.result), changes: [], asOf: today, written: false)
        }
        let scope = input.scope ?? .local(input.importedBy)
        let write = !input.dryRun && !toRead.isEmpty
        let (session, prefix) = (self.session, input.sourcePrefix)
        let options = {
            var options = LedgerCSV.Options(defaultDate: input.defaultDate, latest: today, defaultSource: "",
                                            defaultRecordedBy: input.recordedBy ?? "")
            options.advice = input.advice
            return options
        }()
        // The file's own "recorded by" column is what it declares; who imported it is the signed-in account.
        let importedBy = scope.actor(claimed: input.importedBy)
        let (language, reading) = (input.summaryLanguage, self.reading)
        let wholeSummary = input.wholeSummary
        let outcome = try await database.importing(writes: write, recordedAt: session.clock.now(), guard: scope.writeGuard) { transaction in
            try Self.readAndWrite(toRead, earlierIssues: earlierIssues, options: options, prefix: prefix, importedBy: importedBy,
                                  scope: scope, summary: language.map { ($0, wholeSummary) }, reading: reading, session: session,
                                  transaction: transaction)
        }
        log.mark(write ? "read, check and write files (side by side)" : "read and check files")
        if write { Counter(label: "readiness_imported_rows").increment(by: outcome.results.reduce(0) { $0 + $1.result.added }) }
        results += outcome.results
        results.sort { $0.position < $1.position }
        return ImportReport(files: results.map(\.result), changes: outcome.judged.changes, summary: outcome.judged.summary, asOf: today,
                            written: write)
    }

    /// Each file's hash, read one file at a time: the files to read, those imported before (nothing of
    /// them is read again), and the problems of files that cannot be read or are given twice.
    private func hashAll(_ files: [ImportSource]) throws -> ([ToRead], [(position: Int, result: ImportReport.FileResult)], [SourceIssue]) {
        var toRead: [ToRead] = [], results: [(position: Int, result: ImportReport.FileResult)] = [], issues: [SourceIssue] = []
        var seenHashes: [String: String] = [:]
        for (position, source) in files.enumerated() {
            let hash: String, lines: Int
            switch source.load() {
            case .failure(let issue): issues.append(issue); continue
            case .success(let bytes):
                hash = LedgerFile.sha256(bytes)
                lines = LedgerFile.lineFeeds(in: bytes)
            }
            if let other = seenHashes[hash] {
                issues.append(SourceIssue(file: source.name, "the same file as \(other) (same content): give it once"))
                continue
            }
            seenHashes[hash] = source.name
            if let earlier = try session.database.importedFile(sha256: hash) {
                results.append((position, .init(name: source.name, kind: earlier.kind, added: 0, unchanged: 0, alreadyImported: earlier)))
                continue
            }
            toRead.append(ToRead(position: position, source: source, sha256: hash, lines: lines))
        }
        return (toRead, results, issues)
    }

    /// What the reading of the files hands to their writing, in order.
    enum Piece: Sendable {
        /// The file (by its number among those to read) whose rows come next.
        case file(Int)
        /// Good rows of that file, in the ledger's order, none repeating a holding and day given before in the import.
        case rows(LedgerRows)
        /// The end of the file: its kind and its rows left out as repeats of rows before.
        case endFile(LedgerFileContents.Kind, repeats: Int)
        /// The end of reading: every problem found, and the first commune the importer may not change; or,
        /// with none, the rules the rows change (and those changes in words).
        case end([SourceIssue], refusal: AppError?, judged: Judged)
    }

    /// The rules an import changes, and the changes in words when a language is asked for.
    struct Judged: Sendable {
        var changes: [RuleChange] = []
        var summary: [String] = []
    }

    struct Outcome: Sendable {
        var results: [(position: Int, result: ImportReport.FileResult)]
        var judged: Judged
    }

    /// Reads the files on a thread of their own and, on this one (the transaction's), writes what they hand
    /// over, run after run. Throws every problem of every file (the transaction then writes nothing).
    private static func readAndWrite(_ files: [ToRead], earlierIssues: [SourceIssue], options: LedgerCSV.Options, prefix: String,
                                     importedBy: String, scope: Scope, summary: (language: Language, whole: Bool)?, reading: Reading, session: Session,
                                     transaction: ImportTransaction) throws -> Outcome {
        let today = session.today
        let before = transaction.ledgerHadEvents ? try transaction.state(asOf: today) : InventoryState(asOf: today, holdings: [])
        var judged = Judged()
        var added = [Int](repeating: 0, count: files.count), unchanged = added
        var kinds = [String](repeating: "", count: files.count)
        let handoff = Handoff<Piece>(capacity: 2)
        DispatchQueue.global(qos: .userInitiated).async {
            read(files, earlierIssues: earlierIssues, options: options, prefix: prefix, scope: scope, before: before,
                 summary: summary, reading: reading, session: session, into: handoff)
        }
        defer { handoff.closeAndWaitForMaker() }
        var current = 0
        while let piece = handoff.take() {
            switch piece {
            case .file(let n):
                current = n
                try transaction.beginFile(ImportedFile(sha256: files[n].sha256, name: files[n].source.name, kind: "",
                                                       source: source(of: files[n].source.name, prefix: prefix), importedBy: importedBy))
            case .rows(var rows):
                if transaction.ledgerHadEvents {
                    let before = rows.count
                    try dropRecorded(&rows, transaction: transaction)
                    unchanged[current] += before - rows.count
                }
                try transaction.append(rows.events, inKeyOrder: true)
                added[current] += rows.count
            case .endFile(let kind, let repeats):
                kinds[current] = kind.rawValue
                unchanged[current] += repeats
                try transaction.endFile(kind: kind.rawValue)
            case .end(let issues, let refusal, let judgement):
                if !issues.isEmpty { throw InputProblems(issues) }
                if let refusal { throw refusal }
                judged = judgement
            }
        }
        let results = files.indices.map { n in
            (files[n].position, ImportReport.FileResult(name: files[n].source.name, kind: kinds[n], added: added[n],
                                                         unchanged: unchanged[n], alreadyImported: nil))
        }
        return Outcome(results: results, judged: judged)
    }

    /// Reads and checks the files in order, handing over their good rows as long as no problem was found,
    /// and every problem at the end. Each row is checked against those before it in the import
    /// (`RepeatedRows`): a repeat is left out, a disagreement is a problem. With no problem, judges what
    /// the rows change from `before` (the state on today when the import began) while the last rows are
    /// written: a row the writing leaves out says what the ledger holds, and changes nothing.
    private static func read(_ files: [ToRead], earlierIssues: [SourceIssue], options: LedgerCSV.Options, prefix: String,
                             scope: Scope, before: InventoryState, summary: (language: Language, whole: Bool)?, reading: Reading,
                             session: Session, into handoff: Handoff<Piece>) {
        defer { handoff.finish() }
        var after = before
        var touched = Set<String>()
        var issues = earlierIssues
        var refusal: AppError?
        let lines = files.map(\.lines).reduce(0, +)
        let runLength = lines <= reading.wholeFileLines ? nil : reading.runLength
        var repeated = RepeatedRows(expectedRows: files.count > 1 || runLength != nil ? lines : 0)
        var allowed = Set<String>()
        for (n, file) in files.enumerated() {
            guard handoff.isOpen else { return }
            let data: Data
            switch file.source.load() {
            case .failure(let issue): issues.append(issue); continue
            case .success(let bytes): data = bytes
            }
            var fileOptions = options
            fileOptions.defaultSource = source(of: file.source.name, prefix: prefix)
            if issues.isEmpty && refusal == nil { handoff.put(.file(n)) }
            var repeats = 0
            do throws(InputProblems) {
                let kind = try LedgerFile.read(data, file: file.source.name, catalog: session.catalog, communes: session.directory,
                                               options: fileOptions, runLength: runLength) { delivered in
                    var rows = consume delivered   // (moved, not copied: the rows are sorted and thinned in place)
                    // (The rows of one file alone were compared with each other as it was read whole.)
                    if files.count > 1 || runLength != nil {
                        let (same, problems) = repeated.leaveOutRepeats(of: &rows, file: n, communes: session.directory) { files[$0].source.name }
                        repeats += same
                        issues += problems
                    }
                    if !scope.writesEverywhere {
                        var communes = Set<String>()
                        rows.events.collectCommunes(into: &communes)
                        for code in communes.subtracting(allowed).sorted() where refusal == nil {
                            do throws(AppError) { try scope.requireWrite(try session.commune(code)); allowed.insert(code) } catch { refusal = error }
                        }
                    }
                    rows.sortByKey()
                    if issues.isEmpty && refusal == nil && !rows.isEmpty {
                        handoff.put(.rows(rows))
                        rows.events.collectCommunes(into: &touched)
                        after.apply(rows.events)
                    }
                }
                if issues.isEmpty && refusal == nil { handoff.put(.endFile(kind, repeats: repeats)) }
            } catch {
                issues += error.issues
            }
        }
        var judged = Judged()
        if issues.isEmpty && refusal == nil {
            judged.changes = session.ruleChanges(from: before, to: after, communes: touched)
            if let summary, summary.whole || ChangeDigest(changes: judged.changes, language: summary.language).isShort {
                judged.summary = ChangeSummary(changes: judged.changes, language: summary.language).lines()
            }
        }
        handoff.put(.end(issues, refusal: refusal, judged: judged))
    }

    /// Leaves out the rows that repeat what the ledger holds: a template's rows that say what its commune
    /// holds on their date, a flat file's rows that repeat the last event recorded for that holding on that
    /// very day (a re-saved copy of a file imported before has other bytes but the same rows).
    private static func dropRecorded(_ rows: inout LedgerRows, transaction: ImportTransaction) throws {
        var keep = [Bool](repeating: true, count: rows.count), dropped = 0
        let events = rows.events
        if rows.fromTemplate {
            var states: [Day: InventoryState] = [:]
            for (k, e) in events.enumerated() {
                if states[e.effectiveOn] == nil { states[e.effectiveOn] = try transaction.state(asOf: e.effectiveOn, communes: [e.communeCode]) }
                if states[e.effectiveOn]!.alreadyHolds(e) { keep[k] = false; dropped += 1 }
            }
        } else {
            var start = 0
            while start < events.count {
                var end = start + 1
                while end < events.count && events[end].communeCode == events[start].communeCode { end += 1 }
                let run = events[start..<end]
                let recorded: [HoldingDay: NewEvent]
                if run.count <= seekRunLimit {
                    recorded = try transaction.lastEvents(of: run)
                } else {
                    let days = run.map(\.effectiveOn)
                    recorded = try transaction.lastEvents(commune: events[start].communeCode, in: days.min()!...days.max()!)
                }
                for k in start..<end {
                    let e = events[k]
                    if let r = recorded[HoldingDay(e)], (r.working, r.broken, r.attributes) == (e.working, e.broken, e.attributes) {
                        keep[k] = false
                        dropped += 1
                    }
                }
                start = end
            }
        }
        if dropped > 0 { rows.keep { keep[$0] } }
    }

    /// The source of a file's events when its rows give none.
    static func source(of name: String, prefix: String) -> String { prefix + URL(fileURLWithPath: name).lastPathComponent }
}
