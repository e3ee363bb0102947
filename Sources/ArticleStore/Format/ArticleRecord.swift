import Articles

/// One stored article: the JSON file `articles/<shard>/<id>.json`. Written once, never changed.
public struct ArticleRecord: Sendable, Equatable, Codable {
    /// The record format version this code writes.
    public static let currentSchema = 1

    /// The record format version.
    public var schema: Int
    /// The content id: the first 16 hex digits of `sha256`.
    public var id: ContentID
    /// SHA-256 of `canonicalText`, 64 hex digits.
    public var sha256: String
    /// The first non-empty line.
    public var title: String
    /// From an `Author:` line, if any.
    public var author: String?
    /// The publication time in ISO 8601, when the `Published:` line was recognisable.
    public var published: String?
    /// The `Published:` line's text as written.
    public var publishedRaw: String?
    /// Words in the paragraphs.
    public var wordCount: Int
    /// The encoding the first input was decoded from.
    public var sourceEncoding: String
    /// When the content was first stored (ISO 8601, UTC).
    public var firstSeen: String
    /// The input that first carried the content.
    public var firstSource: SourceFile
    /// The stored articles this one is a near-duplicate of, most similar first (omitted when none,
    /// and in records written before near-duplicate detection).
    public var nearDuplicates: [NearDuplicate]?
    /// The body after title and metadata, paragraph by paragraph.
    public var paragraphs: [String]
    /// The whole canonical text, which the id is the hash of. Nothing of the input's words is
    /// ever left out of it.
    public var canonicalText: String

    enum CodingKeys: String, CodingKey {
        case schema, id, sha256, title, author, published, paragraphs
        case publishedRaw = "published_raw"
        case wordCount = "word_count"
        case sourceEncoding = "source_encoding"
        case firstSeen = "first_seen"
        case firstSource = "first_source"
        case canonicalText = "canonical_text"
        case nearDuplicates = "near_duplicates"
    }

    /// Builds the record of a newly seen article.
    ///
    /// - Parameters:
    ///   - article: the understood input.
    ///   - source: the input file.
    ///   - seen: the time it was seen, in the store's format.
    ///   - nearDuplicates: the stored articles it resembles, most similar first.
    public init(article: Article, source: SourceFile, seen: String, nearDuplicates: [NearDuplicate] = []) {
        self.schema = Self.currentSchema
        self.id = article.id
        self.sha256 = article.digest.hex
        self.title = article.parsed.title
        self.author = article.parsed.author
        self.published = article.parsed.published?.iso8601
        self.publishedRaw = article.parsed.published?.raw
        self.wordCount = article.parsed.wordCount
        self.sourceEncoding = article.text.encoding.rawValue
        self.firstSeen = seen
        self.firstSource = source
        self.paragraphs = article.parsed.paragraphs
        self.canonicalText = article.canonical.string
        self.nearDuplicates = nearDuplicates.isEmpty ? nil : nearDuplicates
    }

    /// The record as a JSON document (one line).
    public var jsonBytes: [UInt8] {
        var writer = JSONWriter(capacity: canonicalText.utf8.count * 2 + 1024)
        writer.object { json in
            json.field(CodingKeys.schema.rawValue, schema)
            json.field(CodingKeys.id.rawValue, id.hex)
            json.field(CodingKeys.sha256.rawValue, sha256)
            json.field(CodingKeys.title.rawValue, title)
            json.field(CodingKeys.author.rawValue, author)
            json.field(CodingKeys.published.rawValue, published)
            json.field(CodingKeys.publishedRaw.rawValue, publishedRaw)
            json.field(CodingKeys.wordCount.rawValue, wordCount)
            json.field(CodingKeys.sourceEncoding.rawValue, sourceEncoding)
            json.field(CodingKeys.firstSeen.rawValue, firstSeen)
            json.object(CodingKeys.firstSource.rawValue) { firstSource.write(to: &$0) }
            if let nearDuplicates {
                json.objects(CodingKeys.nearDuplicates.rawValue, nearDuplicates) { $0.nearDuplicate($1) }
            }
            json.field(CodingKeys.paragraphs.rawValue, paragraphs)
            json.field(CodingKeys.canonicalText.rawValue, canonicalText)
        }
        writer.finishLine()
        return writer.bytes
    }

    /// The first sighting, the one that created the record.
    public var firstSighting: Sighting {
        Sighting(id: id, seen: firstSeen, source: firstSource)
    }
}
