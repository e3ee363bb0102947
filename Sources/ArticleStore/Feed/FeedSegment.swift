import DurableFiles
import SystemPackage

/// One segment file of the changes feed, `feed/<first seq, 20 digits>.jsonl`: entries `first`,
/// `first + 1`, … one JSON line each. A segment is closed once it holds `FeedSegment.capacity`
/// entries; the next append starts the next one.
public struct FeedSegment: Sendable, Equatable, Comparable {
    /// The seq of the segment's first entry (the number in its name).
    public let first: Int
    /// The segment's file.
    public let path: FilePath

    /// Entries after which a segment is closed: small enough that reading a whole segment (what
    /// `ls --last` and `stats` do for the newest one) takes milliseconds, about 1.5 MB.
    public static let capacity = 4096

    /// The segment that starts at `first` in `folder`.
    public init(first: Int, in folder: FilePath) {
        self.first = first
        self.path = folder.appending(Self.name(first))
    }

    /// `<first, 20 digits>.jsonl`.
    static func name(_ first: Int) -> String {
        let digits = String(first)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".jsonl"
    }

    /// The first seq in a segment file name, or `nil` for any other name.
    static func first(inName name: UnsafeBufferPointer<UInt8>) -> Int? {
        guard name.count == 26, name[20] == UInt8(ascii: "."),
            String(decoding: name[21...], as: UTF8.self) == "jsonl"
        else { return nil }
        var value = 0
        for byte in name[..<20] {
            guard (0x30...0x39).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value > 0 ? value : nil
    }

    /// The segments in `folder`, oldest first.
    ///
    /// - Throws: `FileSystemError` (`ENOENT` when there is no feed folder).
    static func all(in folder: FilePath) throws(FileSystemError) -> [FeedSegment] {
        var firsts: [Int] = []
        try FileSystem.forEachEntry(in: folder) { name, _ in
            if let first = first(inName: name) { firsts.append(first) }
            return true
        }
        return firsts.sorted().map { FeedSegment(first: $0, in: folder) }
    }

    public static func < (lhs: FeedSegment, rhs: FeedSegment) -> Bool { lhs.first < rhs.first }
}
