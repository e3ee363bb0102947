import Articles
import Testing

@Suite struct ContentIdentityTests {
    private func id(_ text: String) throws -> ContentID {
        try Article(bytes: Array(text.utf8)).id
    }

    private func id(bytes: [UInt8]) throws -> ContentID {
        try Article(bytes: bytes).id
    }

    @Test func idIsFirst16HexDigitsOfSHA256OfCanonicalText() throws {
        // sha256("hello world") = b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9
        let article = try Article(bytes: Array("  hello \n\n world \n".utf8))
        #expect(article.canonical.string == "hello world")
        #expect(article.id.hex == "b94d27b9934d3e08")
        #expect(article.digest.hex == "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9")
    }

    @Test func whitespaceVariantsShareAnId() throws {
        let base = try id("Title\n\nFirst paragraph here.\n\nSecond one.")
        #expect(try id("Title\n\n\n   First  paragraph\there.\n\nSecond one.\n\n") == base)
        #expect(try id("  Title\nFirst paragraph here. Second one.") == base)
        #expect(try id("Title\u{00A0}\u{2003}\n\u{3000}First\u{00A0}paragraph\u{2009}here.\u{2028}Second one.") == base)
    }

    @Test func lineBreakVariantsShareAnId() throws {
        let base = try id("Title\n\nBody line.\n")
        #expect(try id("Title\r\n\r\nBody line.\r\n") == base)
        #expect(try id("Title\r\rBody line.\r") == base)
    }

    @Test func byteOrderMarkIsDropped() throws {
        let base = try id("Title\n\nBody.")
        #expect(try id(bytes: [0xEF, 0xBB, 0xBF] + Array("Title\n\nBody.".utf8)) == base)
    }

    @Test func decomposedAndPrecomposedFormsShareAnId() throws {
        let precomposed = try id("Caf\u{00E9} in Z\u{00FC}rich")
        let decomposed = try id("Cafe\u{0301} in Zu\u{0308}rich")
        #expect(precomposed == decomposed)
        // A singleton (ANGSTROM SIGN) normalises to its canonical equivalent.
        #expect(try id("1 \u{212B}") == id("1 \u{00C5}"))
    }

    @Test func oneCharacterEditChangesTheId() throws {
        let base = try id("The central bank raised rates by 0.25 points.")
        #expect(try id("The central bank raised rates by 0.75 points.") != base)
        #expect(try id("The central bank raised rates by 0.25 points!") != base)
        #expect(try id("the central bank raised rates by 0.25 points.") != base)  // case is kept
    }

    @Test func windows1252FallbackDecodesPoundSign() throws {
        let bytes =
            Array("Shares fell to ".utf8) + [0xA3] + Array("5 (".utf8) + [0x93] + Array("bad day".utf8) + [0x94, 0x29]
        let article = try Article(bytes: bytes)
        #expect(article.text.encoding == .windows1252)
        #expect(article.canonical.string == "Shares fell to £5 (“bad day”)")
        #expect(article.id == (try id("Shares fell to £5 (“bad day”)")))
    }

    @Test func utf16WithByteOrderMarkDecodes() throws {
        let text = "Title £\n\nBody."
        let little: [UInt8] =
            [0xFF, 0xFE] + text.utf16.flatMap { unit -> [UInt8] in [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let big: [UInt8] =
            [0xFE, 0xFF] + text.utf16.flatMap { unit -> [UInt8] in [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        #expect(try Article(bytes: little).text.encoding == .utf16LE)
        #expect(try id(bytes: little) == id(text))
        #expect(try id(bytes: big) == id(text))
    }

    @Test func contentIdParsesOnlySixteenHexDigits() {
        #expect(ContentID("2A12523330BA2C24")?.hex == "2a12523330ba2c24")
        #expect(ContentID("2a12523330ba2c2") == nil)
        #expect(ContentID("2a12523330ba2c2g") == nil)
        #expect(ContentID("2a12523330ba2c24")?.shard == "2a1")
    }
}
