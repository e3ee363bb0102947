import Articles
import DurableFiles
import FoundationEssentials
import SystemPackage

extension FileArticleStore {
    public func record(_ id: ContentID) throws(StoreError) -> ArticleRecord? {
        try decode(ArticleRecord.self, at: layout.record(id))
    }

    public func sightings(of id: ContentID) throws(StoreError) -> [Sighting] {
        guard let record = try record(id) else { return [] }
        var later: [Sighting] = []
        let folder = layout.sightingShard(id)
        for entry in try visibleEntries(of: folder) where StoreLayout.sightingID(entry.text) == id {
            if let sighting = try decode(Sighting.self, at: folder.appending(entry.name)) { later.append(sighting) }
        }
        return [record.firstSighting] + later.sorted { ($0.seen, $0.source.key) < ($1.seen, $1.source.key) }
    }

    public func ids(withPrefix prefix: String) throws(StoreError) -> [ContentID] {
        let prefix = prefix.lowercased()
        var ids: [ContentID] = []
        for shard in try shardNames(in: layout.articles) where shard.hasPrefix(prefix.prefix(3)) {
            for entry in try visibleEntries(of: layout.articles.appending(shard)) {
                if let id = Self.recordID(entry.text), id.hex.hasPrefix(prefix) { ids.append(id) }
            }
        }
        return ids.sorted()
    }

    public func summaries() throws(StoreError) -> [ArticleSummary] {
        let later = try laterSightingCounts()
        var summaries: [ArticleSummary] = []
        for shard in try shardNames(in: layout.articles) {
            let folder = layout.articles.appending(shard)
            for entry in try visibleEntries(of: folder) {
                guard let id = Self.recordID(entry.text),
                    let record = try decode(ArticleRecord.self, at: folder.appending(entry.name))
                else { continue }
                summaries.append(
                    ArticleSummary(
                        id: id, title: record.title, firstSeen: record.firstSeen,
                        sightings: 1 + later[id, default: 0]))
            }
        }
        return summaries.sorted { ($0.firstSeen, $0.id) < ($1.firstSeen, $1.id) }
    }

    public func statistics() throws(StoreError) -> StoreStatistics {
        let articles = try articleCount()
        let duplicates = try laterSightingCounts().values.reduce(0, +)
        var byReason: [String: Int] = [:]
        for day in try visibleEntries(of: layout.rejections) {
            let folder = layout.rejections.appending(day.name)
            for entry in try visibleEntries(of: folder) {
                let reason =
                    (try? decode(RejectionRecord.self, at: folder.appending(entry.name)))??.reason.rawValue
                    ?? "unreadable"
                byReason[reason, default: 0] += 1
            }
        }
        var bytes: Int64 = 0
        var diskBytes: Int64 = 0
        try walkFiles(under: layout.root) { _, stat in
            bytes += stat.size
            diskBytes += stat.sizeAllocated
        }
        return StoreStatistics(
            articles: articles, sightings: articles + duplicates, duplicates: duplicates,
            rejected: byReason.values.reduce(0, +), rejectedByReason: byReason, bytes: bytes, diskBytes: diskBytes
        )
    }

    // MARK: - Helpers

    /// The id in a record file name `<16 hex>.json`, or `nil` for any other name.
    static func recordID(_ name: String) -> ContentID? {
        guard name.hasSuffix(".json") else { return nil }
        return ContentID(name.dropLast(5))
    }

    /// How many later sightings each id has, from the names in `sightings/`.
    func laterSightingCounts() throws(StoreError) -> [ContentID: Int] {
        var counts: [ContentID: Int] = [:]
        for shard in try shardNames(in: layout.sightings) {
            for entry in try visibleEntries(of: layout.sightings.appending(shard)) {
                if let id = StoreLayout.sightingID(entry.text) { counts[id, default: 0] += 1 }
            }
        }
        return counts
    }

    /// The shard folder names (3 hex digits) in `folder`, sorted.
    func shardNames(in folder: FilePath) throws(StoreError) -> [String] {
        try visibleEntries(of: folder).map(\.text).filter {
            $0.utf8.count == 3 && $0.utf8.allSatisfy { ContentID.isHexDigit($0) }
        }.sorted()
    }

    /// A folder's entries without hidden (temp) files; a missing folder has none.
    func visibleEntries(of folder: FilePath) throws(StoreError) -> [DirectoryEntry] {
        try entries(of: folder).filter { !$0.isHidden }
    }

    /// A folder's entries, hidden ones included; a missing folder has none.
    func entries(of folder: FilePath) throws(StoreError) -> [DirectoryEntry] {
        do {
            return try FileSystem.entries(of: folder)
        } catch let error where error.errno == .noSuchFileOrDirectory {
            return []
        } catch {
            throw .fileSystem(error)
        }
    }

    /// Decodes a JSON file; `nil` when it does not exist.
    ///
    /// - Throws: `StoreError.corruptFile` when it does not parse.
    func decode<Value: Decodable>(_ type: Value.Type, at path: FilePath) throws(StoreError) -> Value? {
        guard let bytes = try readStoreFile(at: path) else { return nil }
        return try decode(type, from: bytes, at: path)
    }

    /// The title and paragraphs of a record (what near-duplicate fingerprints are made of), read
    /// with `RecordScanner` where it can; `nil` when there is no such record.
    ///
    /// - Throws: `StoreError.corruptFile` when it cannot be decoded, or a file-system error.
    func recordText(_ id: ContentID) throws(StoreError) -> (title: String, paragraphs: [String])? {
        let path = layout.record(id)
        guard let bytes = try readStoreFile(at: path) else { return nil }
        if let scanner = RecordScanner(bytes), let title = scanner.string("title"),
            let paragraphs = scanner.strings("paragraphs")
        {
            return (title, paragraphs)
        }
        let record = try decode(ArticleRecord.self, from: bytes, at: path)
        return (record.title, record.paragraphs)
    }

    /// A store file's bytes, or `nil` when it does not exist.
    ///
    /// - Throws: `StoreError.corruptFile` when it is implausibly large, or a file-system error.
    func readStoreFile(at path: FilePath) throws(StoreError) -> [UInt8]? {
        let bytes: [UInt8]?
        do {
            bytes = try FileSystem.readFile(at: path, limit: ArticleDecoder.defaultMaxBytes * 8)
        } catch let error where error.errno == .noSuchFileOrDirectory {
            return nil
        } catch {
            throw .fileSystem(error)
        }
        guard let bytes else { throw .corruptFile(path, "the file is implausibly large") }
        return bytes
    }

    private func decode<Value: Decodable>(
        _ type: Value.Type, from bytes: [UInt8], at path: FilePath
    ) throws(StoreError) -> Value {
        do {
            return try JSONDecoder().decode(Value.self, from: Data(bytes))
        } catch {
            throw .corruptFile(path, JSONProblem.describe(error))
        }
    }

    /// Calls `visit` with every regular file below `folder` (hidden ones included) and its `lstat`.
    func walkFiles(under folder: FilePath, _ visit: (FilePath, Stat) throws(StoreError) -> Void) throws(StoreError) {
        for entry in try entries(of: folder) {
            let path = folder.appending(entry.name)
            let stat: Stat
            do {
                stat = try path.stat(followTargetSymlink: false)
            } catch .noSuchFileOrDirectory {
                continue
            } catch {
                throw .fileSystem(FileSystemError("stat", path, error))
            }
            if stat.type == .directory {
                try walkFiles(under: path, visit)
            } else {
                try visit(path, stat)
            }
        }
    }
}

extension FileArticleStore {
    /// The number of stored articles, from folder listings only (no record is read).
    ///
    /// - Throws: `StoreError`.
    public func articleCount() throws(StoreError) -> Int {
        var count = 0
        for shard in try shardNames(in: layout.articles) {
            count += try visibleEntries(of: layout.articles.appending(shard)).count { Self.recordID($0.text) != nil }
        }
        return count
    }
}
