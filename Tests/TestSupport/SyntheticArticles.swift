import Foundation

/// Deterministic article texts for tests that need many distinct files.
public enum SyntheticArticles {
    /// The text of synthetic article number `index`: a title and three paragraphs of words drawn for
    /// it alone, so that two synthetic articles are neither duplicates nor near-duplicates.
    public static func text(_ index: Int) -> String {
        var words = WordStream(seed: UInt64(index))
        return """
            \(words.next(5).capitalized) \(index)

            Author: Test Writer \(index % 7)
            Published: 2025-03-\(String(format: "%02d", index % 28 + 1))

            Story \(index) begins: \(words.next(14)).

            It adds \(words.next(12)), a figure of \(index * 17) units.

            \(words.next(10).capitalized), the end of story \(index).
            """
    }

    /// Pseudo-random words from a 4,096-word made-up vocabulary (two syllables each), deterministic
    /// per seed.
    private struct WordStream {
        private static let consonants = Array("bdfgklmnprstvz")
        private static let vowels = Array("aeiou")
        private var state: UInt64

        init(seed: UInt64) {
            state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 0x1234_5678
        }

        mutating func next(_ count: Int) -> String {
            (0..<count).map { _ in word() }.joined(separator: " ")
        }

        private mutating func word() -> String {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            var bits = state >> 20
            var word = ""
            for _ in 0..<2 {
                word.append(Self.consonants[Int(bits % 14)])
                bits /= 14
                word.append(Self.vowels[Int(bits % 5)])
                bits /= 5
            }
            return word
        }
    }

    /// A producer-style file name for article `index`: `NNNNNN_<16 hex>.txt`.
    public static func fileName(_ index: Int, copy: Int = 0) -> String {
        String(format: "%06d_%016llx.txt", index * 10 + copy, UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
    }

    /// Writes `distinct` articles into `folder`, plus `copies` exact copies of the first ones
    /// (whitespace-varied), and returns how many files were written.
    @discardableResult
    public static func write(distinct: Int, copies: Int, into folder: URL) throws -> Int {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for index in 0..<distinct {
            try Data(text(index).utf8).write(to: folder.appendingPathComponent(fileName(index)))
        }
        for copy in 0..<copies {
            let index = copy % distinct
            let varied = text(index).replacingOccurrences(of: "\n", with: "\r\n") + "  \n"
            try Data(varied.utf8).write(to: folder.appendingPathComponent(fileName(index, copy: 1 + copy / distinct)))
        }
        return distinct + copies
    }
}
