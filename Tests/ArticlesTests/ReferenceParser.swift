@testable import Articles

/// The straightforward parser the byte-range `ArticleParser` replaced: every line collapsed to its
/// own `String`, keys lowercased with `String.lowercased()`. Kept as the reference the fast parser
/// must agree with.
enum ReferenceParser {
    private static let authorKeys: Set<String> = ["author", "by", "byline"]
    private static let publishedKeys: Set<String> = ["published", "date", "posted", "published on"]

    /// Parses decoded text by the rules `ArticleParser` documents.
    static func parse(_ text: DecodedText) -> ParsedArticle {
        let lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map {
            String(decoding: ReferenceCollapse.collapse($0), as: UTF8.self)
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
            if headerSeen < ArticleParser.headerLines, !line.isEmpty {
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
        let content = body.drop(while: \.isEmpty)
        let paragraphs =
            content.contains(where: \.isEmpty)
            ? content.split(separator: "", omittingEmptySubsequences: true).map { $0.joined(separator: " ") }
            : content.filter { !$0.isEmpty }
        let words = paragraphs.reduce(0) { $0 + ArticleParser.wordCount($1) }
        return ParsedArticle(
            title: title, author: author, published: published, paragraphs: paragraphs, wordCount: words)
    }

    private static func metadata(_ line: String) -> (key: String, value: String)? {
        let utf8 = line.utf8
        guard let colon = utf8.prefix(13).firstIndex(of: UInt8(ascii: ":")) else { return nil }
        var valueStart = utf8.index(after: colon)
        if valueStart < utf8.endIndex, utf8[valueStart] == UInt8(ascii: " ") {
            valueStart = utf8.index(after: valueStart)
        }
        guard valueStart < utf8.endIndex else { return nil }
        return (String(line[..<colon]).lowercased(), String(line[valueStart...]))
    }
}
