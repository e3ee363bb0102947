import Foundation
import TestSupport
import Testing

@testable import Articles

/// The one-pass collapse and the byte-range parser give exactly what collapsing the whole text and
/// parsing line strings (`ReferenceParser`) give.
@Suite struct ParserEquivalenceTests {
    /// Texts aimed at the edges: blank and whitespace-only lines, Unicode spaces at line ends,
    /// header lines between the lines of one block, keys in other cases and scripts, a title
    /// repeated with other spacing.
    static let edgeCases: [String] = [
        "Title",
        "\n\n  Title  \n",
        "Title\nBy: A\nDate: 2025-03-02\n\nText one\ncontinued.\n\nText two.",
        "Title\nLine one\nBy: Jane\nLine two\n\nNext block",
        "Title\nLine one\nTitle\nLine two\n\nNext",
        "Title\n  Title \t\nBYLINE:  Someone\nPUBLISHED ON: 1 May 2025\nPosted:x\n\n\nBody",
        "Title\nbY:\nAuthor: \nBy : Nobody\nBYLİNE: Turkish dotted I\nAuthor:Real\nBody",
        "Titre\u{00A0}\u{2003}éclair\u{3000}\nligne\u{2028}même\u{00A0}\n\u{2029}\n\u{1680}fin\u{202F}",
        "Title\n\n\n\nOnly one block\nstill it",
        "T\n1\n2\n3\n4\n5\n6\n7\n8\nAuthor: too late",
        "Title\n\u{000B}\u{000C}\n\u{0085}\nBody after odd spaces",
        "Headline: with a colon\nHeadline: with a colon\nSummary: not a key\n\nBody",
    ]

    @Test(arguments: edgeCases)
    func edgeCasesParseAsTheReferenceDoes(text: String) throws {
        let decoded = try ArticleDecoder().decode(Array(text.utf8))
        let collapsed = CollapsedLines(decoded)
        #expect(collapsed.canonical == ReferenceCollapse.collapse(decoded.utf8))
        #expect(ArticleParser.parse(collapsed) == ReferenceParser.parse(decoded))
    }

    @Test func everyCorpusArticleParsesAsTheReferenceDoes() throws {
        guard let corpus = Fixtures.corpus else {
            print(Fixtures.corpusMissing)
            return
        }
        let files = try FileManager.default.subpathsOfDirectory(atPath: corpus.path).filter { $0.hasSuffix(".txt") }
        #expect(files.count > 1000)
        var different: [String] = []
        for file in files {
            let bytes = Array(try Data(contentsOf: corpus.appendingPathComponent(file)))
            guard let decoded = try? ArticleDecoder().decode(bytes) else { continue }
            let collapsed = CollapsedLines(decoded)
            if collapsed.canonical != ReferenceCollapse.collapse(decoded.utf8)
                || ArticleParser.parse(collapsed) != ReferenceParser.parse(decoded)
            {
                different.append(file)
            }
        }
        #expect(different.isEmpty, "parsed differently: \(different.prefix(5))")
    }
}
