/// Decoded text collapsed in one pass: the canonical text, and where each of the text's lines lies in it.
///
/// Collapsing each line (whitespace runs → one space, trimmed) and joining the non-empty lines with
/// one space gives exactly the canonical text (the whole text collapsed, line breaks counting as
/// whitespace). So one pass yields both: the canonical bytes, and for every line of the text (split
/// at LF, empty ones included) the range its collapsed form occupies in them. The parser reads the
/// lines from these ranges instead of collapsing and allocating every line again.
struct CollapsedLines {
    /// The canonical text: every whitespace run collapsed to one ASCII space, trimmed.
    let canonical: [UInt8]
    /// For each line of the text, in order, its collapsed bytes' range in `canonical` (empty for a
    /// blank line).
    let lines: [Range<Int>]

    /// Collapses decoded text.
    init(_ text: DecodedText) {
        self.init(utf8: text.utf8)
    }

    /// Collapses valid UTF-8.
    init(utf8: [UInt8]) {
        var lines: [Range<Int>] = []
        canonical = utf8.withUnsafeBufferPointer { buffer in
            [UInt8](unsafeUninitializedCapacity: buffer.count) { out, written in
                written = Self.collapse(buffer, into: out, lines: &lines)
            }
        }
        self.lines = lines
    }

    /// Byte classes for the collapse loop: most bytes are copied as they are.
    private static let classes: [UInt8] = (0...255).map { byte -> UInt8 in
        switch byte {
        case 0x0A: lineBreak
        case 0x09, 0x0B...0x0D, 0x20: asciiSpace
        case 0xC2, 0xE1, 0xE2, 0xE3: maybeSpace  // lead bytes of the non-ASCII White_Space scalars
        default: ordinary
        }
    }
    private static let ordinary: UInt8 = 0, asciiSpace: UInt8 = 1, lineBreak: UInt8 = 2, maybeSpace: UInt8 = 3

    /// Writes the canonical bytes of `buffer` into `out` (at least as large) and appends each line's
    /// range; returns the number of bytes written.
    private static func collapse(
        _ buffer: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>, lines: inout [Range<Int>]
    ) -> Int {
        var count = 0
        var pendingSpace = false
        var lineStart = -1  // where the current line's first byte went, -1 while it has none
        var index = 0
        classes.withUnsafeBufferPointer { classes in
            while index < buffer.count {
                let byte = buffer[index]
                switch classes[Int(byte)] {
                case ordinary:
                    break
                case asciiSpace:
                    pendingSpace = count > 0
                    index += 1
                    continue
                case lineBreak:
                    lines.append(lineStart < 0 ? count..<count : lineStart..<count)
                    lineStart = -1
                    pendingSpace = count > 0
                    index += 1
                    continue
                default:
                    // LF is never part of a multi-byte scalar, so the lookahead stays inside the text.
                    let width = Whitespace.length(at: index, in: buffer)
                    if width > 0 {
                        pendingSpace = count > 0
                        index += width
                        continue
                    }
                }
                if pendingSpace {
                    out[count] = 0x20
                    count += 1
                    pendingSpace = false
                }
                if lineStart < 0 { lineStart = count }
                out[count] = byte
                count += 1
                index += 1
            }
        }
        lines.append(lineStart < 0 ? count..<count : lineStart..<count)
        return count
    }
}
