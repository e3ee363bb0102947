import Systemd
import Testing

@Suite struct JournalDatagramTests {
    @Test func plainValuesAreNameEqualsValueLines() {
        #expect(
            JournalDatagram.encode([("MESSAGE", "stored it"), ("PRIORITY", "6")])
                == Array("MESSAGE=stored it\nPRIORITY=6\n".utf8))
    }

    @Test func valuesWithLineBreaksCarryTheirLengthInLittleEndian() {
        let bytes = JournalDatagram.encode([("MESSAGE", "two\nlines")])
        #expect(bytes == Array("MESSAGE\n".utf8) + [9, 0, 0, 0, 0, 0, 0, 0] + Array("two\nlines\n".utf8))
    }

    @Test func decodingGivesBackEveryFieldInOrderRepeatsIncluded() throws {
        let fields: [(name: String, value: String)] = [
            ("MESSAGE", "a\nb=c"), ("ARTICLE_ID", "2a12523330ba2c24"), ("ARTICLE_ID", "bd776c32a36d56c5"),
            ("EMPTY", ""), ("TITLE", "Grüße, £ and ="),
        ]
        let decoded = try #require(JournalDatagram.decode(JournalDatagram.encode(fields)))
        #expect(decoded.map(\.name) == fields.map(\.name))
        #expect(decoded.map(\.value) == fields.map(\.value))
        #expect(
            JournalDatagram.decode(Array("MESSAGE\n".utf8) + [200, 0, 0, 0, 0, 0, 0, 0] + Array("x\n".utf8)) == nil)
    }
}
