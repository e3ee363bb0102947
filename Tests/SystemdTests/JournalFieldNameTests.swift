import Systemd
import Testing

/// `JournalField.name(for:)` takes a byte-by-byte path for plain ASCII keys: it must give what
/// the general rules give for every key, plain or not.
@Suite struct JournalFieldNameTests {
    /// The rules spelled out the long way (Unicode uppercasing, scalar by scalar).
    private func reference(_ key: String) -> String {
        guard !key.isEmpty else { return "EMPTY" }
        let allowed = { (scalar: Unicode.Scalar) in
            ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
        }
        var name = String(String.UnicodeScalarView(key.uppercased().unicodeScalars.map { allowed($0) ? $0 : "_" }))
        let reserved = ["UNIT", "USER_UNIT", "OBJECT_PID", "COREDUMP_UNIT", "SYSLOG_PID", "SYSLOG_FACILITY"]
        if let first = name.unicodeScalars.first, first == "_" || ("0"..."9").contains(first) || reserved.contains(name)
        {
            name = "ESCAPED_" + name
        }
        return String(decoding: name.utf8.prefix(JournalField.maximumLength), as: UTF8.self)
    }

    @Test func everyKeyOfOneOrTwoASCIICharactersFollowsTheRules() {
        for first in UInt8(0x01)...0x7F {
            let one = String(decoding: [first], as: UTF8.self)
            #expect(JournalField.name(for: one) == reference(one))
            for second in UInt8(0x01)...0x7F {
                let two = String(decoding: [first, second], as: UTF8.self)
                #expect(JournalField.name(for: two) == reference(two))
            }
        }
    }

    @Test(arguments: [
        "article_id", "source_file", "newsdrop_event", "near_duplicate_policy", "unit", "Unit", "user_unit",
        "syslog_facility", "object_pid", "coredump_unit", "syslog_pid", "x.y", "a-b", "ß", "ﬁle", "Straße_1",
        String(repeating: "k", count: 63), String(repeating: "k", count: 64), String(repeating: "k", count: 65),
        "_" + String(repeating: "k", count: 64), "1" + String(repeating: "k", count: 64),
    ])
    func keysTheDaemonWritesAndKeysNearTheRulesFollowThem(key: String) {
        #expect(JournalField.name(for: key) == reference(key))
    }
}
