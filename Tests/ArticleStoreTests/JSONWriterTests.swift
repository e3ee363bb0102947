import Foundation
import Testing

@testable import ArticleStore

@Suite struct JSONWriterTests {
    @Test func stringsRoundTripThroughAJSONParser() throws {
        let tricky = "quote \" backslash \\ newline \n tab \t cr \r bell \u{07} del \u{7F} £ “curly” 日本 end"
        var writer = JSONWriter()
        writer.object { json in
            json.field("text", tricky)
            json.field("none", nil as String?)
            json.field("list", ["a", "b\"c"])
            json.field("number", 42)
        }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(writer.bytes)) as? [String: Any])
        #expect(object["text"] as? String == tricky)
        #expect(object["none"] is NSNull)
        #expect(object["list"] as? [String] == ["a", "b\"c"])
        #expect(object["number"] as? Int == 42)
        #expect(
            String(decoding: writer.bytes, as: UTF8.self).hasPrefix(
                #"{"text":"quote \" backslash \\ newline \n tab \t cr \r bell \u0007 del \u007f £"#))
    }

    /// Escapes at every alignment of the eight-byte scan give what escaping byte by byte gives.
    @Test func escapingAgreesWithAByteByByteEscaperAtEveryOffset() {
        let specials: [UInt8] = [0x22, 0x5C, 0x0A, 0x0D, 0x09, 0x00, 0x1F, 0x7F]
        for special in specials {
            for offset in 0..<20 {
                for length in [offset + 1, offset + 9, offset + 17] {
                    var text = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    text[offset] = special
                    text += Array("£ “x” 日本".utf8)
                    let string = String(decoding: text, as: UTF8.self)
                    var writer = JSONWriter()
                    writer.field("t", string)
                    #expect(writer.bytes == Array(#""t":"#.utf8) + Self.reference(string))
                }
            }
        }
    }

    private static func reference(_ value: String) -> [UInt8] {
        var out: [UInt8] = [0x22]
        for byte in value.utf8 {
            switch byte {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0x09: out += [0x5C, UInt8(ascii: "t")]
            case 0..<0x20, 0x7F: out += Array(String(format: "\\u%04x", byte).utf8)
            default: out.append(byte)
            }
        }
        return out + [0x22]
    }
}
