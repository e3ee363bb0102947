/// When an article says it was published: the text as written and, when recognisable, ISO 8601.
public struct PublishedDate: Sendable, Equatable {
    /// The value of the `Published:` line, exactly as written (whitespace collapsed).
    public let raw: String
    /// The same moment in ISO 8601: `2025-02-24T19:01:00` (no offset when the text gives none),
    /// `2025-02-24T19:01:00Z`, `2025-02-24T19:01:00+01:00`, or `2025-02-24` for a date alone.
    /// `nil` when the text is not a date this parser recognises (the raw text is kept either way).
    public let iso8601: String?

    /// Parses a date as written by a publisher.
    ///
    /// - Parameter raw: the text after `Published:`.
    public init(raw: String) {
        self.raw = raw
        self.iso8601 = PublishedDateParser.iso8601(from: raw)
    }
}
