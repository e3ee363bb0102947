import Articles

/// A small, fast JSON writer that keeps keys in the order they are written, so records read
/// naturally (`schema`, `id`, `sha256` first; the long text last). Output is compact UTF-8.
///
/// Foundation's `JSONEncoder` takes about 50 µs for a 12 KB record here and orders keys by hash;
/// this writer appends bytes directly.
struct JSONWriter {
    /// The JSON written so far.
    private(set) var bytes: [UInt8] = []
    private var needsComma = false

    /// Creates a writer, reserving room for `capacity` bytes.
    init(capacity: Int = 1024) {
        bytes.reserveCapacity(capacity)
    }

    /// Writes `{`, the body's fields, then `}`.
    mutating func object(_ body: (inout JSONWriter) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
        body(&self)
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    /// Writes a key and an object value.
    mutating func object(_ key: String, _ body: (inout JSONWriter) -> Void) {
        writeKey(key)
        needsComma = false
        object(body)
    }

    /// Writes a key and a string value; `nil` writes `null`.
    mutating func field(_ key: String, _ value: String?) {
        writeKey(key)
        if let value { writeString(value) } else { bytes.append(contentsOf: "null".utf8) }
        needsComma = true
    }

    /// Writes a key and an integer value; `nil` writes `null`.
    mutating func field(_ key: String, _ value: Int?) {
        writeKey(key)
        bytes.append(contentsOf: (value.map(String.init) ?? "null").utf8)
        needsComma = true
    }

    /// Writes a key and an array of strings.
    mutating func field(_ key: String, _ values: [String]) {
        writeKey(key)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            writeString(value)
        }
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes a key and a number with a fraction (in Swift's shortest round-tripping form).
    mutating func field(_ key: String, _ value: Double) {
        writeKey(key)
        bytes.append(contentsOf: String(value).utf8)
        needsComma = true
    }

    /// Writes a key and an array of objects, each written by `body`.
    mutating func objects<Element>(_ key: String, _ values: [Element], _ body: (inout JSONWriter, Element) -> Void) {
        writeKey(key)
        bytes.append(UInt8(ascii: "["))
        needsComma = false
        for value in values { object { body(&$0, value) } }
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes a near-duplicate link's fields (inside an object).
    mutating func nearDuplicate(_ link: NearDuplicate) {
        field("id", link.id.hex)
        field("similarity", link.similarity)
    }

    /// Ends the document with a line feed, as text files should.
    mutating func finishLine() {
        bytes.append(0x0A)
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func writeKey(_ key: String) {
        separate()
        writeString(key)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Whether a byte must be escaped in a JSON string: controls, `"`, `\\` and DEL.
    private static let needsEscape: [Bool] = (0...255).map { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }

    /// Whether any of eight bytes may need escaping (a control, `"`, `\\` or DEL).
    @inline(__always)
    private static func mayNeedEscape(_ word: UInt64) -> Bool {
        ByteWords.hasByte(below: 0x20, word) || ByteWords.hasByte(0x22, word) || ByteWords.hasByte(0x5C, word)
            || ByteWords.hasByte(0x7F, word)
    }

    private mutating func writeString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            // Copy runs that need no escaping in one go; escape the rest byte by byte. Eight bytes
            // with nothing to escape (most of a text) pass with one test.
            var runStart = 0
            var index = 0
            let count = utf8.count
            Self.needsEscape.withUnsafeBufferPointer { needsEscape in
                while index < count {
                    if index + 8 <= count, !Self.mayNeedEscape(ByteWords.load(utf8, at: index)) {
                        index += 8
                        continue
                    }
                    let end = Swift.min(index + 8, count)
                    while index < end {
                        if needsEscape[Int(utf8[index])] {
                            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                            appendEscaped(utf8[index])
                            runStart = index + 1
                        }
                        index += 1
                    }
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscaped(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
        case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
        case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        default:
            bytes.append(contentsOf: [
                0x5C, UInt8(ascii: "u"), 0x30, 0x30, Self.hex[Int(byte >> 4)], Self.hex[Int(byte & 0xF)],
            ])
        }
    }
}
