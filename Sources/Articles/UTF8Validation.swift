/// Strict UTF-8 validation that also says where the first fault is.
enum UTF8Validation {
    /// Finds the first byte that does not start a well-formed UTF-8 sequence.
    ///
    /// Overlong forms, surrogates and scalars above U+10FFFF count as faults, as in the standard.
    /// - Parameter bytes: the bytes to check.
    /// - Returns: the offset of the first fault, or `nil` when the bytes are valid UTF-8.
    static func firstInvalidOffset(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            let count = buffer.count
            while index < count {
                // Eight ASCII bytes at once (most of an article): each is a whole, valid sequence.
                if index &+ 8 <= count, !ByteWords.hasNonASCII(ByteWords.load(buffer, at: index)) {
                    index &+= 8
                    continue
                }
                let lead = buffer[index]
                if lead < 0x80 {
                    index += 1
                    continue
                }
                let length: Int
                switch lead {
                case 0xC2...0xDF: length = 2
                case 0xE0...0xEF: length = 3
                case 0xF0...0xF4: length = 4
                default: return index
                }
                guard index + length <= count else { return index }
                var scalar = UInt32(lead) & (0x7F >> UInt32(length))
                for offset in 1..<length {
                    let next = buffer[index + offset]
                    guard next & 0xC0 == 0x80 else { return index }
                    scalar = scalar << 6 | UInt32(next & 0x3F)
                }
                let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
                if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return index }
                index += length
            }
            return nil
        }
    }
}
