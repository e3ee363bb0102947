import Articles
import Foundation

/// One distinct text of the corpus: its path relative to the corpus folder, and its parse.
struct CorpusArticle {
    /// `category/NNN.txt`.
    let path: String
    /// The category folder.
    let category: String
    /// Title and paragraphs, as the ingest pipeline parses them.
    let parsed: ParsedArticle
    /// The paths of byte- or canonical-identical copies of this text (not counted again).
    var copies: [String]

    /// Reads every `*.txt` of the corpus, in path order, keeping the first of identical canonical texts.
    ///
    /// - Parameter folder: the corpus folder (`bbc-dev`).
    /// - Returns: the distinct articles.
    /// - Throws: when the folder cannot be listed or a file cannot be read.
    static func load(from folder: URL) throws -> [CorpusArticle] {
        let manager = FileManager.default
        var articles: [CorpusArticle] = []
        var byID: [ContentID: Int] = [:]
        for category in try manager.contentsOfDirectory(atPath: folder.path).sorted() {
            let categoryURL = folder.appendingPathComponent(category)
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: categoryURL.path, isDirectory: &isFolder), isFolder.boolValue else {
                continue
            }
            for name in try manager.contentsOfDirectory(atPath: categoryURL.path).sorted() where name.hasSuffix(".txt")
            {
                let bytes = Array(try Data(contentsOf: categoryURL.appendingPathComponent(name)))
                guard let article = try? Article(bytes: bytes) else { continue }
                let path = "\(category)/\(name)"
                if let first = byID[article.id] {
                    articles[first].copies.append(path)
                    continue
                }
                byID[article.id] = articles.count
                articles.append(CorpusArticle(path: path, category: category, parsed: article.parsed, copies: []))
            }
        }
        return articles
    }

    /// The title and paragraphs of a text, as the ingest pipeline parses a file holding it.
    ///
    /// - Throws: `ArticleError` when the text is not an article (empty, binary…).
    static func parse(_ text: String) throws -> ParsedArticle {
        try Article(bytes: Array(text.utf8)).parsed
    }
}
