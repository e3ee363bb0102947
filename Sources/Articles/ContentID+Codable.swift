extension ContentID: Codable {
    /// Reads an id written as its 16 lowercase hex digits, the one form newsdrop writes.
    ///
    /// - Parameter decoder: a decoder positioned at a JSON string.
    /// - Throws: `DecodingError.dataCorrupted` when the string is not 16 lowercase hex digits.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = ContentID(text), id.hex == text else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "a content id is 16 lowercase hex digits, not \"\(text)\"")
        }
        self = id
    }

    /// Writes the id as one string, its 16 hex digits.
    ///
    /// - Parameter encoder: the encoder.
    /// - Throws: what the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}
