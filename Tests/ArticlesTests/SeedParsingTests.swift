import Articles
import TestSupport
import Testing

@Suite struct SeedParsingTests {
    @Test func seed003YieldsAuthorAndParsedPublishedDate() throws {
        let article = try Article(bytes: Fixtures.seed("003_fe3d5e2975a598a8.txt"))
        #expect(article.parsed.title == "US, Russia and North Korea join forces to reject UN peace plan for Ukraine")
        #expect(article.parsed.author == "Tom Sanders")
        #expect(article.parsed.published?.raw == "Feb, 24 2025 19:01")
        #expect(article.parsed.published?.iso8601 == "2025-02-24T19:01:00")
        #expect(article.text.encoding == .utf8)
        #expect(!article.parsed.paragraphs.contains { $0.hasPrefix("Author:") || $0.hasPrefix("Published:") })
        #expect(article.parsed.paragraphs.first == "Share:")
        #expect(article.parsed.paragraphs.last == "Top Followed")
    }

    @Test func seed000TitleAppearsOnce() throws {
        let article = try Article(bytes: Fixtures.seed("000_2a12523330ba2c24.txt"))
        let title = "US, France call for Ukraine ceasefire as Moscow and Kyiv trade blame at UN Security Council"
        #expect(article.parsed.title == title)
        #expect(!article.parsed.paragraphs.contains(title))
        #expect(article.parsed.paragraphs.first?.hasPrefix("Russia and Ukraine accuse each other") == true)
        // No blank lines in this file: every line is its own paragraph.
        #expect(article.parsed.paragraphs.count == 19)
        #expect(article.parsed.author == nil)
        #expect(article.parsed.published == nil)
        #expect(article.parsed.wordCount > 500)
    }

    @Test func canonicalTextKeepsEverythingIncludingTheRepeatedTitle() throws {
        let article = try Article(bytes: Fixtures.seed("000_2a12523330ba2c24.txt"))
        let title = "US, France call for Ukraine ceasefire as Moscow and Kyiv trade blame at UN Security Council"
        #expect(article.canonical.string.hasPrefix(title + " " + title + " Russia"))
        #expect(article.canonical.string.hasSuffix("yayına alınacaktır."))
    }
}
