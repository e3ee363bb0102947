import Articles
import SystemPackage

/// Where everything lives in a store folder:
///
/// ```
/// newsdrop-store.json                      marker: {"schema":1,"format":"newsdrop-store",...}
/// articles/<3 hex>/<16 hex>.json           one record per content (4,096 shards)
/// sightings/<3 hex>/<16 hex>.<key>.json    every later sighting of that content
/// rejections/<YYYY-MM-DD>/<key>.json       the ledger of rejected inputs
/// near/<3 hex>/<older>.<newer>.json        back-links: a newer near-duplicate of an older article
/// near-index/                              the LSH index (NearDuplicateIndex), rebuildable
/// quarantine/                              unreadable records moved aside by repair
/// ```
/// Names starting with `.` are temp files in flight; readers skip them.
public struct StoreLayout: Sendable {
    /// The store folder, which holds the marker `newsdrop-store.json` and every shard.
    public let root: FilePath

    /// The marker file's name.
    public static let markerName = "newsdrop-store.json"

    /// Creates the layout of a store folder.
    public init(root: FilePath) {
        self.root = root
    }

    /// The marker file that says "this folder is a newsdrop store".
    public var marker: FilePath { root.appending(Self.markerName) }
    /// The folder of article shards.
    public var articles: FilePath { root.appending("articles") }
    /// The folder of sighting shards.
    public var sightings: FilePath { root.appending("sightings") }
    /// The folder of rejection days.
    public var rejections: FilePath { root.appending("rejections") }
    /// The folder of near-duplicate back-link shards.
    public var near: FilePath { root.appending("near") }
    /// The near-duplicate index folder.
    public var nearIndex: FilePath { root.appending("near-index") }
    /// The shard folder of an older article's back-links.
    public func nearShard(_ id: ContentID) -> FilePath { near.appending(id.shard) }
    /// The name of a back-link file: `<older>.<newer>.json`.
    public static func nearLinkName(older: ContentID, newer: ContentID) -> String { "\(older.hex).\(newer.hex).json" }
    /// Where repair moves unreadable files.
    public var quarantine: FilePath { root.appending("quarantine") }

    /// The shard folder of an id.
    public func articleShard(_ id: ContentID) -> FilePath { articles.appending(id.shard) }
    /// The record file of an id.
    public func record(_ id: ContentID) -> FilePath { articleShard(id).appending("\(id.hex).json") }
    /// The shard folder that holds an id's later sightings (beside those of other ids of the shard:
    /// a folder per id would cost a directory inode for every content ever seen twice).
    public func sightingShard(_ id: ContentID) -> FilePath { sightings.appending(id.shard) }
    /// The name of one sighting's file: `<id>.<key>.json`.
    public static func sightingName(_ id: ContentID, key: String) -> String { "\(id.hex).\(key).json" }
    /// The id a sighting file name starts with, or `nil` for other names.
    public static func sightingID(_ name: String) -> ContentID? {
        guard name.hasSuffix(".json"), name.utf8.count > ContentID.length + 6,
            name.utf8.dropFirst(ContentID.length).first == UInt8(ascii: ".")
        else { return nil }
        return ContentID(name.prefix(ContentID.length))
    }
    /// The folder of one day's rejections.
    public func rejectionDay(_ day: String) -> FilePath { rejections.appending(day) }

    /// The changes feed's folder (`ChangesFeed`).
    public var feed: FilePath { root.appending("feed") }

    /// A path inside the store, relative to its folder (`articles/2a1/2a12523330ba2c24.json`).
    public func relative(_ path: FilePath) -> String {
        FilePath(root: nil, path.components.dropFirst(root.components.count)).string
    }

    /// `relative(record(id))`, put together as text (`articles/2a1/2a12523330ba2c24.json`): a
    /// feed entry names its record, and taking apart a full path for it cost more per input than
    /// the rest of the entry.
    public func relativeRecord(_ id: ContentID) -> String {
        "articles/" + id.shard + "/" + id.hex + ".json"
    }

    /// `relative(sightingShard(id).appending(sightingName(id, key:)))`, put together as text.
    public func relativeSighting(_ id: ContentID, key: String) -> String {
        "sightings/" + id.shard + "/" + Self.sightingName(id, key: key)
    }

    /// The path of a temp file to be published as `target`, beside it and unique to this process.
    /// The name carries host and pid, so repair can tell a leftover from a file another live
    /// process is still writing, and is shaped so that a distributed file system places it where
    /// it places `target` (see `TemporaryName`).
    public func temporaryFile(for target: FilePath, token: String) -> FilePath {
        TemporaryName.path(for: target, token: token)
    }
}
