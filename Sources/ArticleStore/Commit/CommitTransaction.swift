import Articles
import DurableFiles
import NearDuplicateIndex
import SystemPackage

/// One run of `FileArticleStore.commit(_:)`.
///
/// 1. Write: decide each submission's outcome and write its files (record and near-duplicate
///    back-links, sighting, or rejection) as unnamed files (or temp files) in their target folders.
/// 2. Append the new records' entries to the near-duplicate index log, then make everything
///    durable: `fsync` each file and `fdatasync` the log, all at once on several threads, when the
///    batch has one submission (lowest latency) or the store's flush policy is `fsync` (a file
///    system `syncfs` does not flush: FUSE, network); else one `syncfs` (group commit).
/// 3. Publish: `link` each file to its final name (never replacing one), remove any temp name.
/// 4. Make the names durable: `fsync` the touched folders (at once), or one `syncfs` for a group
///    commit — which a caller that commits batch after batch may defer (`commitDeferringFlush`)
///    and run beside the next batch's work.
///
/// A record whose name another process published first (a lost race) is committed again, and then
/// becomes a sighting of the winner's record.
struct CommitTransaction {
    private let store: FileArticleStore
    /// One `syncfs` for the batch rather than an `fsync` per file and folder.
    private let groupCommit: Bool
    private let deferNameSync: Bool
    private var results: [Result<CommitOutcome, StoreError>?]
    private var pending: [UnpublishedEntry] = []
    /// The folders whose new names need a sync of their own: gathered only when no group commit's
    /// syncfs covers them.
    private var foldersToSync: Set<FilePath> = []
    /// The records this batch stores, with the sighting key of the input that stores each: the
    /// same input twice in one batch (a claim retried beside itself) is then a replay, not a
    /// sighting of itself.
    private var storedInBatch: [ContentID: (digest: ContentDigest, firstKey: String)] = [:]
    private var indexEntries: [(id: ContentID, bandKeys: [UInt32], sketch: [UInt8])] = []
    /// Each submission's changes-feed entry, by index (none for a replay or a failure).
    private var feedEntries: [Int: FeedEntry] = [:]
    /// Submissions found recorded before, at publishing (a replayed sighting or rejection).
    private var recordedBefore: Set<Int> = []
    /// The intent that makes `feedEntries` recoverable, once written.
    private var intent: FeedIntent?

    private struct UnpublishedEntry {
        let file: UnpublishedFile
        let target: FilePath
        let index: Int
        let isRecord: Bool
    }

    /// How many times a lost race was committed again before this one (at most `maximumRaceRounds`).
    private let raceRound: Int

    /// How often records that lost a race are committed again before the commit fails (transiently).
    /// On a distributed file system a name another client linked can stay unreadable here for a
    /// moment (`ENOENT`, `ESTALE`): without a bound, each retry would lose the race again and recurse
    /// until the stack overflows.
    static let maximumRaceRounds = 3

    /// Prepares a commit of `count` submissions.
    ///
    /// - Parameters:
    ///   - deferNameSync: for a batch of more than one, leave step 4 to the caller.
    ///   - raceRound: 0, or how many times these submissions already lost a race.
    init(store: FileArticleStore, count: Int, deferNameSync: Bool = false, raceRound: Int = 0) {
        self.store = store
        self.raceRound = raceRound
        self.groupCommit = count > 1 && store.flush.policy == .syncfs
        self.deferNameSync = deferNameSync && count > 1
        self.results = Array(repeating: nil, count: count)
    }

    /// Runs the four steps, then appends the outcomes to the changes feed (unless the name flush
    /// is deferred: then `DeferredCommit.feed` carries them to `FileArticleStore.completeCommit`).
    mutating func run(_ submissions: [Submission]) -> DeferredCommit {
        let seen = Timestamp.string(from: store.clock.now())
        for (index, submission) in submissions.enumerated() {
            do {
                results[index] = .success(try write(submission, at: index, seen: seen))
            } catch {
                results[index] = .failure(error)
                feedEntries[index] = nil
                // Nothing of a submission that failed part-way may be published: its record without
                // its back-links (and without its feed entry) would make its retry a replay.
                for file in pending where file.index == index { file.file.discard() }
                pending.removeAll { $0.index == index }
            }
        }
        var raced: [Int] = []
        if !pending.isEmpty {
            do throws(StoreError) {
                try writeIntent()
                raced = publish()
            } catch {
                fail(pending.map(\.index), error)
                for file in pending { file.file.discard() }
            }
        }
        // A record that lost a race is committed again (as a sighting of the winner's record) by a
        // commit of its own, which appends its own entry.
        for index in raced { feedEntries[index] = nil }
        var feed = FeedAppend(feed: store.feed, intent: intent, entries: [], complete: true)
        for (index, entry) in feedEntries.sorted(by: { $0.key < $1.key }) where !recordedBefore.contains(index) {
            if case .success = results[index] { feed.entries.append((index, entry)) } else { feed.complete = false }
        }
        if !raced.isEmpty, raceRound < Self.maximumRaceRounds {
            var again = CommitTransaction(store: store, count: raced.count, raceRound: raceRound + 1)
            let retried = again.run(raced.map { submissions[$0] }).outcomes
            for (index, result) in zip(raced, retried) { results[index] = result }
        } else if !raced.isEmpty {
            // The winner's record stays unreadable: a transient fault, retried later by the caller.
            let error = FileSystemError(
                "read the record another writer published in", store.layout.articles, .staleNFSFileHandle)
            fail(raced, .fileSystem(error))
        }
        if !deferNameSync {
            do throws(StoreError) { try feed.run() } catch { fail(feed.entries.map(\.index), error) }
            return DeferredCommit(outcomes: results.map { $0! }, feed: nil)
        }
        // Under the fsync policy the caller syncs the touched folders (nil: one syncfs).
        let folders = groupCommit ? nil : foldersToSync.sorted { $0.string < $1.string }
        return DeferredCommit(outcomes: results.map { $0! }, feed: feed, folders: folders)
    }

    private mutating func fail(_ indices: [Int], _ error: StoreError) {
        for index in indices { results[index] = .failure(error) }
    }

    /// Writes the intent of the batch's feed entries (made durable by the same flush as the files).
    private mutating func writeIntent() throws(StoreError) {
        let entries = feedEntries.sorted { $0.key < $1.key }.map(\.value)
        guard !entries.isEmpty else { return }
        do {
            let written = try FeedIntent.write(feed: store.feed, entries: entries, unnamed: store.usesUnnamedFiles)
            intent = written
            // The intent stamps the batch and writer on its entries: append those very entries.
            for (index, entry) in zip(feedEntries.keys.sorted(), written.entries) { feedEntries[index] = entry }
        } catch {
            throw .fileSystem(error)
        }
    }

    // MARK: - Writing

    private mutating func write(
        _ submission: Submission, at index: Int, seen: String
    ) throws(StoreError) -> CommitOutcome {
        let layout = store.layout
        let source = submission.source
        let holder: CommitDecision.Holder?
        if case .article(let article) = submission.content {
            if let stored = storedInBatch[article.id] {
                holder = CommitDecision.Holder(sha256: stored.digest.hex, firstKey: stored.firstKey)
            } else {
                holder = try store.existingRecord(article.id).map {
                    CommitDecision.Holder(sha256: $0.sha256, firstKey: $0.firstSource.key)
                }
            }
        } else {
            holder = nil
        }
        let decision = CommitDecision.decide(submission, holder: holder)
        let entry = FeedEntry.describing(decision, of: submission, at: seen, in: layout)
        feedEntries[index] = entry
        switch (decision, submission.content) {
        case (.reject(let rejection), _):
            try writeRejection(rejection, source: source, article: nil, seen: seen, index: index)
        case (.collision(let rejection), .article(let article)):
            try writeRejection(rejection, source: source, article: article, seen: seen, index: index)
        case (.divert(let target, let similarity), .article(let article)):
            let diverted = NearDuplicate(id: article.id, similarity: similarity)
            let sighting = Sighting(id: target, seen: seen, source: source, nearDuplicate: diverted)
            try writeUnpublished(
                sighting.jsonBytes, folder: layout.sightingShard(target),
                name: StoreLayout.sightingName(target, key: source.key), index: index, isRecord: false)
        case (.store, .article(let article)):
            let record = ArticleRecord(
                article: article, source: source, seen: seen, nearDuplicates: submission.nearDuplicates)
            try writeUnpublished(
                record.jsonBytes, folder: layout.articleShard(article.id), name: "\(article.id.hex).json", index: index,
                isRecord: true)
            for link in submission.nearDuplicates {
                let older = link.id
                let backLink = NearLink(
                    id: older, nearDuplicate: NearDuplicate(id: article.id, similarity: link.similarity), seen: seen)
                try writeUnpublished(
                    backLink.jsonBytes, folder: layout.nearShard(older),
                    name: StoreLayout.nearLinkName(older: older, newer: article.id), index: index, isRecord: false)
            }
            storedInBatch[article.id] = (article.digest, source.key)
            noteIndexEntry(submission, article)
        case (.replay, .article(let article)):
            // A replay of a record stored earlier in this batch has its index entry noted already.
            if storedInBatch[article.id] == nil { noteIndexEntry(submission, article) }
        case (.sighting, .article(let article)):
            let sighting = Sighting(id: article.id, seen: seen, source: source)
            try writeUnpublished(
                sighting.jsonBytes, folder: layout.sightingShard(article.id),
                name: StoreLayout.sightingName(article.id, key: source.key), index: index, isRecord: false)
        case (_, .rejected):
            preconditionFailure("a rejected submission is always decided .reject")
        }
        return decision.outcome(of: submission)
    }

    /// Notes a stored record's index entry, appended before the flush.
    private mutating func noteIndexEntry(_ submission: Submission, _ article: Article) {
        if let fingerprint = submission.fingerprint, !fingerprint.bandKeys.isEmpty {
            indexEntries.append((article.id, fingerprint.bandKeys, fingerprint.sketch))
        }
    }

    private mutating func writeRejection(
        _ rejection: Rejection, source: SourceFile, article: Article?, seen: String, index: Int
    ) throws(StoreError) {
        let record = RejectionRecord(rejection: rejection, seen: seen, source: source, article: article)
        let folder = store.layout.rejectionDay(String(seen.prefix(10)))
        try writeUnpublished(
            record.jsonBytes, folder: folder, name: "\(source.key).json", index: index, isRecord: false)
    }

    /// Writes `bytes` as an unnamed (or temp) file in `folder`, to be published as `folder/name`.
    private mutating func writeUnpublished(
        _ bytes: [UInt8], folder: FilePath, name: String, index: Int, isRecord: Bool
    ) throws(StoreError) {
        let target = folder.appending(name)
        let file: UnpublishedFile
        do {
            do {
                file = try write(bytes, as: target)
            } catch let error where error.errno == .noSuchFileOrDirectory {
                try makeFolders(folder)
                file = try write(bytes, as: target)
            }
        } catch {
            throw .fileSystem(error)
        }
        pending.append(UnpublishedEntry(file: file, target: target, index: index, isRecord: isRecord))
        // A group commit flushes with one syncfs and never reads the set: hashing a path per
        // record (FilePath hashes byte by byte) was then wasted.
        if !groupCommit { foldersToSync.insert(folder) }
    }

    /// An unnamed file beside `target` where the store can make them and the process has
    /// descriptors to spare (each stays open until published), else a temp file named after
    /// `target` (which a distributed file system then places where it places `target`).
    private func write(_ bytes: [UInt8], as target: FilePath) throws(FileSystemError) -> UnpublishedFile {
        if store.usesUnnamedFiles {
            do {
                if let file = try UnnamedFile.create(in: target.removingLastComponent(), bytes: bytes) {
                    return .unnamed(file)
                }
            } catch let error where error.errno == .tooManyOpenFiles {
                // Fall through to a temp name.
            }
        }
        let temp = store.layout.temporaryFile(for: target, token: FileArticleStore.randomToken())
        try FileSystem.createFile(at: temp, bytes: bytes, sync: false)
        return .temporary(temp)
    }

    /// Creates `folder` and any missing parents inside the store, remembering which parents
    /// gained an entry and so need syncing.
    private mutating func makeFolders(_ folder: FilePath) throws(FileSystemError) {
        let root = store.layout.root
        var path = root
        for component in folder.components.dropFirst(root.components.count) {
            let parent = path
            path.append(component)
            if try FileSystem.makeDirectory(path), !groupCommit { foldersToSync.insert(parent) }
        }
    }

    // MARK: - Durability and publishing

    /// Steps 2–4. Returns the indices of records that lost a race to another process.
    private mutating func publish() -> [Int] {
        let root = store.layout.root
        do throws(StoreError) {
            // Index entries go out in the same flush as the records they describe.
            let index = indexEntries.isEmpty ? nil : store.nearDuplicates?.index
            do { try index?.append(indexEntries, sync: false) } catch { throw StoreError(error) }
            // The intent is named now, so the flush below makes its name durable along with its
            // contents — before any file of the batch has a name (see `FeedIntent`).
            do { try intent?.name() } catch { throw StoreError.fileSystem(error) }
            if groupCommit {
                do { try FileSystem.syncFileSystem(containing: root) } catch { throw StoreError.fileSystem(error) }
            } else {
                try syncEach(pending.map(\.file), log: index, intent: intent)
            }
        } catch {
            intent?.abandon()
            intent = nil
            for file in pending {
                results[file.index] = .failure(error)
                file.file.discard()
            }
            return []
        }
        var raced: [Int] = []
        var published: [Int] = []
        for file in pending {
            defer { file.file.discard() }
            do {
                if try file.file.link(as: file.target) {
                    published.append(file.index)
                } else if file.isRecord {
                    raced.append(file.index)
                } else {
                    // An existing sighting or rejection name: this very input was recorded before,
                    // and its entry comes from that commit (or its intent).
                    recordedBefore.insert(file.index)
                }
            } catch {
                results[file.index] = .failure(.fileSystem(error))
            }
        }
        do {
            if deferNameSync {
                // The caller flushes, beside its next batch.
            } else if groupCommit {
                try FileSystem.syncFileSystem(containing: root)
            } else {
                try FileSystem.syncDirectories(Array(foldersToSync))
            }
        } catch {
            for index in published { results[index] = .failure(.fileSystem(error)) }
        }
        return raced
    }

    /// `fsync`s the files and `fdatasync`s the index log at the same time: the disk serves the
    /// flushes together, where one after another each would wait for the last.
    private func syncEach(
        _ files: [UnpublishedFile], log index: NearDuplicateIndex?, intent: FeedIntent?
    ) throws(StoreError) {
        enum Flush: Sendable {
            case file(UnpublishedFile)
            case log(NearDuplicateIndex)
            case intent(FeedIntent)
        }
        let flushes =
            files.map(Flush.file) + (index.map { [Flush.log($0)] } ?? []) + (intent.map { [.intent($0)] } ?? [])
        try Concurrently.run(flushes) { flush throws(StoreError) in
            switch flush {
            case .file(let file): do throws(FileSystemError) { try file.sync() } catch { throw .fileSystem(error) }
            case .log(let index): do throws(NearIndexError) { try index.syncLog() } catch { throw StoreError(error) }
            case .intent(let intent):
                do throws(FileSystemError) {
                    try intent.sync()
                    try intent.syncName()
                } catch {
                    throw .fileSystem(error)
                }
            }
        }
    }
}
