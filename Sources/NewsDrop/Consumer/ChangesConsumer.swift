import ArticleStore
import DurableFiles
import FoundationEssentials
import Inbox
import SystemPackage

/// `newsdrop changes`: delivers the store's changes-feed entries after a position, oldest first —
/// printed, or handed to a command one at a time — and keeps a cursor so the next run resumes
/// after the last entry fully handled. Delivery is at least once: an entry handled after the
/// cursor was last saved is delivered again after a crash.
public final class ChangesConsumer {
    /// What to deliver, where from and how.
    public struct Settings: Sendable {
        /// The store folder.
        public var store: FilePath
        /// Deliver the entries after this seq (else after the cursor's, else from the beginning).
        public var since: Int?
        /// Where the position is kept.
        public var cursor: FeedCursor?
        /// After the backlog, wait for new entries.
        public var follow = false
        /// Print each entry as its JSON line (else a readable line).
        public var json = false
        /// Deliver at most this many entries.
        public var limit: Int?
        /// Deliver only these events (the others are passed over, the cursor moves past them).
        public var events: Set<FeedEvent>?
        /// Run this command once per entry instead of printing it.
        public var command: [String] = []
        /// How long the command may run per entry.
        public var commandTimeLimit: Duration = .seconds(60)
        /// Poll for new entries even where inotify works (tests, odd file systems).
        public var forcePolling = false

        /// Settings for `store` with everything else at its default.
        public init(store: FilePath) {
            self.store = store
        }
    }

    /// Why the consumer stopped with a failure: the message and the exit status.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        public let description: String
        /// The exit status: 65 for a bad position, 1 otherwise.
        public let status: Int32
    }

    /// Entries handled between cursor saves when printing (with a command: every entry).
    static let saveEvery = 4096

    private let settings: Settings
    private let stop: StopRequest
    private var output = StandardOutputBuffer()
    private var delivered = 0
    private var handledSeq = 0
    private var savedSeq = 0

    /// Prepares a consumer.
    ///
    /// - Parameters:
    ///   - settings: what to deliver.
    ///   - stop: ends a follow at the next entry (SIGTERM, SIGINT).
    public init(settings: Settings, stop: StopRequest) {
        self.settings = settings
        self.stop = stop
    }

    /// Delivers entries until the backlog is done (or, following, until a stop is asked for).
    ///
    /// - Throws: `Failure`.
    public func run() throws {
        let start = try startingSeq()
        (handledSeq, savedSeq) = (start, start)
        var reader = FeedReader(storeRoot: settings.store, after: start)
        var waiter: FolderWaiter?
        if settings.follow {
            do {
                waiter = try FolderWaiter(folder: settings.store.appending("feed"), forcePolling: settings.forcePolling)
            } catch {
                throw Failure(description: "\(error)", status: 1)
            }
        }
        while true {
            let read = try readChunk(&reader)
            try output.flush()
            try saveCursor()
            if isDone { return }
            if read > 0 { continue }
            guard let waiter, waiter.wait(interrupt: stop.descriptor) == .changed, !stop.isRequested else { return }
        }
    }

    /// Handles up to `saveEvery` entries.
    ///
    /// - Returns: how many were read.
    private func readChunk(_ reader: inout FeedReader) throws -> Int {
        var inChunk = 0
        do {
            return try reader.read { line in
                try handle(line)
                inChunk += 1
                return inChunk < Self.saveEvery && !isDone
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(description: "\(error)", status: 1)
        }
    }

    private var isDone: Bool {
        stop.isRequested || settings.limit.map { delivered >= $0 } ?? false
    }

    /// The seq to start after: `--since`, else the cursor's, else 0; checked against the feed.
    private func startingSeq() throws -> Int {
        let start: Int
        if let since = settings.since {
            start = since
        } else if let cursor = settings.cursor {
            do {
                start = try cursor.load()
            } catch let invalid as FeedCursor.Invalid {
                throw Failure(description: invalid.description, status: 65)
            } catch {
                throw Failure(description: "\(error)", status: 1)
            }
        } else {
            start = 0
        }
        let head: Int
        do {
            head = try ChangesFeed.durableHead(storeRoot: settings.store)
        } catch {
            throw Failure(description: "\(error)", status: 1)
        }
        guard start <= head else {
            let source = settings.since != nil ? "--since" : "the cursor in \(settings.cursor!.path)"
            throw Failure(
                description: "\(source) names seq \(start), beyond the feed's last entry, \(head)", status: 65)
        }
        return start
    }

    private func handle(_ line: FeedLine) throws {
        defer { handledSeq = line.seq }
        if let events = settings.events, !events.contains(line.event) { return }
        delivered += 1
        guard !settings.command.isEmpty else {
            if settings.json {
                output.append(line.bytes)
            } else {
                output.append(Self.readable(line))
            }
            output.append(0x0A)
            return
        }
        try run(settings.command, for: line)
        handledSeq = line.seq
        try saveCursor()
    }

    /// Runs the command for one entry; a failure stops the consumer with the cursor before it.
    private func run(_ command: [String], for line: FeedLine) throws {
        let record = line.string("record").map { settings.store.appending($0).string } ?? ""
        let environment = [
            "NEWSDROP_SEQ": String(line.seq), "NEWSDROP_EVENT": line.event.rawValue,
            "NEWSDROP_ID": line.string("id") ?? "", "NEWSDROP_RECORD": record,
            "NEWSDROP_STORE": settings.store.string,
        ]
        let prefix = Array("\(command[0]) [seq \(line.seq)]: ".utf8)
        let ending: ChildProcess.Ending
        do {
            ending = try ChildProcess.run(
                command, environment: environment, input: Array(line.bytes) + [0x0A],
                timeLimit: settings.commandTimeLimit
            ) { _, text in
                StandardError.write(String(decoding: prefix + text + [0x0A], as: UTF8.self))
            }
        } catch {
            throw Failure(description: "cannot run \(command[0]): \(error)", status: 1)
        }
        guard ending == .exited(0) else {
            throw Failure(
                description:
                    "\(command[0]) \(ending) for seq \(line.seq) (\(line.event.rawValue)); the cursor stays before it",
                status: 1)
        }
    }

    private func saveCursor() throws {
        guard let cursor = settings.cursor, handledSeq != savedSeq else { return }
        do {
            try cursor.save(handledSeq)
        } catch {
            throw Failure(description: "cannot save the cursor: \(error)", status: 1)
        }
        savedSeq = handledSeq
    }

    /// `     12  stored     2a12523330ba2c24  2026-12-03T10:00:00.000Z  000_x.txt  Markets rally`
    static func readable(_ line: FeedLine) -> [UInt8] {
        let seq = String(line.seq)
        var text = String(repeating: " ", count: max(0, 7 - seq.count)) + seq + "  "
        text += line.event.rawValue + String(repeating: " ", count: 11 - line.event.rawValue.count)
        text += (line.string("id") ?? "-               ") + "  " + (line.string("at") ?? "") + "  "
        text += line.string("file") ?? ""
        switch line.event {
        case .stored: text += "  " + (line.string("title") ?? "")
        case .rejected: text += "  " + (line.string("reason") ?? "")
        case .duplicate, .diverted: break
        }
        return Array(text.utf8)
    }
}
