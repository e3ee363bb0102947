import Articles

/// The store's ledger entry for a rejected input: `rejections/<day>/<key>.json`.
public struct RejectionRecord: Sendable, Equatable, Codable {
    /// The record format version.
    public var schema: Int
    /// The machine-readable reason, e.g. `binary`.
    public var reason: RejectionReason
    /// The sentence explaining this input's fault.
    public var message: String
    /// When (ISO 8601, UTC).
    public var seen: String
    /// For `id-collision`: the id both texts share.
    public var id: ContentID?
    /// For `id-collision`: the full SHA-256 of the rejected text.
    public var sha256: String?
    /// The rejected input: its name, path, size, host and sighting key.
    public var source: SourceFile

    /// Creates a ledger entry.
    ///
    /// - Parameters:
    ///   - rejection: why.
    ///   - seen: when, in the store's format.
    ///   - source: the input file.
    ///   - article: for an id collision, the rejected article.
    public init(rejection: Rejection, seen: String, source: SourceFile, article: Article? = nil) {
        self.schema = ArticleRecord.currentSchema
        self.reason = rejection.reason
        self.message = rejection.message
        self.seen = seen
        self.id = article?.id
        self.sha256 = article?.digest.hex
        self.source = source
    }

    /// The entry as a JSON document (one line).
    public var jsonBytes: [UInt8] {
        var writer = JSONWriter(capacity: 512)
        writer.object { json in
            json.field("schema", schema)
            json.field("reason", reason.rawValue)
            json.field("message", message)
            json.field("seen", seen)
            json.field("id", id?.hex)
            json.field("sha256", sha256)
            json.object("source") { source.write(to: &$0) }
        }
        writer.finishLine()
        return writer.bytes
    }
}
