import Foundation

/// The hand labels of the corpus's own near-duplicate candidates (`Scripts/near-dup-labels.json`):
/// file-path pairs and a verdict, no text.
struct NaturalPairLabels: Codable {
    /// One inspected pair.
    struct Pair: Codable {
        /// The first file, `category/NNN.txt`.
        let a: String
        /// The second file.
        let b: String
        /// `duplicate` (the same story republished with edits) or `distinct` (another story).
        let label: String
        /// What the inspection found, in a few words.
        let note: String
    }

    /// How the pairs were found and judged.
    let method: String
    /// The labelled pairs.
    let pairs: [Pair]

    /// Reads the labels.
    ///
    /// - Parameter url: the JSON file.
    /// - Returns: the labels, or an empty set when the file does not exist yet.
    /// - Throws: when the file exists but is not valid.
    static func load(_ url: URL) throws -> NaturalPairLabels {
        guard FileManager.default.fileExists(atPath: url.path) else { return NaturalPairLabels(method: "", pairs: []) }
        return try JSONDecoder().decode(NaturalPairLabels.self, from: Data(contentsOf: url))
    }

    /// The verdict for a pair, in either order.
    ///
    /// - Parameters:
    ///   - a: one path.
    ///   - b: the other path.
    /// - Returns: `true` for duplicate, `false` for distinct, `nil` when unlabelled.
    func verdict(_ a: String, _ b: String) -> Bool? {
        pairs.first { ($0.a == a && $0.b == b) || ($0.a == b && $0.b == a) }.map { $0.label == "duplicate" }
    }
}
