import Articles
import Testing

@Suite struct RejectionTests {
    private func rejection(_ bytes: [UInt8], maxBytes: Int = ArticleDecoder.defaultMaxBytes) -> Rejection? {
        do {
            _ = try Article(bytes: bytes, decoder: ArticleDecoder(maxBytes: maxBytes))
            return nil
        } catch {
            return error
        }
    }

    @Test func emptyInputIsRejected() {
        #expect(rejection([])?.reason == .empty)
    }

    @Test func whitespaceOnlyInputIsRejected() {
        #expect(rejection(Array(" \n\t\r\n".utf8))?.reason == .whitespaceOnly)
        #expect(rejection(Array("\u{00A0}\u{3000}\n".utf8))?.reason == .whitespaceOnly)
        #expect(rejection([0xEF, 0xBB, 0xBF, 0x20])?.reason == .whitespaceOnly)
    }

    @Test func nulBytesMeanBinary() throws {
        let result = try #require(rejection(Array("Title\n".utf8) + [0x00, 0x41]))
        #expect(result.reason == .binary)
        #expect(result.message.contains("offset 6"))
    }

    @Test func mostlyControlCharactersMeanBinary() {
        let bytes: [UInt8] = (0..<200).map { UInt8(1 + $0 % 8) } + Array("some text".utf8)
        #expect(rejection(bytes)?.reason == .binary)
        // A stray control character in real text is fine.
        #expect(rejection(Array("Title\n\nBody \u{07} bell.".utf8)) == nil)
    }

    @Test func controlCharactersAreCountedExactly() throws {
        // 10 characters, 4 of them controls: BEL, DEL, and the C1 controls U+0085 and U+009F
        // (0xC2 then 0x80–0x9F). Tab, "é" (0xC3 0xA9), "Â" (0xC3 0x82: a continuation byte in
        // the C1 range after another lead byte) and "ABC" are not.
        let text: [UInt8] = [0x07, 0x7F, 0xC2, 0x85, 0xC2, 0x9F, 0x09, 0xC3, 0xA9, 0xC3, 0x82, 0x41, 0x42, 0x43]
        let result = try #require(rejection(text))
        #expect(result.reason == .binary)
        #expect(result.message.hasPrefix("4 of its 10 characters"))
    }

    @Test func invalidUTF8ThatIsNotWindows1252IsUndecodable() throws {
        let result = try #require(rejection(Array("Title ".utf8) + [0xC3, 0x28, 0x81]))
        #expect(result.reason == .undecodable)
        #expect(result.message.contains("0x81"))
        #expect(result.message.contains("offset 6"))
    }

    @Test func oddLengthUTF16IsUndecodable() {
        #expect(rejection([0xFF, 0xFE, 0x41, 0x00, 0x42])?.reason == .undecodable)
    }

    @Test func inputOverTheSizeLimitIsRejected() throws {
        let result = try #require(rejection(Array(repeating: 0x41, count: 1025), maxBytes: 1024))
        #expect(result.reason == .tooLarge)
        #expect(result.message.contains("1025") && result.message.contains("1024"))
        #expect(rejection(Array(repeating: 0x41, count: 1024), maxBytes: 1024) == nil)
    }
}
