import Articles
import DurableFiles
import FoundationEssentials
import NearDuplicates
import SystemPackage

extension FileArticleStore {
    public func commit(_ submissions: [Submission]) -> [Result<CommitOutcome, StoreError>] {
        if let error = recoverOwnIntents() { return submissions.map { _ in .failure(error) } }
        var batch = CommitTransaction(store: self, count: submissions.count)
        return batch.run(submissions).outcomes
    }

    public func commitDeferringFlush(_ submissions: [Submission]) -> DeferredCommit {
        if let error = recoverOwnIntents() { return DeferredCommit(outcomes: submissions.map { _ in .failure(error) }) }
        var batch = CommitTransaction(store: self, count: submissions.count, deferNameSync: true)
        return batch.run(submissions)
    }

    /// Appends what this process's abandoned intents list (after a failed append, say) before it
    /// commits more: the inputs of that commit are being retried as replays, which append nothing,
    /// so none may be reported durable (and moved aside) while its entry still waits.
    ///
    /// - Returns: the error that kept the intents from being recovered; commit nothing then.
    private func recoverOwnIntents() -> StoreError? {
        guard feed.recoveryDue.exchange(false, ordering: .relaxed) else { return nil }
        do {
            try feed.recoverIntents(quarantine: layout.quarantine)
            return nil
        } catch {
            feed.recoveryDue.store(true, ordering: .relaxed)
            return .fileSystem(error)
        }
    }

    public func completeCommit(_ commit: DeferredCommit) throws(StoreError) {
        guard let feed = commit.feed else { return }
        do {
            if let folders = commit.folders {
                try FileSystem.syncDirectories(folders)
            } else {
                try FileSystem.syncFileSystem(containing: layout.root)
            }
        } catch {
            feed.abandon()
            throw .fileSystem(error)
        }
        try feed.run()
    }

    public func fingerprint(_ article: Article) -> Fingerprint? {
        nearDuplicates?.fingerprint(article)
    }

    public func matchNearDuplicates(_ submissions: inout [Submission]) throws(StoreError) {
        try nearDuplicates?.match(&submissions, store: self)
    }

    /// The part of a record that deduplication needs.
    struct RecordHead: Decodable {
        struct FirstSource: Decodable { let key: String }
        let sha256: String
        let firstSource: FirstSource

        enum CodingKeys: String, CodingKey {
            case sha256
            case firstSource = "first_source"
        }

        /// Reads the two fields with `RecordScanner`; `nil` when it cannot (then decode it fully).
        init?(scanning bytes: [UInt8]) {
            guard let scanner = RecordScanner(bytes), let sha256 = scanner.string("sha256"), sha256.utf8.count == 64,
                let key = scanner.string(#"first_source":{"key"#)
            else { return nil }
            self.sha256 = sha256
            self.firstSource = FirstSource(key: key)
        }
    }

    /// Reads the record of `id` if there is one. A record that cannot be read (damaged on disk) is
    /// moved to `quarantine/` so that the content can be stored afresh.
    ///
    /// - Throws: `StoreError.fileSystem`.
    func existingRecord(_ id: ContentID) throws(StoreError) -> RecordHead? {
        let path = layout.record(id)
        let bytes: [UInt8]?
        do {
            bytes = try readStoreFile(at: path)
        } catch .corruptFile {
            bytes = []  // implausibly large: quarantined below like any damaged record
        }
        guard let bytes else { return nil }
        if let head = RecordHead(scanning: bytes) ?? (try? JSONDecoder().decode(RecordHead.self, from: Data(bytes))) {
            return head
        }
        do { try quarantine(path) } catch { throw .fileSystem(error) }
        return nil
    }

    /// Moves a damaged file to `quarantine/`, keeping it for inspection.
    ///
    /// - Throws: `FileSystemError`.
    func quarantine(_ path: FilePath) throws(FileSystemError) {
        let name = (path.lastComponent?.string ?? "file") + "." + Self.randomToken()
        do {
            try FileSystem.makeDirectory(layout.quarantine)
            try FileSystem.rename(path, to: layout.quarantine.appending(name))
        } catch let error where error.errno == .noSuchFileOrDirectory {
            return  // another process moved it first
        }
    }
}
