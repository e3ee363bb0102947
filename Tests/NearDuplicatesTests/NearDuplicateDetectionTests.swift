import Articles
import Foundation
import NearDuplicates
import TestSupport
import Testing

/// The behaviours the near-duplicate issue asks for, on the seeds and short texts of our own.
@Suite struct NearDuplicateDetectionTests {
    private let fingerprinter = Fingerprinter()
    private var threshold: Double { NearDuplicateParameters.standard.threshold }

    private func parse(_ text: String) throws -> ParsedArticle {
        try Article(bytes: Array(text.utf8)).parsed
    }

    private func seed(_ name: String) throws -> ParsedArticle {
        try Article(bytes: Fixtures.seed(name)).parsed
    }

    /// Whether the detector links two articles: a shared band key, confirmed by exact Jaccard.
    private func linked(_ a: ParsedArticle, _ b: ParsedArticle) -> Bool {
        let (x, y) = (fingerprinter.fingerprint(a), fingerprinter.fingerprint(b))
        return x.sharesBand(with: y) && x.similarity(to: y) >= threshold
    }

    private func similarity(_ a: ParsedArticle, _ b: ParsedArticle) -> Double {
        fingerprinter.fingerprint(a).similarity(to: fingerprinter.fingerprint(b))
    }

    /// Seed 003 without its page furniture: the story as a clean feed would carry it.
    private func cleanSeed003() throws -> ParsedArticle {
        let article = try seed("003_fe3d5e2975a598a8.txt")
        var paragraphs = article.paragraphs.filter {
            !["Share:", "More for You", "Top Followed"].contains($0) && !$0.hasPrefix("Image Credit")
        }
        paragraphs[0] = String(
            paragraphs[0].dropFirst(paragraphs[0].range(of: "Up Next. ")!.upperBound.utf16Offset(in: paragraphs[0])))
        let last = paragraphs.count - 1
        paragraphs[last] = String(paragraphs[last][..<paragraphs[last].range(of: " Get in touch")!.lowerBound])
        return ParsedArticle(title: article.title, author: nil, published: nil, paragraphs: paragraphs, wordCount: 0)
    }

    @Test func identicalTextsHaveSimilarityOne() throws {
        let article = try seed("000_2a12523330ba2c24.txt")
        let (a, b) = (fingerprinter.fingerprint(article), fingerprinter.fingerprint(article))
        #expect(a == b)
        #expect(a.similarity(to: b) == 1.0)
        #expect(a.sharesBand(with: b))
        #expect(a.bandKeys.count == NearDuplicateParameters.standard.bands)
    }

    @Test func unrelatedTextsHaveSimilarityNearZero() throws {
        let recipe = try parse(
            """
            Slow-roasted tomatoes

            Halve the tomatoes, season them with salt, thyme and a little sugar, and roast them at a low \
            heat for three hours until they are sticky and sweet. Keep them in olive oil for a week.
            """)
        let match = try parse(
            """
            City edge past United in derby

            A late header from the captain gave City a narrow win over their neighbours on Sunday, \
            lifting them to third in the table with ten games left to play.
            """)
        #expect(similarity(recipe, match) < 0.02)
        #expect(!linked(recipe, match))
        #expect(similarity(try seed("000_2a12523330ba2c24.txt"), recipe) < 0.01)
    }

    @Test func headlineChangeIsDetected() throws {
        let story = try cleanSeed003()
        var retitled = story
        retitled.title = "Washington sides with Moscow and Pyongyang in UN vote on Ukraine war"
        #expect(similarity(story, retitled) > 0.95)
        #expect(linked(story, retitled))
    }

    @Test func addedSentenceIsDetected() throws {
        let story = try seed("000_2a12523330ba2c24.txt")
        var extended = story
        extended.paragraphs.insert(
            "The council is expected to meet again next week to discuss a new draft resolution.", at: 5)
        extended.paragraphs[2] += " Diplomats described the session as unusually tense."
        #expect(similarity(story, extended) > 0.9)
        #expect(linked(story, extended))
    }

    @Test func boilerplateWrappedStoryIsDetected() throws {
        let scraped = try seed("003_fe3d5e2975a598a8.txt")
        let clean = try cleanSeed003()
        // The furniture is left out of the features entirely: the scraped page and the clean story
        // have the same shingles.
        #expect(similarity(scraped, clean) == 1.0)
        #expect(linked(scraped, clean))
    }

    @Test func boilerplateDoesNotMakeDifferentStoriesAlike() throws {
        let furniture = [
            "Share:", "More for You", "Top Followed", "Image Credit: Metro",
            "Yorumunuz başarıyla alındı, inceleme ardından en kısa sürede yayına alınacaktır.",
        ]
        let a = try parse(
            "Rail strike called off\n\nShare:\n\nUnions called off the strike after a late pay offer.\n\n"
                + furniture.joined(separator: "\n\n"))
        let b = try parse(
            "Bakery wins award\n\nShare:\n\nA village bakery won the national bread prize on Friday.\n\n"
                + furniture.joined(separator: "\n\n"))
        #expect(similarity(a, b) == 0)
    }

    @Test func differentStoriesOnTheSameTopicAreNotLinked() throws {
        // Both seeds are about the UN and a ceasefire in Ukraine, a day apart.
        let ceasefire = try seed("000_2a12523330ba2c24.txt")
        let vote = try seed("003_fe3d5e2975a598a8.txt")
        #expect(similarity(ceasefire, vote) < 0.05)
        #expect(!linked(ceasefire, vote))

        let first = try parse(
            """
            Bank holds interest rates

            The central bank held interest rates at 4.75% on Thursday, saying that inflation was close to \
            its target and that consumer spending had slowed over the winter months.
            """)
        let second = try parse(
            """
            Bank raises interest rates

            The central bank raised interest rates to 5% on Thursday after inflation rose above its target \
            for the third month, and warned that borrowing costs might have to climb further this year.
            """)
        #expect(!linked(first, second))
    }

    @Test func punctuationCaseAndReflowDoNotMatter() throws {
        let a = try parse(
            "Nasdaq planning $100m share sale\n\nThe owner of the Nasdaq stock market plans to sell shares.")
        let b = try parse(
            "NASDAQ planning $100m-share sale\n\nThe owner of the Nasdaq stock\nmarket plans to sell shares")
        #expect(similarity(a, b) == 1.0)
    }

    @Test func anArticleWithoutWordsIsNeverACandidate() throws {
        let empty = fingerprinter.fingerprint(title: "…", paragraphs: ["—", "Share:"])
        #expect(empty.shingles.isEmpty)
        #expect(empty.bandKeys.isEmpty)
        #expect(!empty.sharesBand(with: empty))
        #expect(empty.similarity(to: empty) == 0)
    }

    @Test func corpusRepublicationWithHyphenatedHeadlineIsLinked() throws {
        guard let corpus = Fixtures.corpus else {
            print(Fixtures.corpusMissing)
            return
        }
        let read = { (path: String) throws -> ParsedArticle in
            try Article(bytes: Array(Data(contentsOf: corpus.appendingPathComponent(path)))).parsed
        }
        let (a, b) = (try read("business/267.txt"), try read("business/365.txt"))
        #expect(a.title != b.title)
        #expect(linked(a, b))
    }
}
