import ArgumentParser
import ArticleStore
import FoundationEssentials
import NewsDrop

extension Newsdrop {
    /// `newsdrop status`
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report the daemons serving an inbox: state, watch mode, queue, counts, last error, uptime.",
            discussion: "Exits 0 when at least one daemon runs, 3 when none does (like 'systemctl status')."
        )

        @Option(help: ArgumentHelp("The JSON configuration file naming the inbox.", valueName: "file"))
        var config: String?

        @Option(
            help: ArgumentHelp("The inbox folder (default: from the configuration, else ./inbox).", valueName: "dir"))
        var inbox: String?

        @Flag(help: "Print JSON.")
        var json = false

        @Flag(help: "Include daemons that are no longer running.")
        var all = false

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            var overrides = DaemonOverrides()
            overrides.inbox = inbox.map { .init($0) }
            let configuration: DaemonConfiguration
            do {
                configuration = try DaemonConfiguration.resolve(
                    file: DaemonConfiguration.configurationFile(explicit: config, environment: environment),
                    overrides: overrides, environment: environment
                )
            } catch {
                Output.error("newsdrop: \(error)")
                throw ExitCode(ConfigurationError.exitStatus)
            }
            let entries: [StatusFile.Entry]
            do { entries = try StatusFile.readAll(layout: configuration.layout) } catch {
                throw CommandFailure(error.description)
            }
            let shown = entries.filter { all || $0.isRunning }
            if json {
                try Output.json(StatusReport(inbox: configuration.inbox.string, daemons: shown.map(DaemonReport.init)))
            } else if shown.isEmpty {
                print("no newsdrop daemon is running on \(configuration.inbox)")
            } else {
                for entry in shown { printEntry(entry) }
            }
            if !entries.contains(where: \.isRunning) { throw ExitCode(3) }
        }

        private func printEntry(_ entry: StatusFile.Entry) {
            let status = entry.status
            let state = entry.isRunning ? status.state.rawValue : "not running (last state: \(status.state.rawValue))"
            print("\(status.instance)  \(state)")
            print("  inbox      \(status.inbox)  (\(status.mode ?? "?")\(status.pollReason.map { ", \($0)" } ?? ""))")
            print(
                "  store      \(status.store)\(status.storeArticles.map { "  (\(Output.count($0)) articles)" } ?? "")")
            if let policy = status.flushPolicy {
                print("  flush: \(policy)\(status.flushReason.map { " (\($0))" } ?? "")")
            }
            print("  pid        \(status.pid) on \(status.host)")
            if entry.isRunning, let started = Timestamp.date(from: status.started) {
                print("  uptime     \(Self.duration(Date().timeIntervalSince(started)))  (since \(status.started))")
            }
            let queue = status.queue
            print(
                "  queue      \(queue.total)  (\(queue.ready) ready, \(queue.settling) settling, \(queue.retrying) retrying)"
            )
            let counts = status.sinceStart
            print(
                "  since start  \(Output.count(counts.stored)) stored · \(Output.count(counts.duplicates)) duplicates · \(Output.count(counts.rejected)) rejected · \(Output.count(counts.failed)) failed"
            )
            if let error = status.lastError { print("  last error \(error) (\(status.lastErrorAt ?? "?"))") }
            print("  updated    \(status.updated)")
        }

        static func duration(_ seconds: Double) -> String {
            let total = Int(seconds)
            let (days, hours, minutes, secs) = (total / 86400, total % 86400 / 3600, total % 3600 / 60, total % 60)
            if days > 0 { return "\(days)d \(hours)h \(minutes)m" }
            if hours > 0 { return "\(hours)h \(minutes)m \(secs)s" }
            return minutes > 0 ? "\(minutes)m \(secs)s" : "\(secs)s"
        }
    }
}

/// `status --json` output.
struct StatusReport: Encodable {
    let inbox: String
    let daemons: [DaemonReport]
}

/// One daemon in `status --json`.
struct DaemonReport: Encodable {
    let running: Bool
    let uptimeSeconds: Double?
    let status: DaemonStatus

    init(_ entry: StatusFile.Entry) {
        running = entry.isRunning
        status = entry.status
        uptimeSeconds =
            entry.isRunning ? Timestamp.date(from: entry.status.started).map { Date().timeIntervalSince($0) } : nil
    }

    enum CodingKeys: String, CodingKey {
        case running, status
        case uptimeSeconds = "uptime_seconds"
    }
}
