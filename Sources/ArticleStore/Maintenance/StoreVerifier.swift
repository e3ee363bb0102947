import Articles
import DurableFiles
import FoundationEssentials
import SystemPackage

/// Checks every file of a store and, when asked, repairs what can be repaired without touching
/// good records: stray temp files are removed, unreadable or mismatching files are moved to
/// `quarantine/`, misplaced records are moved to their right name.
public struct StoreVerifier {
    /// The store checked.
    let store: FileArticleStore
    /// Whether to repair what can be repaired.
    let repair: Bool
    /// What was found so far.
    var report: VerifyReport
    private var recordIDs: Set<ContentID> = []
    /// The `stored` entry each valid record must have in the feed, by id.
    var expectedEntries: [ContentID: FeedEntry] = [:]

    /// Prepares a check of `store`.
    ///
    /// - Parameters:
    ///   - store: the store.
    ///   - repair: whether to repair what can be repaired.
    public init(store: FileArticleStore, repair: Bool) {
        self.store = store
        self.repair = repair
        self.report = VerifyReport(store: store.layout.root.string)
        self.report.repaired = repair
    }

    /// Checks the whole store.
    ///
    /// - Returns: the report.
    /// - Throws: `StoreError` when the store cannot be read at all (a folder cannot be listed).
    public consuming func run() throws(StoreError) -> VerifyReport {
        let layout = store.layout
        try checkTopLevel()
        try checkTempFiles(under: layout.root)
        try checkRecords()
        try checkSightings()
        try checkRejections()
        try checkFeed()
        report.problems.sort { ($0.path, $0.kind.rawValue) < ($1.path, $1.kind.rawValue) }
        return report
    }

    // MARK: - Top level and temp files

    private mutating func checkTopLevel() throws(StoreError) {
        let known: Set<String> = [
            StoreLayout.markerName, "articles", "sightings", "rejections", "quarantine", "near", "near-index", "feed",
        ]
        for entry in try store.visibleEntries(of: store.layout.root) where !known.contains(entry.text) {
            problem(
                store.layout.root.appending(entry.name), .unexpectedFile, "newsdrop does not write this", warning: true)
        }
    }

    private mutating func checkTempFiles(under folder: FilePath) throws(StoreError) {
        let now = Date().timeIntervalSince1970
        try store.walkFiles(under: folder) { path, stat in
            let name = path.lastComponent?.string ?? ""
            guard TemporaryName.isTemporary(name) else { return }
            let age = now - Double(stat.st_mtim.tv_sec)
            if TemporaryName.mayBeInUse(name: name, modifiedSecondsAgo: age) {
                report.checked.inFlight += 1
                return
            }
            problem(
                path, .strayTempFile, "a temp file left by a writer that stopped before finishing (\(stat.size) bytes)"
            ) { () throws(FileSystemError) in
                try FileSystem.removeFile(path)
                return "removed"
            }
        }
    }

    // MARK: - Records

    private mutating func checkRecords() throws(StoreError) {
        let articles = store.layout.articles
        for shardEntry in try store.visibleEntries(of: articles) {
            let shardFolder = articles.appending(shardEntry.name)
            guard shardEntry.text.utf8.count == 3, shardEntry.text.utf8.allSatisfy(ContentID.isHexDigit) else {
                problem(shardFolder, .unexpectedFile, "not a shard folder (three hex digits)", warning: true)
                continue
            }
            for entry in try store.visibleEntries(of: shardFolder) {
                try checkRecord(at: shardFolder.appending(entry.name), shard: shardEntry.text)
            }
        }
    }

    private mutating func checkRecord(at path: FilePath, shard: String) throws(StoreError) {
        let name = path.lastComponent?.string ?? ""
        guard name.hasSuffix(".json") else {
            problem(path, .unexpectedFile, "not a record (<16 hex digits>.json)", warning: true)
            return
        }
        report.checked.articles += 1
        let record: ArticleRecord
        do {
            guard let decoded = try store.decode(ArticleRecord.self, at: path) else { return }
            record = decoded
        } catch .corruptFile(_, let reason) {
            quarantineProblem(path, .unreadableFile, "the record does not parse: \(reason)")
            return
        }
        guard record.schema <= ArticleRecord.currentSchema else {
            problem(path, .unsupportedSchema, "schema \(record.schema) is newer than this newsdrop understands")
            return
        }
        let canonical = Array(record.canonicalText.utf8)
        let digest = ContentDigest(canonicalUTF8: canonical)
        guard digest.hex == record.sha256, ContentID(digest: digest) == record.id else {
            quarantineProblem(
                path, .contentMismatch,
                "canonical_text hashes to \(digest.hex), but the record says sha256 \(record.sha256), id \(record.id)")
            return
        }
        if CanonicalText(record.canonicalText).utf8 != canonical {
            problem(path, .nonCanonicalText, "canonical_text is not in canonical form (NFC, single spaces, trimmed)")
        }
        let id = ContentID(digest: digest)
        let rightPath = store.layout.record(id)
        guard name == "\(id.hex).json", shard == id.shard else {
            moveMisplaced(path, to: rightPath, id: id)
            if repair { expectStoredEntry(record, id: id) }
            return
        }
        recordIDs.insert(id)
        expectStoredEntry(record, id: id)
    }

    private mutating func expectStoredEntry(_ record: ArticleRecord, id: ContentID) {
        var entry = FeedEntry(
            event: .stored, id: id, at: record.firstSeen, key: record.firstSource.key, file: record.firstSource.file,
            writer: store.feed.writer, batch: "repair")
        entry.title = record.title
        entry.record = store.layout.relative(store.layout.record(id))
        entry.nearDuplicates = record.nearDuplicates?.isEmpty == false ? record.nearDuplicates : nil
        expectedEntries[id] = entry
    }

    private mutating func moveMisplaced(_ path: FilePath, to rightPath: FilePath, id: ContentID) {
        problem(
            path, .misplacedRecord, "a valid record of \(id) filed under the wrong name; it belongs at \(rightPath)"
        ) { () throws(FileSystemError) in
            try FileSystem.makeDirectories(rightPath.removingLastComponent())
            guard try FileSystem.linkNoClobber(path, to: rightPath) else {
                try FileSystem.removeFile(path)  // the right place already holds this very content
                return "removed (\(rightPath) already holds it)"
            }
            try FileSystem.removeFile(path)
            try FileSystem.syncDirectory(rightPath.removingLastComponent())
            return "moved to \(rightPath)"
        }
        if repair { recordIDs.insert(id) }
    }

    // MARK: - Sightings and rejections

    private mutating func checkSightings() throws(StoreError) {
        let sightings = store.layout.sightings
        for shard in try store.visibleEntries(of: sightings) {
            let shardFolder = sightings.appending(shard.name)
            for entry in try store.visibleEntries(of: shardFolder) {
                try checkSighting(at: shardFolder.appending(entry.name), shard: shard.text)
            }
        }
    }

    private mutating func checkSighting(at path: FilePath, shard: String) throws(StoreError) {
        let name = path.lastComponent?.string ?? ""
        guard let nameID = StoreLayout.sightingID(name) else {
            problem(path, .unexpectedFile, "not a sighting (<16 hex digits>.<key>.json)", warning: true)
            return
        }
        report.checked.sightings += 1
        let sighting: Sighting
        do {
            guard let decoded = try store.decode(Sighting.self, at: path) else { return }
            sighting = decoded
        } catch .corruptFile(_, let reason) {
            quarantineProblem(path, .unreadableFile, "the sighting does not parse: \(reason)")
            return
        }
        guard sighting.id == nameID, nameID.shard == shard else {
            problem(path, .misfiledSighting, "a sighting of \(sighting.id) filed as \(shard)/\(name)")
            return
        }
        if !recordIDs.contains(nameID) {
            problem(
                path, .orphanSighting, "there is no record of \(nameID); ingesting that content again restores it",
                warning: true)
        }
    }

    private mutating func checkRejections() throws(StoreError) {
        let rejections = store.layout.rejections
        for day in try store.visibleEntries(of: rejections) {
            let folder = rejections.appending(day.name)
            for entry in try store.visibleEntries(of: folder) {
                let path = folder.appending(entry.name)
                report.checked.rejections += 1
                do {
                    _ = try store.decode(RejectionRecord.self, at: path)
                } catch .corruptFile(_, let reason) {
                    quarantineProblem(path, .unreadableFile, "the rejection entry does not parse: \(reason)")
                }
            }
        }
    }

    // MARK: - Recording problems

    private mutating func quarantineProblem(_ path: FilePath, _ kind: VerifyReport.Problem.Kind, _ message: String) {
        let store = self.store
        problem(path, kind, message) { () throws(FileSystemError) in
            try store.quarantine(path)
            return "moved to \(store.layout.quarantine)"
        }
    }

    mutating func problem(
        _ path: FilePath, _ kind: VerifyReport.Problem.Kind, _ message: String, warning: Bool = false,
        fix: (() throws(FileSystemError) -> String)? = nil
    ) {
        var entry = VerifyReport.Problem(path: path.string, kind: kind, message: message, isWarning: warning)
        if repair, let fix {
            do {
                entry.repair = try fix()
            } catch {
                entry.message += "; repair failed: \(error)"
            }
        }
        report.problems.append(entry)
    }
}
