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
}
