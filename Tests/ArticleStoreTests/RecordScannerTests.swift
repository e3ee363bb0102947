import Articles
import Foundation
import Testing

@testable import ArticleStore

/// `RecordScanner` must read exactly what `JSONDecoder` reads from a record `ArticleRecord` wrote,
/// and refuse (so the full decoder runs) whatever it cannot read with certainty.
@Suite struct RecordScannerTests {
    static let awkwardTexts = [
        sampleText,
        "A \"quoted\" title with \\ backslashes\n\nA paragraph with\ttabs, \u{7F}, \u{01} and a \"key\":\"value\" inside.",
        "Émigrés’ café — 東京 🚀\n\n\"paragraphs\":[\"not\",\"these\"] and \"title\":\"nor this\"\n\nLast one.",
    ]

    @Test(arguments: awkwardTexts)
    func readsWhatTheFullDecoderReads(text: String) throws {
        let record = ArticleRecord(
            article: try Article(bytes: Array(text.utf8)), source: source(name: "a.txt", key: "k\"1", size: 3),
            seen: "2026-01-01T00:00:00.000Z")
        let bytes = record.jsonBytes
        let decoded = try JSONDecoder().decode(ArticleRecord.self, from: Data(bytes))
        let scanner = try #require(RecordScanner(bytes))
        #expect(scanner.string("title") == decoded.title)
        #expect(scanner.strings("paragraphs") == decoded.paragraphs)
        #expect(scanner.string("sha256") == decoded.sha256)
        #expect(scanner.string(#"first_source":{"key"#) == "k\"1")
    }

    @Test func decodesEveryEscapeJSONAllows() {
        let json = Array(#"{"title":"a\"b\\c\/d\n\r\t\b\f\u00e9\ud83d\ude80"}"#.utf8)
        #expect(RecordScanner(json)?.string("title") == "a\"b\\c/d\n\r\t\u{08}\u{0C}é🚀")
    }

    @Test func refusesWhatItCannotReadWithCertainty() {
        #expect(RecordScanner(Array(#"{"title":"cut sho"#.utf8)) == nil)  // no closing brace
        #expect(RecordScanner(Array(#"{"title":"bad \x escape"}"#.utf8))?.string("title") == nil)
        #expect(RecordScanner(Array(#"{"title":"lone \ud83d surrogate"}"#.utf8))?.string("title") == nil)
        #expect(RecordScanner(Array(#"{"paragraphs":["a",1]}"#.utf8))?.strings("paragraphs") == nil)
        #expect(RecordScanner(Array(#"{"other":"x"}"#.utf8))?.string("title") == nil)
    }
}
