import CLinux
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a command as a child process with input on its stdin, its stdout and stderr handed back
/// line by line, and a time limit after which it (and its process group) is killed.
public enum ChildProcess {
    /// How a child ended.
    public enum Ending: Sendable, Equatable, CustomStringConvertible {
        /// It exited with this status.
        case exited(Int32)
        /// A signal ended it.
        case signaled(Int32)
        /// It ran past the time limit and was killed.
        case timedOut

        public var description: String {
            switch self {
            case .exited(let status): "exited with status \(status)"
            case .signaled(let signal): "was ended by signal \(signal)"
            case .timedOut: "ran past its time limit and was killed"
            }
        }
    }

    /// Which stream a line came from.
    public enum Stream: Sendable {
        /// The child's standard output.
        case output
        /// The child's standard error.
        case error
    }

    /// Runs `arguments[0]` (looked up in `PATH` when it has no slash) and waits for it.
    ///
    /// The child gets this process's environment plus `environment`, default signal handling, and
    /// a process group of its own (so the kill at the time limit reaches what it started).
    ///
    /// - Parameters:
    ///   - arguments: the command and its arguments.
    ///   - environment: variables to add or replace.
    ///   - input: the bytes written to its stdin, which is then closed.
    ///   - timeLimit: how long it may run.
    ///   - line: called with each line it writes (without the line feed; a last line without one too).
    /// - Returns: how it ended.
    /// - Throws: `Errno` when it cannot be started (`ENOENT` for a command that does not exist).
    public static func run(
        _ arguments: [String], environment: [String: String], input: [UInt8], timeLimit: Duration,
        line: (Stream, [UInt8]) -> Void
    ) throws(Errno) -> Ending {
        precondition(!arguments.isEmpty, "no command")
        var pipes: [Int32] = []
        defer { for fd in pipes { close(fd) } }
        func makePipe() throws(Errno) -> (read: Int32, write: Int32) {
            var ends: [Int32] = [-1, -1]
            try systemCall { newsdrop_pipe_cloexec(&ends) }
            pipes += ends
            return (ends[0], ends[1])
        }
        let stdin = try makePipe()
        let stdout = try makePipe()
        let stderr = try makePipe()
        let pid = try spawn(
            arguments, environment: environment, stdin: stdin.read, stdout: stdout.write, stderr: stderr.write)
        // The child's ends are the child's now.
        for fd in [stdin.read, stdout.write, stderr.write] {
            close(fd)
            pipes.removeAll { $0 == fd }
        }
        _ = fcntl(stdin.write, F_SETFL, O_NONBLOCK)
        var streams = StreamBuffers(output: stdout.read, error: stderr.read)
        var inputWritten = 0
        var inputOpen = true
        if input.isEmpty {
            close(stdin.write)
            pipes.removeAll { $0 == stdin.write }
            inputOpen = false
        }
        let deadline = ContinuousClock.now + timeLimit
        var timedOut = false
        while streams.isOpen {
            let remaining = deadline - .now
            if remaining <= .zero {
                timedOut = true
                kill(-pid, SIGKILL)
                kill(pid, SIGKILL)
                break
            }
            var polled = streams.pollDescriptors()
            if inputOpen { polled.append(pollfd(fd: stdin.write, events: Int16(POLLOUT), revents: 0)) }
            let milliseconds = Int32(clamping: max(1, remaining.nanoseconds / 1_000_000))
            let ready = poll(&polled, nfds_t(polled.count), milliseconds)
            if ready < 0, errno != EINTR { break }
            if inputOpen, let out = polled.last, out.revents != 0 {
                let written = input[inputWritten...].withUnsafeBytes { write(stdin.write, $0.baseAddress, $0.count) }
                if written > 0 { inputWritten += written }
                if written < 0 && errno != EAGAIN || inputWritten == input.count {
                    close(stdin.write)
                    pipes.removeAll { $0 == stdin.write }
                    inputOpen = false
                }
            }
            streams.read(polled, line)
        }
        streams.flush(line)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if timedOut { return .timedOut }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which are macros.
        let signal = status & 0x7F
        return signal == 0 ? .exited((status >> 8) & 0xFF) : .signaled(signal)
    }

    private static func spawn(
        _ arguments: [String], environment: [String: String], stdin: Int32, stdout: Int32, stderr: Int32
    ) throws(Errno) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGQUIT] { sigaddset(&defaults, signal) }
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP))
        var merged: [String: String] = [:]
        var index = 0
        while let entry = environ[index] {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                merged[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            index += 1
        }
        merged.merge(environment) { $1 }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard result == 0 else { throw Errno(rawValue: result) }
        return pid
    }
}

/// The child's stdout and stderr: open descriptors and each one's unfinished line.
private struct StreamBuffers {
    private var descriptors: [Int32?]
    private var pending: [[UInt8]] = [[], []]

    init(output: Int32, error: Int32) {
        descriptors = [output, error]
    }

    var isOpen: Bool { descriptors.contains { $0 != nil } }

    func pollDescriptors() -> [pollfd] {
        descriptors.map { pollfd(fd: $0 ?? -1, events: Int16(POLLIN), revents: 0) }
    }

    /// Reads what the streams the poll found ready hold, handing on complete lines.
    mutating func read(_ polled: [pollfd], _ line: (ChildProcess.Stream, [UInt8]) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        for index in 0..<2 {
            guard let fd = descriptors[index], polled[index].revents != 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count <= 0 {
                if count == 0 || errno != EINTR && errno != EAGAIN { descriptors[index] = nil }
                continue
            }
            pending[index] += buffer[..<count]
            while let newline = pending[index].firstIndex(of: 0x0A) {
                line(index == 0 ? .output : .error, Array(pending[index][..<newline]))
                pending[index].removeSubrange(...newline)
            }
        }
    }

    /// Hands on the last lines that had no line feed.
    mutating func flush(_ line: (ChildProcess.Stream, [UInt8]) -> Void) {
        for index in 0..<2 where !pending[index].isEmpty {
            line(index == 0 ? .output : .error, pending[index])
            pending[index] = []
        }
    }
}
