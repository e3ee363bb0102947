/// Counts of a feed's events up to a seq: `feed/totals.json` holds them for the closed segments,
/// so `newsdrop stats` reads one small file and the newest segment, not every entry.
public struct FeedTotals: Sendable, Equatable, Codable {
    /// The format version.
    public var schema = 1
    /// The last seq counted (0: none).
    public var through = 0
    /// Entries by event.
    public var events: [String: Int] = [:]
    /// `rejected` entries by reason.
    public var reasons: [String: Int] = [:]
    /// `stored` entries that resemble stored articles, plus `diverted` entries.
    public var nearDuplicates = 0

    enum CodingKeys: String, CodingKey {
        case schema, through, events, reasons
        case nearDuplicates = "near_duplicates"
    }

    /// No entries counted.
    public init() {}

    /// Entries of one event.
    public func count(_ event: FeedEvent) -> Int { events[event.rawValue, default: 0] }

    /// Counts one more entry (the next after `through`).
    mutating func add(_ line: FeedLine) {
        through = line.seq
        events[line.event.rawValue, default: 0] += 1
        switch line.event {
        case .rejected: reasons[line.string("reason") ?? "unknown", default: 0] += 1
        case .diverted: nearDuplicates += 1
        case .stored: if line.contains(#""near_duplicates":["#) { nearDuplicates += 1 }
        case .duplicate: break
        }
    }

    /// The JSON file's bytes.
    var jsonBytes: [UInt8] {
        var writer = JSONWriter(capacity: 256)
        writer.object { json in
            json.field(CodingKeys.schema.rawValue, schema)
            json.field(CodingKeys.through.rawValue, through)
            json.object(CodingKeys.events.rawValue) { object in
                for (key, value) in events.sorted(by: { $0.key < $1.key }) { object.field(key, value) }
            }
            json.object(CodingKeys.reasons.rawValue) { object in
                for (key, value) in reasons.sorted(by: { $0.key < $1.key }) { object.field(key, value) }
            }
            json.field(CodingKeys.nearDuplicates.rawValue, nearDuplicates)
        }
        writer.finishLine()
        return writer.bytes
    }
}
