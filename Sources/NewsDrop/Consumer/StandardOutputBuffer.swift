import DurableFiles
import SystemPackage

/// Bytes for standard output, written out in large pieces.
struct StandardOutputBuffer {
    private var bytes: [UInt8] = []

    /// Adds bytes, writing out what is buffered once it passes 256 KB.
    mutating func append(_ more: some Sequence<UInt8>) {
        bytes.append(contentsOf: more)
    }

    /// Adds one byte.
    mutating func append(_ byte: UInt8) {
        bytes.append(byte)
        if bytes.count >= 256 * 1024 { try? flush() }
    }

    /// Writes out everything buffered.
    ///
    /// - Throws: `ChangesConsumer.Failure` when standard output is closed or full.
    mutating func flush() throws {
        guard !bytes.isEmpty else { return }
        defer { bytes.removeAll(keepingCapacity: true) }
        do {
            _ = try FileDescriptor.standardOutput.writeAll(bytes)
        } catch {
            throw ChangesConsumer.Failure(description: "cannot write to standard output: \(error)", status: 1)
        }
    }
}
