/// Finds the title, author, publication date and paragraphs of a plain-text article.
///
/// Rules:
/// - the title is the first non-empty line;
/// - in the header (the first `headerLines` non-empty lines after the title), lines that repeat the
///   title are dropped (scrapers often print the headline two or three times), and `Author:`/`By:`
///   and `Published:`/`Date:`/`Posted:` lines become fields;
/// - the rest is the body: when it has blank lines, paragraphs are the blocks between them (the
///   lines of a block joined); otherwise every non-empty line is a paragraph.
public enum ArticleParser {
    /// How many non-empty lines after the title may hold metadata or title repeats.
    static let headerLines = 8
    private static let authorKeys: [[UInt8]] = ["author", "by", "byline"].map { Array($0.utf8) }
    private static let publishedKeys: [[UInt8]] = ["published", "date", "posted", "published on"].map { Array($0.utf8) }

    /// Parses decoded text.
    ///
    /// - Parameter text: decoded text (LF line breaks), known not to be blank.
    /// - Returns: the parsed structure.
    public static func parse(_ text: DecodedText) -> ParsedArticle {
        parse(CollapsedLines(text))
    }

    /// Parses text already collapsed line by line (`Article` collapses once for the canonical text
    /// and the parser alike). Works on byte ranges; only the fields it returns become strings.
    static func parse(_ text: CollapsedLines) -> ParsedArticle {
        text.canonical.withUnsafeBufferPointer { bytes in
            let lines = text.lines
            guard let titleIndex = lines.firstIndex(where: { !$0.isEmpty }) else {
                return ParsedArticle(title: "", author: nil, published: nil, paragraphs: [], wordCount: 0)
            }
            let title = lines[titleIndex]
            var author: String?
            var published: PublishedDate?
            var body: [Range<Int>] = []
            body.reserveCapacity(lines.count - titleIndex)
            var headerSeen = 0
            for line in lines[(titleIndex + 1)...] {
                if headerSeen < headerLines, !line.isEmpty {
                    headerSeen += 1
                    if equal(line, title, in: bytes) { continue }
                    if let (key, value) = metadata(line, in: bytes) {
                        if author == nil, authorKeys.contains(where: { matches(key, $0, in: bytes) }) {
                            author = string(value, in: bytes)
                            continue
                        }
                        if published == nil, publishedKeys.contains(where: { matches(key, $0, in: bytes) }) {
                            published = PublishedDate(raw: string(value, in: bytes))
                            continue
                        }
                    }
                }
                body.append(line)
            }
            var words = 0
            for line in body where !line.isEmpty {
                words += wordCount(utf8: UnsafeBufferPointer(rebasing: bytes[line]))
            }
            return ParsedArticle(
                title: string(title, in: bytes), author: author, published: published,
                paragraphs: paragraphs(of: body, in: bytes),
                wordCount: words
            )
        }
    }

    /// Splits `Key: value` when the key is short (at most 12 bytes) and the value non-empty. Only the
    /// first bytes are searched for the colon: header candidates are often whole paragraphs.
    private static func metadata(
        _ line: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>
    ) -> (key: Range<Int>, value: Range<Int>)? {
        guard let colon = line.prefix(13).first(where: { bytes[$0] == UInt8(ascii: ":") }) else { return nil }
        var valueStart = colon + 1
        if valueStart < line.upperBound, bytes[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        guard valueStart < line.upperBound else { return nil }
        return (line.lowerBound..<colon, valueStart..<line.upperBound)
    }

    /// Whether the key's bytes, lowercased, are `wanted` (lowercase ASCII). A key with a non-ASCII
    /// byte never matches: no non-ASCII character lowercases to the letters of the known keys.
    private static func matches(_ key: Range<Int>, _ wanted: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard key.count == wanted.count else { return false }
        for (offset, index) in key.enumerated() {
            var byte = bytes[index]
            if byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") { byte |= 0x20 }
            if byte != wanted[offset] { return false }
        }
        return true
    }

    private static func equal(_ a: Range<Int>, _ b: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        a.count == b.count && bytes[a].elementsEqual(bytes[b])
    }

    private static func string(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// When the body has blank lines, paragraphs are its blocks (lines joined with a space); else
    /// every line is one.
    private static func paragraphs(of body: [Range<Int>], in bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        // Closures, not key paths: a key path used as a function is projected through the runtime
        // for every line.
        let content = body.drop(while: { $0.isEmpty })
        guard content.contains(where: { $0.isEmpty }) else { return content.map { string($0, in: bytes) } }
        return content.split(whereSeparator: { $0.isEmpty }).map { block in
            // Lines that follow each other in the text are one space apart in the canonical bytes.
            if block.last!.upperBound - block.first!.lowerBound == block.reduce(-1, { $0 + $1.count + 1 }) {
                return string(block.first!.lowerBound..<block.last!.upperBound, in: bytes)
            }
            let length = block.reduce(-1) { $0 + $1.count + 1 }
            return String(unsafeUninitializedCapacity: length) { out in
                var written = 0
                for line in block {
                    if written > 0 {
                        out[written] = 0x20
                        written += 1
                    }
                    _ = UnsafeMutableBufferPointer(rebasing: out[written...]).initialize(from: bytes[line])
                    written += line.count
                }
                return written
            }
        }
    }

    /// Counts space-separated tokens holding a letter or digit, on UTF-8 bytes: an ASCII letter or
    /// digit decides at once; only tokens without one look up Unicode properties.
    static func wordCount(_ paragraph: String) -> Int {
        var paragraph = paragraph
        return paragraph.withUTF8 { wordCount(utf8: $0) }
    }

    /// `wordCount(_:)` over UTF-8 bytes: a token counts when it has an ASCII letter or digit, or
    /// else a non-ASCII scalar that is alphabetic or numeric (decoded only for such tokens).
    private static func wordCount(utf8: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        var index = 0
        while index < utf8.count {
            while index < utf8.count, utf8[index] == 0x20 { index += 1 }
            guard index < utf8.count else { break }
            let start = index
            var counted = false
            var nonASCII = false
            while index < utf8.count, utf8[index] != 0x20 {
                let byte = utf8[index]
                if !counted {
                    switch byte {
                    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                        UInt8(ascii: "a")...UInt8(ascii: "z"):
                        counted = true
                    case 0x80...:
                        nonASCII = true
                    default:
                        break
                    }
                }
                index += 1
            }
            if counted || (nonASCII && hasLetterOrDigit(UnsafeBufferPointer(rebasing: utf8[start..<index]))) {
                count += 1
            }
        }
        return count
    }

    private static func hasLetterOrDigit(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
        String(decoding: token, as: UTF8.self).unicodeScalars.contains {
            $0.properties.isAlphabetic || $0.properties.numericType != nil
        }
    }
}
