/// Unicode NFC for UTF-8 bytes, with a fast path for text that is already NFC.
enum UnicodeNormalization {
    /// Puts valid UTF-8 into Normalization Form C.
    ///
    /// Foundation's `precomposedStringWithCanonicalMapping` costs about 270 µs per 5 KB here and the
    /// standard library's normaliser about 33 µs; most news text is ASCII plus typographic
    /// punctuation, which `isCertainlyNFC` clears in a few microseconds without normalising.
    /// - Parameter utf8: valid UTF-8.
    /// - Returns: the NFC form (the same bytes when they are already NFC).
    static func nfc(_ utf8: [UInt8]) -> [UInt8] {
        if isCertainlyNFC(utf8) { return utf8 }
        return String(decoding: utf8, as: UTF8.self)._nfcCodeUnits
    }

    /// A conservative check: `true` only when every scalar is below U+0300 or in a block of
    /// punctuation and currency signs (U+2002–U+206F, U+20A0–U+20BF). All of those have canonical
    /// combining class 0 and are NFC_Quick_Check=Yes, so such text is NFC. `false` means "not sure".
    static func isCertainlyNFC(_ utf8: [UInt8]) -> Bool {
        utf8.withUnsafeBufferPointer { buffer in
            var index = 0
            let count = buffer.count
            while index < count {
                // Eight ASCII bytes at once (most of an article).
                if index + 8 <= count, !ByteWords.hasNonASCII(ByteWords.load(buffer, at: index)) {
                    index += 8
                    continue
                }
                let lead = buffer[index]
                switch lead {
                case 0x00..<0x80:
                    index += 1
                case 0xC2..<0xCC:  // U+0080–U+02FF
                    index += 2
                case 0xE2 where index + 2 < count:
                    let second = buffer[index + 1]
                    let third = buffer[index + 2]
                    let allowed =
                        (second == 0x80 && third >= 0x82)  // U+2002–U+203F
                        || (second == 0x81 && third < 0xB0)  // U+2040–U+206F
                        || (second == 0x82 && third >= 0xA0)  // U+20A0–U+20BF
                    guard allowed else { return false }
                    index += 3
                default:
                    return false
                }
            }
            return true
        }
    }
}
