/// What `newsdrop verify` found, and what `--repair` did about it.
public struct VerifyReport: Sendable, Equatable, Codable {
    /// One fault in the store.
    public struct Problem: Sendable, Equatable, Codable {
        /// The kinds of fault verify knows.
        public enum Kind: String, Sendable, Codable {
            /// A temp file left by a writer that is gone (a crash mid-write). Harmless; repair removes it.
            case strayTempFile = "stray-temp-file"
            /// A file that does not parse as what its folder holds (truncated, damaged).
            case unreadableFile = "unreadable-file"
            /// A record whose canonical text does not hash to its `sha256`, or whose id does not match.
            case contentMismatch = "content-mismatch"
            /// A valid record filed under the wrong name or shard.
            case misplacedRecord = "misplaced-record"
            /// A record whose `canonical_text` is not in canonical form.
            case nonCanonicalText = "non-canonical-text"
            /// A record or the store marker with a schema newer than this newsdrop.
            case unsupportedSchema = "unsupported-schema"
            /// A sighting filed under an id it does not name.
            case misfiledSighting = "misfiled-sighting"
            /// A sighting of an id that has no record (warning: re-ingesting the content restores it).
            case orphanSighting = "orphan-sighting"
            /// A file or folder newsdrop does not write (warning).
            case unexpectedFile = "unexpected-file"
            /// The store has no changes feed (made by an earlier release); repair builds it.
            case missingFeed = "missing-feed"
            /// A closed feed segment that does not read as consecutive entries.
            case damagedFeed = "damaged-feed"
            /// Bytes after the feed's last entry: an append cut short by a crash (warning: readers
            /// skip it, the next append or repair cuts it off).
            case tornFeedTail = "torn-feed-tail"
            /// A record without its `stored` entry in the feed; repair appends it.
            case missingFeedEntry = "missing-feed-entry"
            /// A record with more than one `stored` entry.
            case duplicateFeedEntry = "duplicate-feed-entry"
            /// A `stored` entry whose record is gone (warning: quarantined by a repair, say).
            case feedEntryWithoutRecord = "feed-entry-without-record"
        }

        /// The file concerned.
        public var path: String
        /// The kind of fault.
        public var kind: Kind
        /// What exactly is wrong.
        public var message: String
        /// `true` for faults that leave the store correct (orphans, foreign files).
        public var isWarning: Bool
        /// What repair did ("removed", "moved to quarantine/…"), or `nil` when nothing was done.
        public var repair: String?

        /// Creates a problem.
        public init(path: String, kind: Kind, message: String, isWarning: Bool = false, repair: String? = nil) {
            self.path = path
            self.kind = kind
            self.message = message
            self.isWarning = isWarning
            self.repair = repair
        }

        enum CodingKeys: String, CodingKey {
            case path, kind, message, repair
            case isWarning = "warning"
        }
    }

    /// How many files of each kind were checked.
    public struct Counts: Sendable, Equatable, Codable {
        /// Article records.
        public var articles = 0
        /// Sighting files.
        public var sightings = 0
        /// Rejection ledger entries.
        public var rejections = 0
        /// Temp files that a live process is still writing (left alone).
        public var inFlight = 0
        /// Changes-feed entries.
        public var feedEntries = 0

        enum CodingKeys: String, CodingKey {
            case articles, sightings, rejections
            case inFlight = "in_flight"
            case feedEntries = "feed_entries"
        }
    }

    /// The store folder that was checked.
    public var store: String
    /// What was checked.
    public var checked = Counts()
    /// Every fault found, in path order.
    public var problems: [Problem] = []
    /// Whether repairs were attempted.
    public var repaired = false

    /// Creates an empty report for a store.
    public init(store: String) {
        self.store = store
    }

    /// `true` when no error remains: none was found, or every one was repaired. Warnings do not count.
    public var isClean: Bool {
        problems.allSatisfy { $0.isWarning || $0.repair != nil }
    }

    enum CodingKeys: String, CodingKey {
        case store, checked, problems, repaired
    }
}
