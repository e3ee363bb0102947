import NearDuplicates
import Testing

@Suite struct BoilerplateTests {
    private let filter = BoilerplateFilter.standard

    @Test(arguments: [
        "Share:", "SHARE", "More for You", "Top Followed", "Up Next.", "Image Credit: Metro",
        "Image credit: Getty Images / AFP",
        "To view this video please enable JavaScript, and consider upgrading to a web browser that supports HTML5 video.",
        "Get in touch with our news team by emailing us at webnews@metro.co.uk. For more stories like this, check our news page.",
        "Yorumunuz başarıyla alındı, inceleme ardından en kısa sürede yayına alınacaktır.",
    ])
    func standardJunkIsRecognised(_ line: String) {
        #expect(filter.isBoilerplate(line))
    }

    @Test(arguments: [
        "Shares in the firm rose 5% on Monday.",
        "The share sale raised $100m.",
        "Follow us on the long road from the capital to the border, where the refugees have been waiting for days for the gates to open again.",
        "Image credits are disputed by the photographers' union, which says the agency owes its members more than a million pounds.",
        "",
    ])
    func articleTextIsNotBoilerplate(_ line: String) {
        #expect(!filter.isBoilerplate(line))
    }

    @Test func boilerplateInsideAParagraphIsCutBySentence() {
        let paragraph =
            "To view this video please enable JavaScript, and consider upgrading to a web browser that supports HTML5 video. Up Next. The United States has joined Russia."
        #expect(!filter.isBoilerplate(paragraph))
        let fingerprinter = Fingerprinter()
        #expect(
            fingerprinter.shingles(title: "", paragraphs: [paragraph])
                == fingerprinter.shingles(title: "", paragraphs: ["The United States has joined Russia."]))
    }

    @Test func learnedLinesExtendTheStandardList() {
        let learned = BoilerplateFilter(learnedLines: ["Download our free app for breaking news alerts."])
        #expect(learned.isBoilerplate("Download our FREE app for breaking-news alerts"))
        #expect(learned.isBoilerplate("Share:"))
        #expect(!filter.isBoilerplate("Download our free app for breaking news alerts."))
        #expect(!BoilerplateFilter.none.isBoilerplate("Share:"))
    }

    @Test func normalisedSentencesAreWhatTheLearnerCounts() {
        let sentences = BoilerplateFilter.normalisedSentences(of: [
            "Levy's novel won. It's a \"hit\"! Image Credit: PA", "Levy's novel won.",
        ])
        #expect(sentences == ["levys novel won", "its a hit", "image credit pa"])
    }

    @Test func learnerProposesShortLinesSeenInManyStories() {
        let counts = [
            "listen to this article": 120, "report an error": 25, "he said": 19,
            String(repeating: "long syndicated sentence ", count: 10): 500,
        ]
        let lines = BoilerplateLearner.proposeLines(
            articleCounts: counts, articleCount: 10_000, minimumArticles: 20, maximumWords: 25)
        #expect(lines == ["listen to this article", "report an error"])
        // In a big store the share bound takes over: 0.1% of 100,000 stories is 100.
        #expect(
            BoilerplateLearner.proposeLines(articleCounts: counts, articleCount: 100_000) == ["listen to this article"])
    }
}
