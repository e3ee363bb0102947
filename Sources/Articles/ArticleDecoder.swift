/// Turns an input file's bytes into text, or rejects them with a specific reason.
///
/// UTF-8 is the norm (a byte-order mark is dropped). Input that is not valid UTF-8 is decoded as
/// Windows-1252 when every byte has a character there, since real scraped articles carry a bare
/// `0xA3` for `£`. UTF-16 is accepted when it starts with a byte-order mark. CRLF and lone CR
/// become LF, and the text is put into Unicode NFC.
public struct ArticleDecoder: Sendable {
    /// The default size limit: 4 MiB.
    public static let defaultMaxBytes = 4 * 1024 * 1024

    /// Inputs larger than this many bytes are rejected as `too-large`.
    public var maxBytes: Int

    /// Control characters above this share of all characters make an input `binary`.
    static let maxControlShare = 0.1

    /// Creates a decoder.
    ///
    /// - Parameter maxBytes: the size limit; inputs above it are rejected.
    public init(maxBytes: Int = ArticleDecoder.defaultMaxBytes) {
        self.maxBytes = maxBytes
    }

    /// Decodes one input.
    ///
    /// - Parameter bytes: the whole file.
    /// - Returns: the decoded, normalised text.
    /// - Throws: a `Rejection` with reason `empty`, `too-large`, `binary` or `undecodable`.
    ///   (Whitespace-only text is caught later, by canonicalisation.)
    public func decode(_ bytes: [UInt8]) throws(Rejection) -> DecodedText {
        guard !bytes.isEmpty else { throw Rejection(.empty, "the file is empty (0 bytes)") }
        try checkSize(bytes.count)
        var (utf8, encoding) = try transcode(bytes)
        try Self.checkControlCharacters(utf8)
        utf8 = Self.normalizingLineBreaks(utf8)
        return DecodedText(utf8: UnicodeNormalization.nfc(utf8), encoding: encoding)
    }

    /// Rejects a size above the limit before anything is read.
    ///
    /// - Parameter byteCount: the input's size.
    /// - Throws: a `too-large` rejection.
    public func checkSize(_ byteCount: Int) throws(Rejection) {
        guard byteCount > maxBytes else { return }
        throw Rejection(.tooLarge, "the file has \(byteCount) bytes, more than the limit of \(maxBytes)")
    }

    private func transcode(_ bytes: [UInt8]) throws(Rejection) -> ([UInt8], SourceEncoding) {
        if bytes.starts(with: [0xFF, 0xFE]) { return (try Self.utf16(bytes.dropFirst(2), bigEndian: false), .utf16LE) }
        if bytes.starts(with: [0xFE, 0xFF]) { return (try Self.utf16(bytes.dropFirst(2), bigEndian: true), .utf16BE) }
        if let nul = ByteWords.firstIndex(of: 0, in: bytes) {
            throw Rejection(.binary, "the file contains a NUL byte at offset \(nul), so it is not text")
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        guard let invalid = UTF8Validation.firstInvalidOffset(body) else { return (body, .utf8) }
        switch Windows1252.decode(body) {
        case .success(let utf8):
            return (utf8, .windows1252)
        case .failure(let undefined):
            throw Rejection(
                .undecodable,
                "the file is not valid UTF-8 (first bad byte at offset \(invalid)) nor Windows-1252 "
                    + "(byte 0x\(HexEncoding.encode([undefined.byte])) at offset \(undefined.offset) has no character there)"
            )
        }
    }

    private static func utf16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) throws(Rejection) -> [UInt8] {
        guard bytes.count % 2 == 0 else {
            throw Rejection(
                .undecodable, "the file starts with a UTF-16 byte-order mark but has an odd number of bytes")
        }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let first = UInt16(bytes[index])
            let second = UInt16(bytes[index + 1])
            units.append(bigEndian ? first << 8 | second : second << 8 | first)
            index += 2
        }
        if let nul = units.firstIndex(of: 0) {
            throw Rejection(
                .binary, "the UTF-16 file contains a NUL character at offset \(2 + nul * 2), so it is not text")
        }
        var utf8: [UInt8] = []
        utf8.reserveCapacity(units.count)
        let failed = Swift.transcode(units.makeIterator(), from: UTF16.self, to: UTF8.self, stoppingOnError: true) {
            utf8.append($0)
        }
        if failed {
            throw Rejection(
                .undecodable, "the file starts with a UTF-16 byte-order mark but holds an unpaired surrogate")
        }
        return utf8
    }

    /// Per byte value: bit 0 starts a character (not a continuation byte), bit 1 is a C0 control or
    /// DEL (other than tab, line feed, vertical tab, form feed, carriage return), bit 2 may be the
    /// second byte of a C1 control, bit 3 is the lead byte 0xC2.
    private static let byteKinds: [UInt8] = (0...255).map { byte -> UInt8 in
        var kind: UInt8 = byte & 0xC0 != 0x80 ? 1 : 0
        if (0x01...0x08).contains(byte) || (0x0E...0x1F).contains(byte) || byte == 0x7F { kind |= 2 }
        if (0x80...0x9F).contains(byte) { kind |= 4 }
        if byte == 0xC2 { kind |= 8 }
        return kind
    }

    /// Rejects text in which control characters (other than tab, line feed, vertical tab, form feed
    /// and carriage return) are more than `maxControlShare` of all characters.
    private static func checkControlCharacters(_ utf8: [UInt8]) throws(Rejection) {
        var characters = 0
        var controls = 0
        byteKinds.withUnsafeBufferPointer { kinds in
            utf8.withUnsafeBufferPointer { bytes in
                // Branch-free: each byte adds its kind's bits. A C1 control (U+0080–U+009F) is a
                // continuation byte 0x80–0x9F after the lead byte 0xC2.
                var previousIsC2 = 0
                var index = 0
                let count = bytes.count
                while index < count {
                    // Eight printable ASCII bytes: eight characters, no control, no 0xC2 last.
                    if index + 8 <= count {
                        let word = ByteWords.load(bytes, at: index)
                        if !ByteWords.hasNonASCII(word), !ByteWords.hasByte(below: 0x20, word),
                            !ByteWords.hasByte(0x7F, word)
                        {
                            characters &+= 8
                            previousIsC2 = 0
                            index += 8
                            continue
                        }
                    }
                    let end = Swift.min(index + 8, count)
                    while index < end {
                        let kind = Int(kinds[Int(bytes[index])])
                        characters &+= kind & 1
                        controls &+= (kind >> 1 & 1) | (kind >> 2 & previousIsC2)
                        previousIsC2 = kind >> 3
                        index += 1
                    }
                }
            }
        }
        guard Double(controls) > Double(characters) * maxControlShare else { return }
        throw Rejection(
            .binary, "\(controls) of its \(characters) characters are control characters, so it is not text"
        )
    }

    /// Replaces CRLF and lone CR with LF.
    private static func normalizingLineBreaks(_ utf8: [UInt8]) -> [UInt8] {
        guard ByteWords.firstIndex(of: 0x0D, in: utf8) != nil else { return utf8 }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            if byte == 0x0D {
                out.append(0x0A)
                if index + 1 < utf8.count, utf8[index + 1] == 0x0A { index += 1 }
            } else {
                out.append(byte)
            }
            index += 1
        }
        return out
    }
}
