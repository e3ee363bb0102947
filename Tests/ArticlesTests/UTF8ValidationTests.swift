import Testing

@testable import Articles

/// `UTF8Validation` lets eight ASCII bytes through at once: it must still find the same first
/// fault as the byte-at-a-time reference wherever a sequence sits relative to the eight-byte
/// words, including sequences cut by a word boundary or by the end of the input.
@Suite struct UTF8ValidationTests {
    /// Valid sequences, and faults: stray continuations, overlongs, surrogates, above U+10FFFF,
    /// bad leads, truncated sequences.
    private static let pieces: [[UInt8]] = [
        [0xC3, 0xA9], [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x98, 0x80], [0xC2, 0xA3],
        [0x80], [0xBF], [0xC0, 0xAF], [0xC1, 0xBF], [0xE0, 0x80, 0xAF], [0xF0, 0x80, 0x80, 0xAF],
        [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],
        [0xFE], [0xFF], [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xC3, 0x41], [0xE2, 0x41, 0xAC],
        [0xA3],
    ]

    @Test func agreesWithTheReferenceForEveryPieceAtEveryOffset() {
        for piece in Self.pieces {
            for length in 0...24 {
                for offset in 0...length {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    bytes.insert(contentsOf: piece, at: offset)
                    #expect(
                        UTF8Validation.firstInvalidOffset(bytes) == ReferenceUTF8Validation.firstInvalidOffset(bytes),
                        "piece \(piece) at \(offset) of \(bytes.count)")
                }
            }
        }
    }

    @Test func agreesWithTheReferenceForTwoPiecesAtEveryPairOfOffsets() {
        for first in Self.pieces {
            for second in Self.pieces {
                for gap in 0...9 {
                    for offset in 0...9 {
                        let bytes =
                            [UInt8](repeating: 0x20, count: offset) + first + [UInt8](repeating: 0x7E, count: gap)
                            + second + [UInt8](repeating: 0x0A, count: 3)
                        #expect(
                            UTF8Validation.firstInvalidOffset(bytes)
                                == ReferenceUTF8Validation.firstInvalidOffset(bytes))
                    }
                }
            }
        }
    }

    @Test func findsTheFirstFaultInPlainASCIIAndNoneWithout() {
        let ascii = [UInt8]((0..<200).map { UInt8($0 % 128) })
        #expect(UTF8Validation.firstInvalidOffset(ascii) == nil)
        #expect(UTF8Validation.firstInvalidOffset([]) == nil)
        var broken = ascii
        broken[137] = 0x80
        #expect(UTF8Validation.firstInvalidOffset(broken) == 137)
    }
}
