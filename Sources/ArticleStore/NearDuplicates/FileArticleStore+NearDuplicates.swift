import Articles
import DurableFiles
import FoundationEssentials
import NearDuplicateIndex
import NearDuplicates
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

extension FileArticleStore {
    /// An article's near-duplicates: the older ones its record links to, the newer ones linked back
    /// to it, and texts diverted onto it; most similar first.
    ///
    /// - Throws: `StoreError`.
    public func similar(to id: ContentID) throws(StoreError) -> [SimilarArticle] {
        guard let record = try record(id) else { return [] }
        var similar: [SimilarArticle] = []
        for link in record.nearDuplicates ?? [] {
            similar.append(
                SimilarArticle(
                    id: link.id, title: try title(of: link.id), similarity: link.similarity, relation: .older))
        }
        for link in try backLinks(of: id) {
            similar.append(
                SimilarArticle(
                    id: link.nearDuplicate.id, title: try title(of: link.nearDuplicate.id),
                    similarity: link.nearDuplicate.similarity, relation: .newer))
        }
        for sighting in try sightings(of: id) {
            guard let diverted = sighting.nearDuplicate else { continue }
            similar.append(
                SimilarArticle(id: diverted.id, title: nil, similarity: diverted.similarity, relation: .diverted))
        }
        return similar.sorted { ($0.similarity, $1.id) > ($1.similarity, $0.id) }
    }

    /// Every group of two or more stored articles joined by near-duplicate links, largest first.
    ///
    /// - Throws: `StoreError`.
    public func nearDuplicateClusters() throws(StoreError) -> [NearDuplicateCluster] {
        var sets = UnionFind<ContentID>()
        var lowest: [ContentID: Double] = [:]
        var edges: [(ContentID, ContentID, Double)] = []
        for shard in try shardNames(in: layout.near) {
            let folder = layout.near.appending(shard)
            for entry in try visibleEntries(of: folder) {
                guard let link = try decode(NearLink.self, at: folder.appending(entry.name)) else { continue }
                edges.append((link.id, link.nearDuplicate.id, link.nearDuplicate.similarity))
            }
        }
        for (older, newer, _) in edges { sets.union(older, newer) }
        for (older, _, similarity) in edges {
            lowest[sets.find(older)] = min(lowest[sets.find(older)] ?? 1, similarity)
        }
        var members: [ContentID: [ContentID]] = [:]
        for id in sets.elements { members[sets.find(id), default: []].append(id) }
        let later = try laterSightingCounts()
        var clusters: [NearDuplicateCluster] = []
        for (group, ids) in members {
            var articles: [ArticleSummary] = []
            for id in ids {
                guard let record = try record(id) else { continue }
                articles.append(
                    ArticleSummary(
                        id: id, title: record.title, firstSeen: record.firstSeen, sightings: 1 + later[id, default: 0]))
            }
            guard articles.count >= 2 else { continue }
            clusters.append(
                NearDuplicateCluster(
                    articles: articles.sorted { ($0.firstSeen, $0.id) < ($1.firstSeen, $1.id) },
                    lowestSimilarity: lowest[group] ?? 1))
        }
        return clusters.sorted {
            ($0.articles.count, $1.articles[0].firstSeen) > ($1.articles.count, $0.articles[0].firstSeen)
        }
    }

    /// The back-links newer articles left on `id`.
    func backLinks(of id: ContentID) throws(StoreError) -> [NearLink] {
        let folder = layout.nearShard(id)
        var links: [NearLink] = []
        for entry in try visibleEntries(of: folder) where entry.text.hasPrefix(id.hex + ".") {
            if let link = try decode(NearLink.self, at: folder.appending(entry.name)) { links.append(link) }
        }
        return links
    }

    private func title(of id: ContentID) throws(StoreError) -> String? {
        try record(id)?.title
    }

    // MARK: - The index

    /// Waits until the near-duplicate index's background merges are done (none streaming, none due),
    /// so the index is left as compact as merging makes it; returns at once for a store opened
    /// without near-duplicate detection. Closing the store instead stops a merge in progress, which
    /// the next process to flush or open the index then does again.
    ///
    /// - Throws: `StoreError` of a background merge that failed (the index stays correct, with its
    ///   segments left unmerged).
    public func waitForNearIndexMerges() throws(StoreError) {
        do { try nearDuplicates?.index.waitForMerges() } catch { throw StoreError(error) }
    }

    /// Whether the store has a near-duplicate index, in which format, and whether it fits `parameters`.
    func nearIndexPresence(for parameters: NearDuplicateParameters) throws(StoreError) -> NearDuplicateIndex.Presence {
        do { return try NearDuplicateIndex.presence(in: layout.nearIndex, for: parameters) } catch {
            throw StoreError(error)
        }
    }

    /// Builds the near-duplicate index afresh from every record and puts it in place of the old one.
    /// Stop daemons using the store first: they keep appending to the index they opened.
    ///
    /// - Parameters:
    ///   - parameters: what to build it for (`NearDuplicateParameters(threshold:)`); by default the
    ///     parameters of the index in place, or the standard ones when there is none in this format.
    ///   - progress: called with 0 as the rebuild starts, then with the number of articles indexed
    ///     so far after every 4,096.
    /// - Returns: the number of articles indexed.
    /// - Throws: `StoreError`.
    @discardableResult
    public func rebuildNearIndex(
        parameters: NearDuplicateParameters? = nil, progress: (Int) -> Void = { _ in }
    ) throws(StoreError) -> Int {
        let inPlace = parameters == nil ? try nearIndexParameters() : nil
        let parameters = parameters ?? inPlace ?? .standard
        let fresh = layout.root.appending(".near-index.rebuild-\(Self.randomToken())")
        var indexed = 0
        progress(0)
        do {
            let fingerprinter = Fingerprinter(parameters: parameters)
            let index: NearDuplicateIndex
            do { index = try NearDuplicateIndex(folder: fresh, parameters: fingerprinter.parameters) } catch {
                throw StoreError(error)
            }
            var pending: [(id: ContentID, bandKeys: [UInt32], sketch: [UInt8])] = []
            func drain() throws(StoreError) {
                do {
                    try index.append(pending, sync: false)
                    try index.refresh()
                } catch {
                    throw StoreError(error)
                }
                pending.removeAll(keepingCapacity: true)
                progress(indexed)
            }
            for shard in try shardNames(in: layout.articles) {
                let folder = layout.articles.appending(shard)
                for entry in try visibleEntries(of: folder) {
                    guard let id = Self.recordID(entry.text),
                        let record = try? decode(ArticleRecord.self, at: folder.appending(entry.name))
                    else { continue }
                    let fingerprint = fingerprinter.fingerprint(title: record.title, paragraphs: record.paragraphs)
                    guard !fingerprint.bandKeys.isEmpty else { continue }
                    pending.append((id, fingerprint.bandKeys, fingerprint.sketch))
                    indexed += 1
                    if pending.count == 4096 { try drain() }
                }
            }
            try drain()
            // Merged before the folder is made durable and put in place, as the index would be
            // had it been written in one go.
            do { try index.waitForMerges() } catch { throw StoreError(error) }
            try makeDurable(folder: fresh)
            let old = layout.root.appending(".near-index.old-\(Self.randomToken())")
            let hadOld = (try? FileSystem.rename(layout.nearIndex, to: old)) != nil
            try FileSystem.rename(fresh, to: layout.nearIndex)
            try FileSystem.syncDirectory(layout.root)
            if hadOld { Self.removeFolder(old) }
        } catch let error as StoreError {
            Self.removeFolder(fresh)
            throw error
        } catch {
            Self.removeFolder(fresh)
            throw .fileSystem(error as? FileSystemError ?? FileSystemError("rebuild", layout.nearIndex, .ioError))
        }
        return indexed
    }

    /// Makes a folder of new files durable, contents and names: one `syncfs`, or under the `fsync`
    /// flush policy an `fsync` of each file (at once) and then of the folder.
    private func makeDurable(folder: FilePath) throws(FileSystemError) {
        guard flush.policy == .fsync else { return try FileSystem.syncFileSystem(containing: folder) }
        let files = try FileSystem.entries(of: folder).filter { $0.kind != .directory }.map {
            folder.appending($0.name)
        }
        try Concurrently.run(files) { file throws(FileSystemError) in try FileSystem.syncFile(file) }
        try FileSystem.syncDirectory(folder)
    }

    /// The parameters of the index in place, when it is in this format.
    private func nearIndexParameters() throws(StoreError) -> NearDuplicateParameters? {
        do { return try NearDuplicateIndex.parameters(in: layout.nearIndex) } catch { throw StoreError(error) }
    }

    /// Removes a folder of plain files (an index folder), best effort.
    static func removeFolder(_ folder: FilePath) {
        for entry in (try? FileSystem.entries(of: folder)) ?? [] {
            try? FileSystem.removeFile(folder.appending(entry.name))
        }
        _ = folder.withPlatformString { rmdir($0) }
    }
}
