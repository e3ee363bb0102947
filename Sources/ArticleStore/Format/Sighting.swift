import Articles

/// One time a content was seen: `sightings/<shard>/<id>.<key>.json` for every sighting after the
/// first (which the article record itself holds). A near-duplicate diverted onto this article (policy
/// `divert`) is a sighting too, naming the text it actually carried.
public struct Sighting: Sendable, Equatable, Codable {
    /// The record format version.
    public var schema: Int
    /// The content id that was seen again.
    public var id: ContentID
    /// When (ISO 8601, UTC).
    public var seen: String
    /// The input file that carried it.
    public var source: SourceFile
    /// For a diverted near-duplicate: the content id of the text the input carried (not stored) and
    /// its similarity to this article.
    public var nearDuplicate: NearDuplicate?

    enum CodingKeys: String, CodingKey {
        case schema, id, seen, source
        case nearDuplicate = "near_duplicate"
    }

    /// Creates a sighting.
    ///
    /// - Parameters:
    ///   - id: the content id.
    ///   - seen: the time, in the store's format.
    ///   - source: the input file.
    ///   - nearDuplicate: for a diverted near-duplicate, the text's id and similarity.
    public init(id: ContentID, seen: String, source: SourceFile, nearDuplicate: NearDuplicate? = nil) {
        self.schema = ArticleRecord.currentSchema
        self.id = id
        self.seen = seen
        self.source = source
        self.nearDuplicate = nearDuplicate
    }

    /// The sighting as a JSON document (one line).
    public var jsonBytes: [UInt8] {
        var writer = JSONWriter(capacity: 512)
        writer.object { json in
            json.field("schema", schema)
            json.field("id", id.hex)
            json.field("seen", seen)
            json.object("source") { source.write(to: &$0) }
            if let nearDuplicate { json.object("near_duplicate") { $0.nearDuplicate(nearDuplicate) } }
        }
        writer.finishLine()
        return writer.bytes
    }
}
