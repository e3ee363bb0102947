import Foundation

/// datasketch's `MinHashLSH` on the heavy set: the documents and thresholds handed to
/// `Scripts/eval-near-dup-datasketch.py` as JSON, its links and timings read back.
struct DatasketchRun {
    /// One threshold's result.
    struct Result {
        /// The threshold of this run.
        let threshold: Double
        /// The layout MinHashLSH chose for it.
        let bands: Int
        /// See `bands`.
        let rows: Int
        /// (newer, older) document pairs.
        let links: [(Int, Int)]
        /// All near-duplicate work (MinHash, query, verification, insert), µs per document.
        let micros: Double
    }

    /// Permutations and shingle width, as the comparison ran it.
    static let permutations = 128
    static let shingleWords = 3

    /// One result per threshold, in the order asked.
    let results: [Result]

    /// Runs the script with `python3`.
    ///
    /// - Parameters:
    ///   - script: the path of `eval-near-dup-datasketch.py`.
    ///   - set: the documents, in ingest order.
    ///   - thresholds: the thresholds to run.
    ///   - folder: a scratch folder for the two JSON files.
    /// - Throws: when the script fails or its output is not what it should be.
    init(script: String, set: HeavySet, thresholds: [Double], folder: URL) throws {
        let input = folder.appendingPathComponent("datasketch-input.json")
        let output = folder.appendingPathComponent("datasketch-output.json")
        let job: [String: Any] = [
            "num_perm": Self.permutations, "shingle_words": Self.shingleWords, "thresholds": thresholds,
            "documents": set.documents.map(\.text),
        ]
        try JSONSerialization.data(withJSONObject: job).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, input.path, output.path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw DatasketchError(message: "\(script) exited with status \(process.terminationStatus)")
        }
        guard let object = try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any],
            let runs = object["runs"] as? [[String: Any]]
        else { throw DatasketchError(message: "\(output.path) is not the expected JSON") }
        let count = Double(set.documents.count)
        results = try runs.map { run in
            guard let threshold = run["threshold"] as? Double, let bands = run["bands"] as? Int,
                let rows = run["rows"] as? Int, let links = run["links"] as? [[Int]],
                let seconds = run["seconds"] as? Double
            else { throw DatasketchError(message: "a run in \(output.path) lacks a field") }
            return Result(
                threshold: threshold, bands: bands, rows: rows, links: links.map { ($0[0], $0[1]) },
                micros: seconds * 1e6 / count)
        }
    }
}

/// The datasketch side of the comparison could not run.
struct DatasketchError: Error, CustomStringConvertible {
    /// What went wrong.
    let message: String
    /// The message.
    var description: String { message }
}
