import Foundation

/// A condition that did not become true in time.
public struct TimedOut: Error, CustomStringConvertible {
    /// What was awaited.
    public let description: String

    /// Creates the error.
    public init(description: String) {
        self.description = description
    }
}

/// Waits until `condition` holds, checking it every few milliseconds, and fails after `timeout`.
/// This waits for an event with a deadline; it never sleeps a fixed time in place of one.
///
/// - Parameters:
///   - what: a description for the failure message.
///   - timeout: the deadline.
///   - condition: the event's test.
/// It suspends between checks rather than blocking, so tests running beside it keep their threads.
public func waitUntil(_ what: String, timeout: Duration = .seconds(60), _ condition: () throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while true {
        if try condition() { return }
        if ContinuousClock.now >= deadline {
            throw TimedOut(description: "timed out after \(timeout) waiting until \(what)")
        }
        try await Task.sleep(for: .milliseconds(5))
    }
}

/// The names of the non-folder entries directly in `folder` (files, links, FIFOs; no hidden
/// ones), sorted, or none when it does not exist. Read with `readdir`, so names that are not UTF-8
/// are listed too (with U+FFFD in place of the bad bytes).
public func files(in folder: URL) -> [String] {
    guard let stream = opendir(folder.path) else { return [] }
    defer { closedir(stream) }
    var names: [String] = []
    while let entry = readdir(stream) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        if name.hasPrefix(".") || Int32(entry.pointee.d_type) == Int32(DT_DIR) { continue }
        names.append(name)
    }
    return names.sorted()
}
