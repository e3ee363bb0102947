/// A producer's file name of the form `NNN_<16 hex digits>.<extension>`, e.g.
/// `000_2a12523330ba2c24.txt`.
///
/// The hash is the producer's own id. How the producer computed it is unknown, so it is recorded,
/// never trusted as newsdrop's content id.
public struct ProducerFileName: Sendable, Equatable {
    /// The sequence number (`000` → 0).
    public let sequence: Int
    /// The producer's 16 hex digits, lowercased.
    public let hash: String

    /// Parses a file name.
    ///
    /// - Parameter name: the last path component.
    /// - Returns: `nil` when the name does not have the producer form.
    public init?(_ name: String) {
        // Names are ASCII: parsed on their bytes (Character searches and `Substring`s cost more
        // than the rest of an input's bookkeeping). Any other name takes the general path.
        var name = name
        if let parsed = name.withUTF8({ Self.parseASCII($0) }) {
            guard let parsed else { return nil }
            (sequence, hash) = parsed
            return
        }
        guard let underscore = name.firstIndex(of: "_") else { return nil }
        let digits = name[..<underscore]
        let rest = name[name.index(after: underscore)...]
        guard !digits.isEmpty, digits.count <= 18, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            let sequence = Int(digits), let dot = rest.firstIndex(of: "."),
            let hash = ContentID(rest[..<dot]), rest.index(after: dot) < rest.endIndex
        else { return nil }
        self.sequence = sequence
        self.hash = hash.hex
    }

    /// Parses an all-ASCII name on its bytes, as `init?(_:)` does on its characters.
    ///
    /// - Returns: `nil` when the name is not all ASCII; `.some(nil)` when it does not have the
    ///   producer form.
    private static func parseASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int, String)?? {
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        guard let underscore = bytes.firstIndex(of: UInt8(ascii: "_")), underscore > 0, underscore <= 18,
            bytes[..<underscore].allSatisfy({ (0x30...0x39).contains($0) }),
            let dot = bytes[(underscore + 1)...].firstIndex(of: UInt8(ascii: ".")),
            dot - underscore - 1 == ContentID.length, dot + 1 < bytes.count,
            bytes[(underscore + 1)..<dot].allSatisfy(ContentID.isHexDigit)
        else { return .some(nil) }
        var sequence = 0
        for digit in bytes[..<underscore] { sequence = sequence * 10 + Int(digit - 0x30) }
        // Upper-case hex digits lowered, as `ContentID` does.
        let hash = String(
            decoding: bytes[(underscore + 1)..<dot].map { (0x41...0x46).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
        return .some((sequence, hash))
    }
}
