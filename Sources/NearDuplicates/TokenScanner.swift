/// Splits text into normalised word tokens and sentences — the one definition of "normalised" that
/// shingles, boilerplate lines and learned lines all share.
///
/// - A token is a maximal run of letters, digits and combining marks, case-folded (lowercased).
/// - Apostrophes (`'`, `’`, `‘`) inside or around a word are dropped, so "Levy's" is `levys`; every
///   other character (punctuation, symbols, spaces) separates tokens: `$100m-share` is `100m share`.
/// - A sentence ends at `.`, `!`, `?` or `…` followed (after an optional closing quote or bracket) by
///   whitespace or the end of the text, and at the end of every text passed in.
///
/// The text is expected in NFC, as `ArticleDecoder` and `ArticleParser` deliver it.
enum TokenScanner {
    /// Scans one text (a title or a paragraph), reporting its tokens and sentences to `sink`.
    ///
    /// - Parameters:
    ///   - text: the text, in NFC.
    ///   - sink: receives tokens and sentence ends; the text's end always ends a sentence.
    @inline(__always)
    static func scan<Sink: TokenSink>(_ text: String, into sink: inout Sink) {
        var text = text
        text.withUTF8 { scan($0, into: &sink) }
    }

    /// Per ASCII byte: the case-folded byte for letters and digits (≥ 0x30), `apostrophe`,
    /// `terminator` (`.`, `!`, `?`) or `separator`; non-ASCII bytes are `nonASCII`.
    private static let asciiClasses: [UInt8] = (0...255).map { byte -> UInt8 in
        switch byte {
        case 0x30...0x39, 0x61...0x7A: UInt8(byte)
        case 0x41...0x5A: UInt8(byte | 0x20)
        case 0x27: apostrophe
        case 0x2E, 0x21, 0x3F: terminator
        case 0x80...: nonASCII
        default: separator
        }
    }
    private static let separator: UInt8 = 0, apostrophe: UInt8 = 1, terminator: UInt8 = 2, nonASCII: UInt8 = 0x80

    @inline(__always)
    private static func scan<Sink: TokenSink>(_ bytes: UnsafeBufferPointer<UInt8>, into sink: inout Sink) {
        var hash = StableHash.fnvOffset
        var inToken = false
        var word: [UInt8] = []
        var index = 0
        let count = bytes.count
        @inline(__always) func add(_ byte: UInt8) {
            hash = StableHash.fnv(hash, byte)
            if Sink.needsText { word.append(byte) }
            inToken = true
        }
        @inline(__always) func endToken() {
            guard inToken else { return }
            if Sink.needsText {
                word.withUnsafeBufferPointer { sink.token(hash: StableHash.mix(hash), text: $0) }
                word.removeAll(keepingCapacity: true)
            } else {
                sink.token(hash: StableHash.mix(hash), text: UnsafeBufferPointer(start: nil, count: 0))
            }
            hash = StableHash.fnvOffset
            inToken = false
        }
        asciiClasses.withUnsafeBufferPointer { classes in
            while index < count {
                let byte = bytes[index]
                let kind = classes[Int(byte)]
                if kind >= 0x30, kind < 0x80 {
                    add(kind)
                    index += 1
                    continue
                }
                switch kind {
                case apostrophe:
                    index += 1
                case terminator:
                    endToken()
                    if endsSentence(after: index + 1, in: bytes) { sink.endSentence() }
                    index += 1
                case separator:
                    endToken()
                    index += 1
                default:
                    let (scalar, width) = decode(at: index, in: bytes)
                    switch scalar.value {
                    case 0x2018, 0x2019:
                        break
                    case 0x2026:
                        endToken()
                        if endsSentence(after: index + width, in: bytes) { sink.endSentence() }
                    default:
                        let properties = scalar.properties
                        let isWordPart =
                            properties.isAlphabetic || properties.numericType != nil
                            || properties.generalCategory == .nonspacingMark
                            || properties.generalCategory == .spacingMark
                        if !isWordPart {
                            endToken()
                        } else if properties.changesWhenLowercased {
                            for folded in properties.lowercaseMapping.utf8 { add(folded) }
                        } else {
                            for offset in 0..<width { add(bytes[index + offset]) }
                        }
                    }
                    index += width
                }
            }
        }
        endToken()
        sink.endSentence()
    }

    /// Whether a terminator whose next byte is at `index` ends a sentence: it is followed by
    /// whitespace or the end, possibly after one closing quote or bracket.
    @inline(__always)
    private static func endsSentence(after index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var next = index
        if next < bytes.count {
            switch bytes[next] {
            case 0x22, 0x27, 0x29, 0x5D: next += 1
            case 0xE2
            where next + 2 < bytes.count && bytes[next + 1] == 0x80
                && (bytes[next + 2] == 0x99 || bytes[next + 2] == 0x9D):
                next += 3
            default: break
            }
        }
        guard next < bytes.count else { return true }
        switch bytes[next] {
        case 0x09...0x0D, 0x20: return true
        case 0xC2: return next + 1 < bytes.count && bytes[next + 1] == 0xA0
        default: return false
        }
    }

    /// Decodes the scalar starting at `index` of valid UTF-8.
    @inline(__always)
    private static func decode(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (Unicode.Scalar, Int) {
        let lead = UInt32(bytes[index])
        let width: Int
        var value: UInt32
        switch lead {
        case 0xF0...:
            width = 4
            value = lead & 0x07
        case 0xE0...:
            width = 3
            value = lead & 0x0F
        case 0xC0...:
            width = 2
            value = lead & 0x1F
        default: return ("\u{FFFD}", 1)
        }
        guard index + width <= bytes.count else { return ("\u{FFFD}", 1) }
        for offset in 1..<width { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", width)
    }
}
