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

    /// The format this code writes: 2 added sketches to log entries and log positions to pairs.
    static let currentSchema = 2

    /// The format version.
    var schema = IndexManifest.currentSchema
    /// The fingerprint parameters the band keys were made with; other parameters mean a rebuild.
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

    /// Whether two manifests describe the same band keys (the threshold may differ).
    func isCompatible(with parameters: NearDuplicateParameters) -> Bool {
        var ours = self.parameters
        var theirs = parameters
        ours.threshold = 0
        theirs.threshold = 0
        return ours == theirs
    }
}
