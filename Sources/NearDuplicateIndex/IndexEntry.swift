/// One article in the index log (`near-index/log.bin`): its id, its LSH band keys and the writer
/// that appended it, with a checksum, in a fixed-size little-endian record:
///
/// ```
/// id: UInt64 · writer: UInt32 · band keys: UInt32 × bands · checksum: UInt32 (FNV-1a of the rest)
/// ```
/// Fixed size keeps the log seekable by arithmetic; the checksum lets a reader tell a torn or
/// zero-filled tail (a crash mid-append) from an entry.
struct IndexEntry: Sendable, Equatable {
    /// The article's content id, as `ContentID.bits`.
    let id: UInt64
    /// Which process appended it (`IndexWriterTag`), so a daemon can skip its own entries.
    let writer: UInt32
    /// One key per band.
    let bandKeys: [UInt32]

    /// The encoded size of an entry with `bands` band keys.
    static func size(bands: Int) -> Int { 8 + 4 + 4 * bands + 4 }

    /// Appends the encoded entry to `bytes`.
    func encode(into bytes: inout [UInt8]) {
        let start = bytes.count
        Self.append(id, to: &bytes)
        Self.append(writer, to: &bytes)
        for key in bandKeys { Self.append(key, to: &bytes) }
        let checksum = Self.checksum(bytes[start...])
        Self.append(checksum, to: &bytes)
    }

    /// Decodes one entry of `bands` band keys from exactly `size(bands:)` bytes.
    ///
    /// - Returns: the entry, or `nil` when the checksum does not match.
    static func decode(_ bytes: UnsafeRawBufferPointer, bands: Int) -> IndexEntry? {
        let size = size(bands: bands)
        precondition(bytes.count == size)
        let stored = bytes.loadUnaligned(fromByteOffset: size - 4, as: UInt32.self).littleEndian
        guard stored == checksum(bytes[..<(size - 4)]) else { return nil }
        let id = bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self).littleEndian
        let writer = bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self).littleEndian
        let keys = (0..<bands).map { bytes.loadUnaligned(fromByteOffset: 12 + 4 * $0, as: UInt32.self).littleEndian }
        return IndexEntry(id: id, writer: writer, bandKeys: keys)
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// FNV-1a (32-bit). All-zero input does not hash to zero, so a zero-filled tail never passes.
    private static func checksum<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in bytes { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
        return hash
    }
}
