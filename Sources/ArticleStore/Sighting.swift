/// One time a content was seen: `sightings/<shard>/<id>/<key>.json` for every sighting after the
/// first (which the article record itself holds).
public struct Sighting: Sendable, Equatable, Codable {
    /// The record format version.
    public var schema: Int
    /// The content id that was seen again.
    public var id: String
    /// When (ISO 8601, UTC).
    public var seen: String
    /// The input file that carried it.
    public var source: SourceFile

    /// Creates a sighting.
    ///
    /// - Parameters:
    ///   - id: the content id.
    ///   - seen: the time, in the store's format.
    ///   - source: the input file.
    public init(id: String, seen: String, source: SourceFile) {
        self.schema = ArticleRecord.currentSchema
        self.id = id
        self.seen = seen
        self.source = source
    }

    /// The sighting as a JSON document (one line).
    public var jsonBytes: [UInt8] {
        var writer = JSONWriter(capacity: 512)
        writer.object { json in
            json.field("schema", schema)
            json.field("id", id)
            json.field("seen", seen)
            json.object("source") { source.write(to: &$0) }
        }
        writer.finishLine()
        return writer.bytes
    }
}
