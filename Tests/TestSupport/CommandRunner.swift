import Foundation

/// What a finished command printed and how it exited.
public struct CommandResult: Sendable {
    /// The exit status (or 128 + signal number when a signal ended it).
    public let status: Int32
    /// Everything written to standard output.
    public let stdout: String
    /// Everything written to standard error.
    public let stderr: String
    /// When the process ended, as its termination handler saw it: unlike the time `wait` returns,
    /// not delayed by other tests holding every thread of the pool.
    public let ended: ContinuousClock.Instant
}

/// Runs the built `newsdrop` binary (or any program) the way a user would.
public enum CommandRunner {
    /// The `newsdrop` binary SwiftPM built next to the test bundle (or `$NEWSDROP_BINARY`).
    public static var newsdrop: URL {
        if let path = ProcessInfo.processInfo.environment["NEWSDROP_BINARY"] { return URL(fileURLWithPath: path) }
        let bundleFolder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for folder in [bundleFolder, Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()] {
            let candidate = folder.appendingPathComponent("newsdrop")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return Fixtures.repositoryRoot.appendingPathComponent(".build/debug/newsdrop")
    }

    /// Starts `newsdrop` with `arguments` without waiting for it.
    ///
    /// - Parameters:
    ///   - arguments: the command line after the program name.
    ///   - directory: the working folder.
    ///   - environment: extra environment variables.
    /// - Returns: the running process and pipes to read its output.
    public static func start(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:], program: URL = newsdrop
    ) throws -> RunningCommand {
        try RunningCommand(program: program, arguments: arguments, directory: directory, environment: environment)
    }

    /// Runs `newsdrop` with `arguments` to completion, killing it after `timeout`.
    public static func run(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
        timeout: Duration = .seconds(300),
        program: URL = newsdrop
    ) async throws -> CommandResult {
        try await start(arguments, in: directory, environment: environment, program: program).wait(timeout: timeout)
    }
}

/// A started command whose output is collected in the background.
public final class RunningCommand: @unchecked Sendable {
    /// The process.
    public let process = Process()
    private let stdoutPipe = Pipe()
    private let stderrPipe = Pipe()
    private let collected = DispatchGroup()
    private let lock = NSLock()
    private var stdoutData = Data()
    private var stderrData = Data()
    private var ended: ContinuousClock.Instant?

    init(program: URL, arguments: [String], directory: URL?, environment: [String: String]) throws {
        process.executableURL = program
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NOTIFY_SOCKET")
        env.removeValue(forKey: "JOURNAL_STREAM")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        process.standardInput = FileHandle.nullDevice
        process.terminationHandler = { [weak self, lock] _ in
            let now = ContinuousClock.now
            lock.withLock { self?.ended = now }
        }
        try process.run()
        collect(stdoutPipe.fileHandleForReading) { self.stdoutData.append($0) }
        collect(stderrPipe.fileHandleForReading) { self.stderrData.append($0) }
    }

    private func collect(_ handle: FileHandle, _ append: @escaping @Sendable (Data) -> Void) {
        collected.enter()
        Thread.detachNewThread { [lock, collected] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                lock.withLock { append(chunk) }
            }
            collected.leave()
        }
    }

    /// The standard error printed so far.
    public var stderrSoFar: String { lock.withLock { String(decoding: stderrData, as: UTF8.self) } }

    /// The standard output printed so far.
    public var stdoutSoFar: String { lock.withLock { String(decoding: stdoutData, as: UTF8.self) } }

    /// Sends a signal.
    public func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for the command to end, killing it with SIGKILL after `timeout`.
    ///
    /// - Returns: its exit status and output.
    public func wait(timeout: Duration = .seconds(300)) async throws -> CommandResult {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(2)) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        _ = collected.wait(timeout: .now() + 10)
        let status =
            process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return lock.withLock {
            CommandResult(
                status: status, stdout: String(decoding: stdoutData, as: UTF8.self),
                stderr: String(decoding: stderrData, as: UTF8.self), ended: ended ?? .now)
        }
    }
}
