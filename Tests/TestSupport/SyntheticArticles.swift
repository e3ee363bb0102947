import Foundation

/// Deterministic article texts for tests that need many distinct files.
public enum SyntheticArticles {
    /// The text of synthetic article number `index`: a title and three paragraphs unique to it.
    public static func text(_ index: Int) -> String {
        """
        Synthetic story number \(index)

        Author: Test Writer \(index % 7)
        Published: 2025-03-\(String(format: "%02d", index % 28 + 1))

        Paragraph one of story \(index) says something that only story \(index) says.

        Paragraph two adds detail \(index * 31 % 997) and a figure of \(index * 17) units.

        The end of story \(index).
        """
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
