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
    private static let authorKeys: Set<String> = ["author", "by", "byline"]
    private static let publishedKeys: Set<String> = ["published", "date", "posted", "published on"]

    /// Parses decoded text.
    ///
    /// - Parameter text: decoded text (LF line breaks), known not to be blank.
    /// - Returns: the parsed structure.
    public static func parse(_ text: DecodedText) -> ParsedArticle {
        let lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map {
            String(decoding: Whitespace.collapse($0), as: UTF8.self)
        }
        guard let titleIndex = lines.firstIndex(where: { !$0.isEmpty }) else {
            return ParsedArticle(title: "", author: nil, published: nil, paragraphs: [], wordCount: 0)
        }
        let title = lines[titleIndex]
        var author: String?
        var published: PublishedDate?
        var body: [String] = []
        var headerSeen = 0
        for line in lines[(titleIndex + 1)...] {
            if headerSeen < headerLines, !line.isEmpty {
                headerSeen += 1
                if line == title { continue }
                if let (key, value) = metadata(line) {
                    if authorKeys.contains(key), author == nil {
                        author = value
                        continue
                    }
                    if publishedKeys.contains(key), published == nil {
                        published = PublishedDate(raw: value)
                        continue
                    }
                }
            }
            body.append(line)
        }
        let paragraphs = paragraphs(of: body)
        let words = paragraphs.reduce(0) { $0 + wordCount($1) }
        return ParsedArticle(title: title, author: author, published: published, paragraphs: paragraphs, wordCount: words)
    }

    /// Splits `Key: value` when the key is short (at most 12 bytes) and the value non-empty. Only the
    /// first bytes are searched for the colon: header candidates are often whole paragraphs.
    private static func metadata(_ line: String) -> (key: String, value: String)? {
        let utf8 = line.utf8
        guard let colon = utf8.prefix(13).firstIndex(of: UInt8(ascii: ":")) else { return nil }
        var valueStart = utf8.index(after: colon)
        if valueStart < utf8.endIndex, utf8[valueStart] == UInt8(ascii: " ") { valueStart = utf8.index(after: valueStart) }
        guard valueStart < utf8.endIndex else { return nil }
        return (String(line[..<colon]).lowercased(), String(line[valueStart...]))
    }

    private static func paragraphs(of body: [String]) -> [String] {
        let content = body.drop(while: \.isEmpty)
        guard content.contains(where: \.isEmpty) else { return content.filter { !$0.isEmpty } }
        return content.split(separator: "", omittingEmptySubsequences: true).map { $0.joined(separator: " ") }
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
                    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
                        counted = true
                    case 0x80...:
                        nonASCII = true
                    default:
                        break
                    }
                }
                index += 1
            }
            if counted || (nonASCII && hasLetterOrDigit(UnsafeBufferPointer(rebasing: utf8[start..<index]))) { count += 1 }
        }
        return count
    }

    private static func hasLetterOrDigit(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
        String(decoding: token, as: UTF8.self).unicodeScalars.contains {
            $0.properties.isAlphabetic || $0.properties.numericType != nil
        }
    }
}
