import Crypto

/// The identity of an article's content: the first 16 lowercase hex digits of the SHA-256 digest
/// of its canonical text, in the same style as producers' file names (`000_2a12523330ba2c24.txt`).
public struct ContentID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 16 lowercase hex digits.
    public let hex: String

    /// Number of hex digits in a content id.
    public static let length = 16

    /// Creates an id from its text form.
    ///
    /// - Parameter hex: exactly 16 hex digits; upper case is accepted and lowered.
    /// - Returns: `nil` when `hex` is not 16 hex digits.
    public init?(_ hex: some StringProtocol) {
        guard hex.utf8.count == Self.length, hex.utf8.allSatisfy(Self.isHexDigit) else { return nil }
        // Ids are almost always lower case already; `lowercased()` is a full Unicode mapping.
        self.hex = hex.utf8.contains { (0x41...0x46).contains($0) } ? hex.lowercased() : String(hex)
    }

    /// Wraps digits already known to be 16 lowercase hex digits, unchecked.
    ///
    /// - Parameter lowercaseHex: exactly 16 of `0-9a-f`.
    init(lowercaseHex: String) {
        self.hex = lowercaseHex
    }

    /// The id of a full digest: its first 16 hex digits.
    public init(digest: ContentDigest) {
        self.hex = String(digest.hex.prefix(Self.length))
    }

    /// The first three hex digits: the name of the store folder that holds this id (4,096 shards).
    public var shard: String { String(hex.prefix(3)) }

    public var description: String { hex }

    public static func < (lhs: ContentID, rhs: ContentID) -> Bool { lhs.hex < rhs.hex }
}

/// The full SHA-256 digest of an article's canonical text, as 64 lowercase hex digits.
public struct ContentDigest: Hashable, Sendable, CustomStringConvertible {
    /// The 64 lowercase hex digits.
    public let hex: String

    /// Hashes canonical text.
    ///
    /// - Parameter canonicalUTF8: the canonical text's UTF-8 bytes.
    public init(canonicalUTF8: [UInt8]) {
        self.hex = SHA256.hash(data: canonicalUTF8).withUnsafeBytes { HexEncoding.encode($0) }
    }

    /// Wraps a digest read back from a record.
    ///
    /// - Parameter hex: 64 hex digits.
    /// - Returns: `nil` when `hex` is not 64 hex digits.
    public init?(hex: some StringProtocol) {
        guard hex.utf8.count == 64, hex.utf8.allSatisfy(ContentID.isHexDigit) else { return nil }
        self.hex = hex.lowercased()
    }

    public var description: String { hex }
}

extension ContentID {
    /// Whether a byte is an ASCII hex digit (`0-9a-fA-F`).
    public static func isHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }
}
