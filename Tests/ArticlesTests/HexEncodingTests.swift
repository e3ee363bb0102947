import Testing

@testable import Articles

@Suite struct HexEncodingTests {
    @Test func rawBytesEncodeAsTheSequenceDoes() {
        let bytes: [UInt8] = Array(0...255) + [0x00, 0x0F, 0xF0, 0xFF]
        bytes.withUnsafeBytes { raw in
            #expect(HexEncoding.encode(raw) == HexEncoding.encode(bytes.lazy.map { $0 }))
        }
        #expect(HexEncoding.encode(UnsafeRawBufferPointer(start: nil, count: 0)) == "")
        [UInt8]([0xAB, 0x01]).withUnsafeBytes { #expect(HexEncoding.encode($0) == "ab01") }
    }
}
