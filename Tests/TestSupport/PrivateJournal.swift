import Foundation

/// A private systemd-journald for a test (`Scripts/with-journald`): the daemon runs under the
/// wrapper, and its entries are read back with `journalctl -D`.
public struct PrivateJournal: Sendable {
    /// The wrapper that starts journald and runs a command beside it.
    public static let wrapper = Fixtures.repositoryRoot.appendingPathComponent("Scripts/with-journald")

    /// Where journald writes its files.
    public let directory: URL
    /// Where the wrapper writes journald's pid, for `signal(_:)`.
    public let pidFile: URL

    /// A journal in `folder/journal`, or `nil` (with the reason printed) when no private journald
    /// can run here (it needs root and `unshare`).
    public static func start(in folder: URL) async throws -> PrivateJournal? {
        let journal = PrivateJournal(
            directory: folder.appendingPathComponent("journal"),
            pidFile: folder.appendingPathComponent("journald.pid"))
        let probe = try await CommandRunner.run(
            [journal.directory.path, "/bin/true"], timeout: .seconds(60), program: wrapper)
        guard probe.status == 0 else {
            print(
                "skipping: a private journald cannot run here (\(probe.stderr.trimmingCharacters(in: .whitespacesAndNewlines)); needs root and unshare)"
            )
            return nil
        }
        return journal
    }

    /// A daemon that logs to this journal.
    public func daemon(
        folder: URL, extraArguments: [String] = [], environment: [String: String] = [:]
    )
        -> DaemonUnderTest
    {
        DaemonUnderTest(
            folder: folder, extraArguments: ["--log-target", "journal"] + extraArguments,
            environment: environment.merging(["WITH_JOURNALD_PID_FILE": pidFile.path]) { $1 }, wrapper: Self.wrapper,
            wrapperArguments: [directory.path])
    }

    /// Sends a signal to the running journald (`SIGSTOP` to stall it, `SIGCONT` to resume it).
    public func signal(_ number: Int32) throws {
        let text = try String(contentsOf: pidFile, encoding: .utf8)
        guard let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), kill(pid, number) == 0 else {
            throw POSIXError(.ESRCH)
        }
    }

    /// The entries matching `matches` (`FIELD=value`, as `journalctl` takes them), each field with
    /// all its values (a field may repeat within an entry).
    public func entries(_ matches: [String]) async throws -> [[String: [String]]] {
        let result = try await CommandRunner.run(
            ["-D", directory.path, "-o", "json", "--no-pager"] + matches,
            program: URL(fileURLWithPath: "/bin/journalctl"))
        guard result.status == 0 else { throw TimedOut(description: "journalctl failed: \(result.stderr)") }
        return result.stdout.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?.compactMapValues { value in
                if let text = value as? String { return [text] }
                if let texts = value as? [String] { return texts }
                return nil
            }
        }
    }

    /// The entries matching `matches`, each field with its first value.
    public func firstValues(_ matches: [String]) async throws -> [[String: String]] {
        try await entries(matches).map { $0.compactMapValues(\.first) }
    }
}
