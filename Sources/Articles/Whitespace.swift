/// Unicode White_Space, recognised directly in UTF-8 bytes.
enum Whitespace {
    /// The byte length of the White_Space scalar that starts at `index`, or 0 when there is none.
    ///
    /// White_Space is U+0009–U+000D, U+0020, U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029,
    /// U+202F, U+205F and U+3000. (Zero-width space U+200B is not whitespace in Unicode.)
    /// - Parameters:
    ///   - buffer: valid UTF-8.
    ///   - index: the start of a scalar.
    @inline(__always)
    static func length(at index: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Int {
        let lead = buffer[index]
        switch lead {
        case 0x09...0x0D, 0x20:
            return 1
        case 0xC2:
            let next = buffer[index + 1]
            return next == 0x85 || next == 0xA0 ? 2 : 0
        case 0xE1:
            return buffer[index + 1] == 0x9A && buffer[index + 2] == 0x80 ? 3 : 0
        case 0xE2:
            let second = buffer[index + 1]
            let third = buffer[index + 2]
            if second == 0x80 {
                return third <= 0x8A || third == 0xA8 || third == 0xA9 || third == 0xAF ? 3 : 0
            }
            return second == 0x81 && third == 0x9F ? 3 : 0
        case 0xE3:
            return buffer[index + 1] == 0x80 && buffer[index + 2] == 0x80 ? 3 : 0
        default:
            return 0
        }
    }
}
