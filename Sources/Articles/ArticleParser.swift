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

    /// Splits `Key: value` when the key is short and the value non-empty.
    private static func metadata(_ line: String) -> (key: String, value: String)? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let key = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].trimmingPrefix(" ")
        guard key.count <= 12, !value.isEmpty else { return nil }
        return (key, String(value))
    }

    private static func paragraphs(of body: [String]) -> [String] {
        let content = body.drop(while: \.isEmpty)
        guard content.contains(where: \.isEmpty) else { return content.filter { !$0.isEmpty } }
        return content.split(separator: "", omittingEmptySubsequences: true).map { $0.joined(separator: " ") }
    }

    private static func wordCount(_ paragraph: String) -> Int {
        paragraph.split(separator: " ").count { word in
            word.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
        }
    }
}
