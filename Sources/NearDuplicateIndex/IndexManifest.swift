import NearDuplicates

/// `near-index/manifest.json`: which segments hold the index and how much of the log they cover.
/// Replaced atomically (temp file, fsync, rename) under the index lock.
struct IndexManifest: Codable, Sendable, Equatable {
    /// One segment file.
    struct Segment: Codable, Sendable, Equatable {
        /// File name in the index folder.
        var name: String
        /// Pairs it holds.
        var pairs: Int
    }

    /// The format this code writes: 2 added sketches to log entries and log positions to pairs;
    /// 3 chose the band layout from the threshold (`BandLayout`): `parameters` records bands, rows
    /// and signature length, and a log entry's size follows from them.
    static let currentSchema = 3

    /// The format version.
    var schema = IndexManifest.currentSchema
    /// The fingerprint parameters the band keys were made with (the threshold is its last writer's:
    /// thresholds with the same layout share an index); other shingles or another layout mean a rebuild.
    var parameters: NearDuplicateParameters
    /// Bytes of `log.bin` whose entries are in the segments; later entries are read from the log.
    var coveredBytes: Int64 = 0
    /// The segments, oldest (largest) first.
    var segments: [Segment] = []
    /// The number the next segment file gets.
    var nextSegment = 1

    enum CodingKeys: String, CodingKey {
        case schema, parameters, segments
        case coveredBytes = "covered_bytes"
        case nextSegment = "next_segment"
    }

    /// Whether this code reads the index's files (an older format is rebuilt).
    var isCurrentFormat: Bool { schema == Self.currentSchema }

    /// Whether the index holds the band keys and sketches `parameters` make (the threshold may
    /// differ when both thresholds have the same layout).
    func isCompatible(with parameters: NearDuplicateParameters) -> Bool {
        self.parameters.makesSameFingerprints(as: parameters)
    }
}
