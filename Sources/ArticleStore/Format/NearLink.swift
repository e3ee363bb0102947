import Articles

/// The back-link an older article gains when a newer one is stored as its near-duplicate:
/// `near/<shard of older>/<older>.<newer>.json`. Its own file (like a sighting), so writers never
/// rewrite a record and a crash leaves the link either whole or absent.
public struct NearLink: Sendable, Equatable, Codable {
    /// The record format version.
    public var schema: Int
    /// The older, stored article.
    public var id: ContentID
    /// The newer article that resembles it.
    public var nearDuplicate: NearDuplicate
    /// When the newer one was stored (ISO 8601, UTC).
    public var seen: String

    enum CodingKeys: String, CodingKey {
        case schema, id, seen
        case nearDuplicate = "near_duplicate"
    }

    /// Creates a back-link.
    ///
    /// - Parameters:
    ///   - id: the older, stored article.
    ///   - nearDuplicate: the newer article and its similarity.
    ///   - seen: when the newer one was stored, in the store's format.
    public init(id: ContentID, nearDuplicate: NearDuplicate, seen: String) {
        self.schema = ArticleRecord.currentSchema
        self.id = id
        self.nearDuplicate = nearDuplicate
        self.seen = seen
    }

    /// The link as a JSON document (one line).
    public var jsonBytes: [UInt8] {
        var writer = JSONWriter(capacity: 192)
        writer.object { json in
            json.field("schema", schema)
            json.field("id", id.hex)
            json.object("near_duplicate") { $0.nearDuplicate(nearDuplicate) }
            json.field("seen", seen)
        }
        writer.finishLine()
        return writer.bytes
    }
}
