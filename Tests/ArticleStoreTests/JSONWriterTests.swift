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
}
