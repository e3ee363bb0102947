import Articles
import DurableFiles
import FoundationEssentials
import NearDuplicates
import SystemPackage

/// The content-addressed JSON-file store (layout: `StoreLayout`).
///
/// Every file is written without a name (`O_TMPFILE`; a hidden temp name where the file system
/// cannot), made durable, then published with `link(2)`, which never replaces an existing name: a
/// crash leaves either no file or a complete one, and two processes racing on the same content
/// cannot both store it. Records are never
/// rewritten; later sightings are files of their own, so concurrent writers never contend on
/// one file. See `commit(_:)` for how a batch shares one flush.
public struct FileArticleStore: ArticleStoring {
    /// Where the store's files are.
    public let layout: StoreLayout
    /// Where timestamps come from.
    let clock: any WallClock
    /// Near-duplicate detection, when the store was opened with it.
    public let nearDuplicates: NearDuplicateMatcher?
    /// The changes feed every commit appends to.
    public let feed: ChangesFeed
    /// How commits make their files durable (`FlushPolicy`), chosen when the store opened.
    public let flush: FlushChoice
    private let unnamedFiles: UnnamedFileSupport

    /// Whether new files are written unnamed (`UnnamedFile`) rather than under temp names; the
    /// first call (or the first commit) probes the file system.
    public var usesUnnamedFiles: Bool { unnamedFiles.isAvailable }

    private init(
        layout: StoreLayout, clock: any WallClock, nearDuplicates: NearDuplicateMatcher? = nil,
        unnamedFiles: UnnamedFileSupport? = nil, feed: ChangesFeed? = nil, flush: FlushChoice
    ) {
        self.layout = layout
        self.clock = clock
        self.nearDuplicates = nearDuplicates
        self.flush = flush
        self.unnamedFiles = unnamedFiles ?? UnnamedFileSupport(folder: layout.root)
        self.feed = feed ?? ChangesFeed(storeRoot: layout.root)
    }

    /// Opens the store in `root`.
    ///
    /// - Parameters:
    ///   - root: the store folder.
    ///   - create: create the store when the folder is missing or empty.
    ///   - clock: the clock for timestamps.
    ///   - nearDuplicates: look for near-duplicates of new articles (policy other than `off`): opens,
    ///     creates or rebuilds the store's near-duplicate index (rebuilt when it is of an earlier
    ///     format or laid out for a threshold with another band layout).
    ///   - rebuildProgress: called when a rebuild of derived data starts (with 0) and as it goes
    ///     (with the records read so far): the near-duplicate index of a store without one, of an
    ///     earlier release or laid out for another threshold, and the changes feed of a store made
    ///     before it existed. Each reads every record: minutes for a large store.
    ///   - flush: how commits make files durable: `auto` chooses from the store folder's file
    ///     system type (`FlushPolicy`).
    /// - Throws: `StoreError.missing` when there is no store and `create` is false,
    ///   `StoreError.notAStore` for a non-empty folder without the marker, or a file-system error.
    public static func open(
        at root: FilePath, create: Bool, clock: any WallClock = SystemWallClock(),
        nearDuplicates: NearDuplicateSettings? = nil, flush: FlushSetting = .auto,
        rebuildProgress: (RebuildProgress) -> Void = { _ in }
    ) throws(StoreError) -> FileArticleStore {
        let store = try openPlain(at: root, create: create, clock: clock, flush: flush)
        // A store opened to write gets its feed (built from its records if it was made before the
        // feed existed) and the entries of commits whose writers died before appending them.
        if create { try store.prepareFeed(progress: rebuildProgress) }
        guard let settings = nearDuplicates, settings.policy != .off else { return store }
        let parameters = NearDuplicateParameters(threshold: settings.threshold)
        let indexProgress = { (count: Int) in
            rebuildProgress(RebuildProgress(what: .nearDuplicateIndex, records: count))
        }
        switch try store.nearIndexPresence(for: parameters) {
        case .missing:
            if try store.articleCount() > 0 {
                try store.rebuildNearIndex(parameters: parameters, progress: indexProgress)
            }
        // An index of an earlier release, or laid out for another threshold: built anew for this one.
        case .outdated, .otherLayout: try store.rebuildNearIndex(parameters: parameters, progress: indexProgress)
        case .present: break
        }
        return FileArticleStore(
            layout: store.layout, clock: clock,
            nearDuplicates: try NearDuplicateMatcher(layout: store.layout, settings: settings),
            unnamedFiles: store.unnamedFiles, feed: store.feed, flush: store.flush
        )
    }

    private static func openPlain(
        at root: FilePath, create: Bool, clock: any WallClock, flush: FlushSetting
    ) throws(StoreError) -> FileArticleStore {
        let layout = StoreLayout(root: root)
        // Chosen once the folder exists (the marker is read or written first).
        func opened() -> FileArticleStore {
            FileArticleStore(layout: layout, clock: clock, flush: flush.choice(for: root))
        }
        let store = FileArticleStore(layout: layout, clock: clock, flush: FlushChoice(.fsync, reason: "opening"))
        if try store.readMarker() { return opened() }
        let entries: [DirectoryEntry]
        do {
            entries = try FileSystem.entries(of: root)
        } catch let error where error.errno == .noSuchFileOrDirectory {
            entries = []
        } catch {
            throw .fileSystem(error)
        }
        // Hidden temp files and the marker itself belong to a concurrent creator of this store.
        guard entries.allSatisfy({ $0.isHidden || $0.text == StoreLayout.markerName }) else { throw .notAStore(root) }
        guard create else { throw .missing(root) }
        try store.createMarker()
        guard try store.readMarker() else { throw .missing(root) }
        return opened()
    }

    /// This store, always writing under temp names (what a file system without `O_TMPFILE` gets).
    func usingTemporaryNames() -> FileArticleStore {
        FileArticleStore(
            layout: layout, clock: clock, nearDuplicates: nearDuplicates,
            unnamedFiles: UnnamedFileSupport(folder: layout.root, forced: false), feed: feed, flush: flush)
    }

    /// Reads the marker; `false` when there is none.
    private func readMarker() throws(StoreError) -> Bool {
        let bytes: [UInt8]?
        do {
            bytes = try FileSystem.readFile(at: layout.marker, limit: 64 * 1024)
        } catch let error where error.errno == .noSuchFileOrDirectory || error.errno == .notDirectory {
            return false
        } catch {
            throw .fileSystem(error)
        }
        struct Marker: Decodable { var schema: Int }
        guard let bytes, let marker = try? JSONDecoder().decode(Marker.self, from: Data(bytes)) else {
            throw .corruptFile(layout.marker, "not a JSON object with a schema number")
        }
        guard marker.schema <= ArticleRecord.currentSchema else {
            throw .unsupportedSchema(layout.marker, marker.schema)
        }
        return true
    }

    private func createMarker() throws(StoreError) {
        var writer = JSONWriter()
        writer.object { json in
            json.field("schema", ArticleRecord.currentSchema)
            json.field("format", "newsdrop-store")
            json.field("created", Timestamp.string(from: clock.now()))
            json.field(
                "layout",
                "articles/<3 hex>/<16 hex>.json, sightings/<3 hex>/<16 hex>.<key>.json, rejections/<day>/<key>.json")
        }
        writer.finishLine()
        do {
            try FileSystem.makeDirectories(layout.root)
            let temp = layout.temporaryFile(for: layout.marker, token: Self.randomToken())
            try FileSystem.createFile(at: temp, bytes: writer.bytes, sync: true)
            _ = try FileSystem.linkNoClobber(temp, to: layout.marker)  // a concurrent creator may have won: fine
            try FileSystem.removeFile(temp)
            try FileSystem.syncDirectory(layout.root)
            if let parent = layout.root.removingLastComponent().nonEmpty { try FileSystem.syncDirectory(parent) }
        } catch {
            throw .fileSystem(error)
        }
    }

    /// 16 random hex digits, for temp file names and sighting keys.
    public static func randomToken() -> String {
        HexEncoding.encode(withUnsafeBytes(of: UInt64.random(in: .min ... .max)) { Array($0) })
    }
}

extension FilePath {
    /// `nil` for the empty path, so `removingLastComponent()` of a relative name reads cleanly.
    var nonEmpty: FilePath? { isEmpty ? nil : self }
}
