/// Journal field names: uppercase ASCII letters, digits and `_`, not starting with `_` (those are
/// trusted fields set by journald) or a digit, at most 64 bytes — the rules the Rust
/// systemd-journal-logger's `escape_journal_key` applies.
public enum JournalField {
    /// The longest field name journald accepts.
    public static let maximumLength = 64

    /// Fields that journald or systemd own: a metadata key mapping to one of these is escaped.
    static let reserved: Set<String> = [
        "UNIT", "USER_UNIT", "OBJECT_PID", "COREDUMP_UNIT", "SYSLOG_PID", "SYSLOG_FACILITY",
    ]

    /// Turns any key (such as a swift-log metadata key) into a valid field name: `article_id` →
    /// `ARTICLE_ID`, `source.file` → `SOURCE_FILE`, `_x` → `ESCAPED__X`, `1x` → `ESCAPED_1X`.
    ///
    /// - Parameter key: any text.
    /// - Returns: a valid field name.
    public static func name(for key: String) -> String {
        guard !key.isEmpty else { return "EMPTY" }
        if let name = asciiName(for: key) { return name }
        let scalars = key.uppercased().unicodeScalars.map { isAllowed($0) ? $0 : "_" }
        var name = String(String.UnicodeScalarView(scalars))
        if let first = name.unicodeScalars.first, first == "_" || ("0"..."9").contains(first) || reserved.contains(name)
        {
            name = "ESCAPED_" + name
        }
        return String(decoding: name.utf8.prefix(maximumLength), as: UTF8.self)
    }

    /// Whether `name` is already a valid field name.
    public static func isValid(_ name: String) -> Bool {
        guard let first = name.utf8.first, name.utf8.count <= maximumLength,
            first != UInt8(ascii: "_"), !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first)
        else { return false }
        return name.unicodeScalars.allSatisfy(isAllowed)
    }

    /// The name of a key made of ASCII letters, digits and `_` that needs no escape (every key
    /// newsdrop writes), uppercased byte by byte; `nil` for any other key. `name(for:)` gives the
    /// same for such a key, through Unicode case mapping and a scalar array per call.
    private static func asciiName(for key: String) -> String? {
        let utf8 = key.utf8
        guard utf8.count <= maximumLength, let first = utf8.first, first != UInt8(ascii: "_"),
            !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first)
        else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): bytes.append(byte - 0x20)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
                bytes.append(byte)
            default: return nil
            }
        }
        let name = String(decoding: bytes, as: UTF8.self)
        return reserved.contains(name) ? nil : name
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
    }
}
