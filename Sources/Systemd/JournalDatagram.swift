/// One journal entry in journald's native protocol, as sent to `/run/systemd/journal/socket` in a
/// single datagram (systemd's `JOURNAL_NATIVE_PROTOCOL`): each field is `NAME=value` and a line
/// break, or — when the value holds a line break — `NAME`, a line break, the value's length as a
/// 64-bit little-endian number, the value, and a line break.
public enum JournalDatagram {
    /// Encodes fields as one datagram.
    ///
    /// - Parameter fields: valid field names (see `JournalField`) and their values, in order; a
    ///   name may repeat (journald keeps every value, and `journalctl NAME=value` matches any).
    /// - Returns: the datagram.
    public static func encode(_ fields: [(name: String, value: String)]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(fields.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 2 })
        for field in fields {
            bytes.append(contentsOf: field.name.utf8)
            if field.value.utf8.contains(UInt8(ascii: "\n")) {
                bytes.append(UInt8(ascii: "\n"))
                withUnsafeBytes(of: UInt64(field.value.utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
            } else {
                bytes.append(UInt8(ascii: "="))
            }
            bytes.append(contentsOf: field.value.utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    /// Decodes a datagram made by `encode(_:)`.
    ///
    /// - Parameter bytes: the datagram.
    /// - Returns: the fields in order, or `nil` when the bytes are not in the native protocol.
    public static func decode(_ bytes: [UInt8]) -> [(name: String, value: String)]? {
        var fields: [(name: String, value: String)] = []
        var index = 0
        while index < bytes.count {
            guard let end = bytes[index...].firstIndex(where: { $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: "\n") })
            else { return nil }
            let name = String(decoding: bytes[index..<end], as: UTF8.self)
            if bytes[end] == UInt8(ascii: "=") {
                guard let lineEnd = bytes[(end + 1)...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
                fields.append((name, String(decoding: bytes[(end + 1)..<lineEnd], as: UTF8.self)))
                index = lineEnd + 1
            } else {
                let start = end + 1 + 8
                guard start <= bytes.count else { return nil }
                let length = bytes[(end + 1)..<start].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                guard length < UInt64(bytes.count - start), bytes[start + Int(length)] == UInt8(ascii: "\n") else {
                    return nil
                }
                fields.append((name, String(decoding: bytes[start..<(start + Int(length))], as: UTF8.self)))
                index = start + Int(length) + 1
            }
        }
        return fields
    }
}
