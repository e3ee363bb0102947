import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A `newsdrop run` started in a temp folder, with helpers to drop files and wait for outcomes.
public final class DaemonUnderTest: @unchecked Sendable {
    /// The test's folder: `inbox/`, `store/` and staging files live here.
    public let folder: URL
    /// The arguments after `run`.
    public let arguments: [String]
    /// Extra environment.
    public let environment: [String: String]
    /// The running process, if started.
    public private(set) var command: RunningCommand?
    /// A program the daemon runs under (such as `Scripts/with-journald`), with its arguments.
    private let wrapper: (program: URL, arguments: [String])?

    /// Prepares a daemon; `start()` runs it.
    ///
    /// - Parameters:
    ///   - folder: where `inbox/` and `store/` are (and any staging files).
    ///   - extraArguments: flags after `--inbox … --store …`.
    ///   - environment: extra environment variables.
    ///   - wrapper: a program to run the daemon under, given `wrapperArguments` then the daemon's command line.
    public init(
        folder: URL, extraArguments: [String] = [], environment: [String: String] = [:], wrapper: URL? = nil,
        wrapperArguments: [String] = []
    ) {
        self.wrapper = wrapper.map { ($0, wrapperArguments) }
        self.folder = folder
        self.arguments =
            [
                "run", "--inbox", folder.appendingPathComponent("inbox").path, "--store",
                folder.appendingPathComponent("store").path,
            ] + extraArguments
        self.environment = environment
    }

    /// The inbox.
    public var inbox: URL { folder.appendingPathComponent("inbox") }
    /// The store.
    public var store: URL { folder.appendingPathComponent("store") }
    /// A destination folder in the inbox: `processed`, `duplicates` or `rejected`.
    public func outcomeFolder(_ name: String) -> URL { inbox.appendingPathComponent(name) }

    /// Starts the daemon and waits until its status file says it is watching.
    @discardableResult
    public func start(timeout: Duration = .seconds(60)) async throws -> RunningCommand {
        let command: RunningCommand
        if let wrapper {
            command = try CommandRunner.start(
                wrapper.arguments + [CommandRunner.newsdrop.path] + arguments, in: folder, environment: environment,
                program: wrapper.program)
        } else {
            command = try CommandRunner.start(arguments, in: folder, environment: environment)
        }
        self.command = command
        try await waitUntil("the daemon is watching", timeout: timeout) {
            guard command.process.isRunning else {
                throw TimedOut(description: "the daemon exited early: \(command.stderrSoFar)")
            }
            return status()?["state"] as? String == "watching"
                && (wrapper != nil || (status()?["pid"] as? Int) == Int(command.process.processIdentifier))
        }
        return command
    }

    /// The running instance's status file, parsed (under a wrapper: the only status file).
    public func status() -> [String: Any]? {
        let folder = inbox.appendingPathComponent(".newsdrop/status")
        guard let command, let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
            return nil
        }
        for name in names where name.hasSuffix(".json") && !name.hasPrefix(".") {
            guard let data = try? Data(contentsOf: folder.appendingPathComponent(name)),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                wrapper != nil || object["pid"] as? Int == Int(command.process.processIdentifier)
            else { continue }
            return object
        }
        return nil
    }

    /// Writes `bytes` as a hidden staging file in the inbox, then renames it to `name` (Maildir style).
    public func drop(_ name: String, _ bytes: [UInt8]) throws {
        let staging = inbox.appendingPathComponent(".staging-\(UUID().uuidString)")
        try Data(bytes).write(to: staging)
        guard rename(staging.path, inbox.appendingPathComponent(name).path) == 0 else {
            throw POSIXError(.init(rawValue: errno)!)
        }
    }

    /// Renames every file of `staging` (a folder on the inbox's file system) into the inbox at once,
    /// as a producer dropping a burst does.
    ///
    /// - Returns: how many files were renamed.
    @discardableResult
    public func renameAll(from staging: URL) throws -> Int {
        let names = try FileManager.default.contentsOfDirectory(atPath: staging.path)
        for name in names {
            guard rename(staging.appendingPathComponent(name).path, inbox.appendingPathComponent(name).path) == 0 else {
                throw POSIXError(.init(rawValue: errno)!)
            }
        }
        return names.count
    }

    /// Writes a text file Maildir style.
    public func drop(_ name: String, _ text: String) throws {
        try drop(name, Array(text.utf8))
    }

    /// How many inputs have been moved aside (processed, duplicates, rejected — not reason files).
    public func disposedCount() -> Int {
        files(in: outcomeFolder("processed")).count + files(in: outcomeFolder("duplicates")).count
            + files(in: outcomeFolder("rejected")).filter { !$0.hasSuffix(".reason.json") }.count
    }

    /// Waits until `count` inputs have been moved aside.
    public func waitForDisposed(_ count: Int, timeout: Duration = .seconds(120)) async throws {
        do {
            try await waitUntil("\(count) inputs are moved aside", timeout: timeout) { disposedCount() >= count }
        } catch {
            throw TimedOut(
                description:
                    "\(error) (now \(disposedCount())); daemon log:\n\(command?.stderrSoFar.suffix(4000) ?? "")")
        }
    }

    /// Sends a signal to the daemon itself (under a wrapper: to the pid in its status file).
    public func signal(_ number: Int32) {
        guard let command else { return }
        if wrapper != nil, let pid = status()?["pid"] as? Int {
            Glibc.kill(pid_t(pid), number)
        } else {
            command.signal(number)
        }
    }

    /// Stops the daemon with SIGTERM and returns how it (or its wrapper) ended.
    @discardableResult
    public func stop(timeout: Duration = .seconds(30)) async throws -> CommandResult? {
        guard let command else { return nil }
        signal(SIGTERM)
        self.command = nil
        return try await command.wait(timeout: timeout)
    }

    /// Kills the daemon with SIGKILL.
    public func kill() async throws {
        guard let command else { return }
        command.signal(SIGKILL)
        self.command = nil
        _ = try await command.wait(timeout: .seconds(30))
    }

    deinit {
        if let command, command.process.isRunning { command.signal(SIGKILL) }
    }
}
