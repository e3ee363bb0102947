/// The Windows-1252 code page: Latin-1 with printable characters in 0x80–0x9F.
enum Windows1252 {
    /// Unicode scalars for bytes 0x80–0x9F; `nil` marks the five bytes the code page leaves undefined.
    private static let high: [Unicode.Scalar?] = [
        "\u{20AC}", nil, "\u{201A}", "\u{0192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}",
        "\u{02C6}", "\u{2030}", "\u{0160}", "\u{2039}", "\u{0152}", nil, "\u{017D}", nil,
        nil, "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}",
        "\u{02DC}", "\u{2122}", "\u{0161}", "\u{203A}", "\u{0153}", nil, "\u{017E}", "\u{0178}",
    ]

    /// Decodes Windows-1252 bytes into UTF-8 bytes.
    ///
    /// - Parameter bytes: the raw input.
    /// - Returns: UTF-8 bytes, or the offset of the first byte the code page leaves undefined.
    static func decode(_ bytes: [UInt8]) -> Result<[UInt8], UndefinedByte> {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for (offset, byte) in bytes.enumerated() {
            let scalar: Unicode.Scalar
            switch byte {
            case 0x00..<0x80:
                out.append(byte)
                continue
            case 0x80..<0xA0:
                guard let mapped = high[Int(byte - 0x80)] else {
                    return .failure(UndefinedByte(offset: offset, byte: byte))
                }
                scalar = mapped
            default:
                scalar = Unicode.Scalar(byte)
            }
            out.append(contentsOf: UTF8.encode(scalar)!)
        }
        return .success(out)
    }

    /// A byte that has no character in Windows-1252.
    struct UndefinedByte: Error {
        /// Where the byte is in the input.
        let offset: Int
        /// The byte itself (0x81, 0x8D, 0x8F, 0x90 or 0x9D).
        let byte: UInt8
    }
}
