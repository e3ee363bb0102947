import DurableFiles

/// Reads single fields straight from a record's bytes as `ArticleRecord.jsonBytes` writes them, in
/// a fraction of the time a full `JSONDecoder` pass over the whole record takes (the ingest path
/// reads records only for a few fields: the head to deduplicate, the text to confirm a
/// near-duplicate).
///
/// Every lookup is for a byte pattern such as `"paragraphs":[`: inside a JSON string every `"` is
/// escaped, so the pattern can only be the field itself, and each field occurs once, at the top
/// level. A record that does not end in `}` (cut short) or whose field is not where the pattern
/// says gets `nil`: callers then fall back to the full decoder, which reports what is wrong.
struct RecordScanner {
    private let bytes: [UInt8]

    /// A scanner over a whole record; `nil` unless it ends with `}` (and optional whitespace).
    init?(_ bytes: [UInt8]) {
        guard bytes.last(where: { $0 != 0x0A && $0 != 0x20 }) == UInt8(ascii: "}") else { return nil }
        self.bytes = bytes
    }

    /// The string value of the first `"<key>":"…"` (for a key inside an object value, write the
    /// object's opening too: `first_source":{"key`).
    func string(_ key: String) -> String? {
        guard let start = find(#""\#(key)":""#) else { return nil }
        return Self.decodeString(bytes, from: start)?.value
    }

    /// The strings of the first `"<key>":[…]`, an array of strings.
    func strings(_ key: String) -> [String]? {
        guard var index = find(#""\#(key)":["#) else { return nil }
        var values: [String] = []
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "]"):
                return values
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "\""):
                guard let (value, end) = Self.decodeString(bytes, from: index + 1) else { return nil }
                values.append(value)
                index = end
            default:
                return nil
            }
        }
        return nil
    }

    /// The index just past the first occurrence of `pattern` (`memmem`; a generic `firstRange(of:)`
    /// costs more than the rest of the scan).
    private func find(_ pattern: String) -> Int? {
        var pattern = pattern
        return pattern.withUTF8 { needle in
            bytes.withUnsafeBytes { haystack in ByteSearch.end(of: UnsafeRawBufferPointer(needle), in: haystack) }
        }
    }

    /// Decodes the JSON string whose contents start at `start` (just past its opening quote).
    ///
    /// - Returns: the value and the index just past its closing quote, or `nil` when it is not a
    ///   well-formed JSON string.
    static func decodeString(_ bytes: [UInt8], from start: Int) -> (value: String, end: Int)? {
        var index = start
        var decoded: [UInt8] = []
        var runStart = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                guard !decoded.isEmpty || runStart != start else {
                    return (String(decoding: bytes[start..<index], as: UTF8.self), index + 1)
                }
                decoded.append(contentsOf: bytes[runStart..<index])
                return (String(decoding: decoded, as: UTF8.self), index + 1)
            }
            guard byte == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            decoded.append(contentsOf: bytes[runStart..<index])
            guard index + 1 < bytes.count else { return nil }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escape)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "u"):
                guard var scalar = hexQuad(bytes, at: index) else { return nil }
                index += 4
                if (0xD800..<0xDC00).contains(scalar) {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u"),
                        let low = hexQuad(bytes, at: index + 2), (0xDC00..<0xE000).contains(low)
                    else { return nil }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                }
                guard let unicode = Unicode.Scalar(scalar) else { return nil }
                decoded.append(contentsOf: String(Character(unicode)).utf8)
            default:
                return nil
            }
            runStart = index
        }
        return nil
    }

    private static func hexQuad(_ bytes: [UInt8], at index: Int) -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for byte in bytes[index..<(index + 4)] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
