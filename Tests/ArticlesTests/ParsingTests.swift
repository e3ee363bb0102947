import Testing

@testable import Articles

@Suite struct ParsingTests {
    private func parse(_ text: String) throws -> ParsedArticle {
        try Article(bytes: Array(text.utf8)).parsed
    }

    @Test func titleIsFirstNonEmptyLineAndRepeatsCollapse() throws {
        let parsed = try parse("\n\n  Big  news \n\nBig news\nBig news\nFirst para.\n\nSecond para\ncontinued.")
        #expect(parsed.title == "Big news")
        #expect(parsed.paragraphs == ["First para.", "Second para continued."])
        #expect(parsed.wordCount == 5)
    }

    @Test func metadataLinesBecomeFields() throws {
        let parsed = try parse("Headline\nBy: Jane Roe\nDate: 2025-03-02\n\nText.")
        #expect(parsed.author == "Jane Roe")
        #expect(parsed.published?.iso8601 == "2025-03-02")
        #expect(parsed.paragraphs == ["Text."])
    }

    @Test func metadataFarDownTheBodyStaysText() throws {
        let body = (1...10).map { "Line \($0)." }.joined(separator: "\n")
        let parsed = try parse("Headline\n\(body)\nAuthor: Late Line")
        #expect(parsed.author == nil)
        #expect(parsed.paragraphs.last == "Author: Late Line")
    }

    @Test(arguments: [
        ("Feb, 24 2025 19:01", "2025-02-24T19:01:00"),
        ("2025-02-24T19:01:00Z", "2025-02-24T19:01:00Z"),
        ("2025-02-24 19:01:30.123+01:00", "2025-02-24T19:01:30+01:00"),
        ("Mon, 24 Feb 2025 19:01:00 +0000", "2025-02-24T19:01:00Z"),
        ("Mon, 24 Feb 2025 19:01:00 -0500", "2025-02-24T19:01:00-05:00"),
        ("24 February 2025", "2025-02-24"),
        ("February 24th, 2025 at 7:01 pm GMT", "2025-02-24T19:01:00Z"),
        ("12:05 am, 3 March 2024", "2024-03-03T00:05:00"),
        ("2025/03/02", "2025-03-02"),
        ("24/02/2025", "2025-02-24"),
        ("02/24/2025", "2025-02-24"),
        ("Sept 9 2024 08:15 BST", "2024-09-09T08:15:00+01:00"),
    ])
    func publishedDatesAreRecognised(raw: String, iso: String) {
        #expect(PublishedDate(raw: raw).iso8601 == iso)
    }

    @Test(arguments: [
        "yesterday", "02/03/2025", "31 February 2025", "25:00 24 Feb 2025", "Feb 2025", "13 pm 1 May 2025",
    ])
    func unrecognisableDatesKeepOnlyTheRawText(raw: String) {
        let date = PublishedDate(raw: raw)
        #expect(date.iso8601 == nil)
        #expect(date.raw == raw)
    }

    @Test func producerFileNamesAreParsed() {
        let name = ProducerFileName("003_FE3D5E2975A598A8.txt")
        #expect(name?.sequence == 3)
        #expect(name?.hash == "fe3d5e2975a598a8")
        #expect(ProducerFileName("000123_2a12523330ba2c24.json")?.sequence == 123)
        #expect(ProducerFileName("notes.txt") == nil)
        #expect(ProducerFileName("003_fe3d5e2975a598a.txt") == nil)
        #expect(ProducerFileName("x03_fe3d5e2975a598a8.txt") == nil)
        #expect(ProducerFileName("003_fe3d5e2975a598a8") == nil)
    }

    @Test(
        arguments: [
            ("0_2a12523330ba2c24.x", 0, "2a12523330ba2c24"),
            ("123456789012345678_2A12523330BA2C24.txt", 123_456_789_012_345_678, "2a12523330ba2c24"),
            ("1234567890123456789_2a12523330ba2c24.txt", nil, nil), ("_2a12523330ba2c24.txt", nil, nil),
            ("003_2a12523330ba2c24.", nil, nil), ("003_2a12523330ba2c24..", 3, "2a12523330ba2c24"),
            ("003_2a12523330ba2c2g.txt", nil, nil), ("003_2a12523330ba2c244.txt", nil, nil),
            ("003__2a12523330ba2c24.txt", nil, nil), ("0 3_2a12523330ba2c24.txt", nil, nil),
            ("003_2a12523330ba2c24.t\r\nx", 3, "2a12523330ba2c24"), ("003_2a12523330ba2c24.tæt", 3, "2a12523330ba2c24"),
            ("003_2a12523330ba2c24.\u{301}txt", nil, nil), ("003_\u{301}2a12523330ba2c24.txt", nil, nil),
            ("٣_2a12523330ba2c24.txt", nil, nil), ("003_2a12523330ba2c24.txt", 3, "2a12523330ba2c24"),
        ] as [(String, Int?, String?)])
    func producerFileNamesParseTheSameOnBytesAndCharacters(name: String, sequence: Int?, hash: String?) {
        // ASCII names take the byte path, the others the Character path: both give these answers.
        let parsed = ProducerFileName(name)
        #expect(parsed?.sequence == sequence)
        #expect(parsed?.hash == hash)
    }
}

@Suite struct WordCountTests {
    @Test(arguments: [
        ("", 0), ("one", 1), ("one two  three", 3), ("— – …", 0), ("£5 rise", 2), ("Zürich élan", 2), ("日本 語", 2),
        ("1,000 £", 1), ("'quoted'", 1),
    ])
    func wordsAreTokensWithALetterOrDigit(text: String, words: Int) {
        #expect(ArticleParser.wordCount(text) == words)
    }
}
