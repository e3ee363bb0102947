import Articles
import FoundationEssentials

/// One entry of the changes feed: a JSON line in a feed segment (`feed/<first seq>.jsonl`).
///
/// Keys, in the order they are written: `seq`, `event`, `id`, `at`, then per event `title`,
/// `record`, `sighting`, `rejection`, `reason`, `message`, `near_duplicates`, `near_duplicate`, and
/// always `key`, `file`, `writer`, `batch`. Absent values are left out, but `id` is always there
/// (`null` for a rejection that names no content).
public struct FeedEntry: Sendable, Equatable, Codable {
    /// The entry's place in the feed: 1, 2, 3, … without gaps across every writer of the store;
    /// 0 for an entry not appended yet.
    public var seq: Int
    /// What happened.
    public var event: FeedEvent
    /// The stored content it is about: the new record (`stored`), the record seen again
    /// (`duplicate`), the record a near-duplicate was diverted onto (`diverted`), the text an
    /// `id-collision` turned away (`rejected`); `nil` for other rejections.
    public var id: ContentID?
    /// When it happened: the time written in the record, sighting or rejection (ISO 8601, UTC).
    public var at: String
    /// The article's title (`stored`).
    public var title: String?
    /// The record's path inside the store (`stored`, `duplicate`, `diverted`).
    public var record: String?
    /// The sighting's path inside the store (`duplicate`, `diverted`).
    public var sighting: String?
    /// The rejection's path inside the store (`rejected`).
    public var rejection: String?
    /// The rejection reason code (`rejected`).
    public var reason: String?
    /// The rejection's sentence (`rejected`).
    public var message: String?
    /// The stored articles a new record resembles, most similar first (`stored`, when any).
    public var nearDuplicates: [NearDuplicate]?
    /// The text a diverted input carried and its similarity to `id` (`diverted`).
    public var nearDuplicate: NearDuplicate?
    /// The input's sighting key (unique per input; a replayed input keeps its key).
    public var key: String
    /// The input's file name.
    public var file: String
    /// The process that appended it: `<host>-<pid>`.
    public var writer: String
    /// The commit it belongs to (the name of its intent, see `FeedIntent`).
    public var batch: String

    enum CodingKeys: String, CodingKey {
        case seq, event, id, at, title, record, sighting, rejection, reason, message, key, file, writer, batch
        case nearDuplicates = "near_duplicates"
        case nearDuplicate = "near_duplicate"
    }

    /// Creates an entry; `seq` is 0 until the feed assigns it.
    public init(
        event: FeedEvent, id: ContentID?, at: String, key: String, file: String, writer: String = "",
        batch: String = ""
    ) {
        self.seq = 0
        self.event = event
        self.id = id
        self.at = at
        self.key = key
        self.file = file
        self.writer = writer
        self.batch = batch
    }

    /// The entry as one JSON line (with its line feed), keys in the documented order.
    var jsonLine: [UInt8] {
        var writer = JSONWriter(capacity: 384)
        writer.object { json in
            json.field(CodingKeys.seq.rawValue, seq)
            json.field(CodingKeys.event.rawValue, event.rawValue)
            json.field(CodingKeys.id.rawValue, id?.hex)
            json.field(CodingKeys.at.rawValue, at)
            if let title { json.field(CodingKeys.title.rawValue, title) }
            if let record { json.field(CodingKeys.record.rawValue, record) }
            if let sighting { json.field(CodingKeys.sighting.rawValue, sighting) }
            if let rejection { json.field(CodingKeys.rejection.rawValue, rejection) }
            if let reason { json.field(CodingKeys.reason.rawValue, reason) }
            if let message { json.field(CodingKeys.message.rawValue, message) }
            if let nearDuplicates, !nearDuplicates.isEmpty {
                json.objects(CodingKeys.nearDuplicates.rawValue, nearDuplicates) { $0.nearDuplicate($1) }
            }
            if let nearDuplicate {
                json.object(CodingKeys.nearDuplicate.rawValue) { $0.nearDuplicate(nearDuplicate) }
            }
            json.field(CodingKeys.key.rawValue, key)
            json.field(CodingKeys.file.rawValue, file)
            json.field(CodingKeys.writer.rawValue, self.writer)
            json.field(CodingKeys.batch.rawValue, batch)
        }
        writer.finishLine()
        return writer.bytes
    }
}

extension FeedEntry {
    /// Decodes one line (without its line feed).
    ///
    /// - Throws: `DecodingError`.
    static func decode(_ line: UnsafeRawBufferPointer) throws -> FeedEntry {
        try JSONDecoder().decode(FeedEntry.self, from: Data(line))
    }
}
