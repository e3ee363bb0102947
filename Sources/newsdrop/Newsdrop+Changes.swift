import ArgumentParser
import ArticleStore
import NewsDrop
import SystemPackage

extension Newsdrop {
    /// `newsdrop changes`
    struct Changes: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the store's changes feed (stored, duplicate, diverted, rejected), oldest first.",
            discussion: """
                Every entry has a seq that grows by one across every writer of the store. --cursor-file keeps \
                the seq of the last entry fully handled (printed and flushed, or --exec exited 0) and resumes \
                after it; delivery is at least once. Exit status: 0 done (or stopped by SIGTERM/SIGINT); \
                1 a command failed or the feed cannot be read; 65 a cursor or --since that is not a position \
                in the feed.
                """
        )

        @OptionGroup var storeOptions: StoreOptions

        @Option(help: ArgumentHelp("Print the entries after this seq.", valueName: "seq"))
        var since: Int?

        @Option(
            help: ArgumentHelp(
                "Resume after the seq saved in this file, and save it as entries are handled.", valueName: "file"))
        var cursorFile: String?

        @Flag(help: "After the backlog, wait for new entries (SIGTERM ends it after the entry in hand).")
        var follow = false

        @Flag(help: "Print each entry as one JSON object per line.")
        var json = false

        @Option(help: ArgumentHelp("Stop after N entries.", valueName: "n"))
        var limit: Int?

        @Option(
            help: ArgumentHelp(
                "Only these events (comma-separated): stored, duplicate, diverted, rejected.", valueName: "list"))
        var events: String?

        @Option(help: ArgumentHelp("Most seconds --exec may run per entry before it is killed.", valueName: "seconds"))
        var execTimeout: Double = 60

        @Option(
            parsing: .remaining,
            help: ArgumentHelp(
                "Run CMD [ARG…] once per entry (the rest of the line), the entry's JSON on its stdin and NEWSDROP_SEQ, NEWSDROP_EVENT, NEWSDROP_ID, NEWSDROP_RECORD, NEWSDROP_STORE in its environment.",
                valueName: "cmd"))
        var exec: [String] = []

        func validate() throws {
            if let since, since < 0 { throw ValidationError("--since must be 0 or more.") }
            if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more.") }
            if since != nil, cursorFile != nil { throw ValidationError("Give --since or --cursor-file, not both.") }
            guard execTimeout > 0 else { throw ValidationError("--exec-timeout must be more than 0.") }
            _ = try eventSet()
        }

        private func eventSet() throws -> Set<FeedEvent>? {
            guard let events else { return nil }
            var set: Set<FeedEvent> = []
            for name in events.split(separator: ",") {
                guard let event = FeedEvent(rawValue: String(name.filter { $0 != " " })) else {
                    throw ValidationError(
                        "'\(name)' is not an event: \(FeedEvent.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                set.insert(event)
            }
            return set
        }

        func run() throws {
            var settings = ChangesConsumer.Settings(store: storeOptions.path)
            settings.since = since
            settings.cursor = cursorFile.map { FeedCursor(path: FilePath($0)) }
            settings.follow = follow
            settings.json = json
            settings.limit = limit
            settings.events = try eventSet()
            settings.command = exec
            settings.commandTimeLimit = .milliseconds(Int64(execTimeout * 1000))
            let consumer = ChangesConsumer(settings: settings, stop: StopRequest())
            do {
                try consumer.run()
            } catch let failure as ChangesConsumer.Failure {
                Output.error("newsdrop changes: \(failure)")
                throw ExitCode(failure.status)
            }
        }
    }
}
