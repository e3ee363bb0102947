import Articles
import Foundation
import Testing

/// A content id's other forms: the 64 bits the near-duplicate index stores, and the one JSON
/// string every store file holds.
@Suite struct ContentIDFormsTests {
    @Test func bitsRoundTripThroughTheSixteenHexDigits() throws {
        for hex in ["0000000000000000", "00000000000000aa", "2a12523330ba2c24", "ffffffffffffffff"] {
            let id = try #require(ContentID(hex))
            #expect(ContentID(bits: id.bits) == id)
            #expect(ContentID(bits: id.bits).hex == hex)
        }
        #expect(ContentID(bits: 0x2A12_5233_30BA_2C24).hex == "2a12523330ba2c24")
        #expect(ContentID(bits: 1).hex == "0000000000000001")
    }

    @Test func encodesAsOneStringOfItsHexDigits() throws {
        let id = try #require(ContentID("2a12523330ba2c24"))
        #expect(String(decoding: try JSONEncoder().encode([id]), as: UTF8.self) == #"["2a12523330ba2c24"]"#)
        #expect(try JSONDecoder().decode([ContentID].self, from: Data(#"["2a12523330ba2c24"]"#.utf8)) == [id])
    }

    @Test func decodingRefusesAnythingButSixteenLowercaseHexDigits() {
        for bad in [#"["2a1252333"]"#, #"["2A12523330BA2C24"]"#, #"["2a12523330ba2c2g"]"#, #"[42]"#] {
            #expect(throws: DecodingError.self) { try JSONDecoder().decode([ContentID].self, from: Data(bad.utf8)) }
        }
    }
}
