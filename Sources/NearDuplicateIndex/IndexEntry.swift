import NearDuplicates

/// One article in the index log (`near-index/log.bin`): its id, its LSH band keys, its sketch and
/// the writer that appended it, with a checksum, in a fixed-size little-endian record:
///
/// ```
/// id: UInt64 · writer: UInt32 · band keys: UInt32 × bands · sketch: UInt8 × permutations
///   · checksum: UInt32 (FNV-1a of the rest)
/// ```
/// Fixed size keeps the log seekable by arithmetic (segments point at entries by their position),
/// and the checksum lets a reader tell a torn or zero-filled tail (a crash mid-append) from an entry.
struct IndexEntry: Sendable, Equatable {
    /// The article's content id, as `ContentID.bits`.
    let id: UInt64
    /// Which process appended it, so a process can tell its own entries.
    let writer: UInt32
    /// One key per band.
    let bandKeys: [UInt32]
    /// The low byte of each MinHash value (`Fingerprint.sketch`).
    let sketch: [UInt8]

    /// The encoded size of an entry with `bands` band keys and a sketch of `sketchBytes`.
    static func size(bands: Int, sketchBytes: Int) -> Int { 8 + 4 + 4 * bands + sketchBytes + 4 }

    /// The encoded size of an entry made with `parameters`.
    static func size(_ parameters: NearDuplicateParameters) -> Int {
        size(bands: parameters.bands, sketchBytes: parameters.permutations)
    }

    /// Appends the encoded entry to `bytes`.
    func encode(into bytes: inout [UInt8]) {
        let start = bytes.count
        Self.append(id, to: &bytes)
        Self.append(writer, to: &bytes)
        for key in bandKeys { Self.append(key, to: &bytes) }
        bytes.append(contentsOf: sketch)
        let checksum = Self.checksum(bytes[start...])
        Self.append(checksum, to: &bytes)
    }

    /// Decodes one entry from exactly `size(bands:sketchBytes:)` bytes.
    ///
    /// - Returns: the entry, or `nil` when its checksum does not match (torn or never written).
    static func decode(_ bytes: UnsafeRawBufferPointer, bands: Int, sketchBytes: Int) -> IndexEntry? {
        let size = size(bands: bands, sketchBytes: sketchBytes)
        precondition(bytes.count == size)
        let stored = bytes.loadUnaligned(fromByteOffset: size - 4, as: UInt32.self).littleEndian
        guard stored == checksum(bytes[..<(size - 4)]) else { return nil }
        let id = bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self).littleEndian
        let writer = bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self).littleEndian
        let keys = (0..<bands).map { bytes.loadUnaligned(fromByteOffset: 12 + 4 * $0, as: UInt32.self).littleEndian }
        let sketchStart = 12 + 4 * bands
        let sketch = Array(bytes[sketchStart..<(sketchStart + sketchBytes)])
        return IndexEntry(id: id, writer: writer, bandKeys: keys, sketch: sketch)
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private static func checksum<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in bytes { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
        return hash
    }
}
