import Testing

@testable import Articles

/// The eight-byte tests must agree with a byte-by-byte look at every byte value in every position,
/// alone and beside other bytes (borrows between bytes are where such tricks go wrong).
@Suite struct ByteWordsTests {
    private func word(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBufferPointer { ByteWords.load($0, at: 0) }
    }

    private func check(_ bytes: [UInt8]) {
        let value = word(bytes)
        #expect(ByteWords.hasNonASCII(value) == bytes.contains { $0 >= 0x80 })
        for limit: UInt8 in [0x01, 0x20, 0x30, 0x80] {
            #expect(ByteWords.hasByte(below: limit, value) == bytes.contains { $0 < limit })
        }
        for target: UInt8 in [0x00, 0x22, 0x5C, 0x7F, 0x80, 0xFF] {
            #expect(ByteWords.hasByte(target, value) == bytes.contains(target))
        }
    }

    @Test func everyByteInEveryPositionAmongFillers() {
        for filler: UInt8 in [0x41, 0x00, 0x20, 0x7F, 0x80, 0xC2, 0xFF] {
            for position in 0..<8 {
                for byte in UInt8.min...UInt8.max {
                    var bytes = [UInt8](repeating: filler, count: 8)
                    bytes[position] = byte
                    check(bytes)
                }
            }
        }
    }

    @Test func pseudoRandomWords() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<50_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            // Bytes drawn mostly near the interesting boundaries.
            let pool: [UInt8] = [
                0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7E, 0x7F, 0x80, 0xC2, 0xFF, 0x41,
            ]
            check((0..<8).map { pool[Int(truncatingIfNeeded: state >> (8 * UInt64($0))) & 15] })
        }
    }

    @Test func firstIndexFindsTheFirstOccurrenceAtEveryOffset() {
        for target: UInt8 in [0x00, 0x0D, 0x80, 0xFF] {
            for length in 0...24 {
                let filler = [UInt8](repeating: target &+ 1, count: length)
                #expect(ByteWords.firstIndex(of: target, in: filler) == nil)
                for first in 0..<length {
                    for second in first..<length {
                        var bytes = filler
                        bytes[first] = target
                        bytes[second] = target
                        #expect(ByteWords.firstIndex(of: target, in: bytes) == first)
                    }
                }
            }
        }
    }
}
