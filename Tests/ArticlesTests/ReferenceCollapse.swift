@testable import Articles

/// The straightforward whitespace collapse `CollapsedLines` replaced, kept as the reference its
/// canonical bytes must equal: every run of White_Space to one ASCII space, both ends trimmed.
enum ReferenceCollapse {
    /// Collapses `utf8` (valid UTF-8).
    static func collapse(_ utf8: some Collection<UInt8>) -> [UInt8] {
        Array(utf8).withUnsafeBufferPointer { buffer in
            var out: [UInt8] = []
            var pendingSpace = false
            var index = 0
            while index < buffer.count {
                let width = Whitespace.length(at: index, in: buffer)
                if width > 0 {
                    pendingSpace = !out.isEmpty
                    index += width
                    continue
                }
                if pendingSpace {
                    out.append(0x20)
                    pendingSpace = false
                }
                out.append(buffer[index])
                index += 1
            }
            return out
        }
    }
}
