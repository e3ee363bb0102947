import ArgumentParser
import ArticleStore
import Articles
import FoundationEssentials

extension Newsdrop {
    /// `newsdrop ls`
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ls",
            abstract: "List stored articles in the order they were stored: id, first-seen time, sightings, title.",
            discussion: """
                Reads the changes feed: --last N reads only its newest part, milliseconds at any store size; \
                without limits the whole list streams out in feed order.
                """
        )

        @OptionGroup var storeOptions: StoreOptions

        @Flag(help: "Print JSON.")
        var json = false

        @Option(help: ArgumentHelp("Show only the newest N articles.", valueName: "n"))
        var last: Int?

        @Option(
            help: ArgumentHelp(
                "Show only articles stored after feed seq SEQ, or at or after TIME (ISO 8601, e.g. 2026-12-03T10:00:00Z).",
                valueName: "time|seq"))
        var since: String?

        func validate() throws {
            if let last, last < 0 { throw ValidationError("--last must be 0 or more.") }
            if last != nil, since != nil { throw ValidationError("Give --last or --since, not both.") }
            if let since, Int(since) == nil, !Self.looksLikeTime(since) {
                throw ValidationError("--since takes a feed seq or an ISO 8601 time such as 2026-12-03T10:00:00Z.")
            }
        }

        static func looksLikeTime(_ text: String) -> Bool {
            let bytes = Array(text.utf8)
            return bytes.count >= 10 && bytes[4] == UInt8(ascii: "-") && bytes[7] == UInt8(ascii: "-")
                && bytes[..<4].allSatisfy { (0x30...0x39).contains($0) }
        }

        func run() throws {
            let store = try storeOptions.open()
            var printer = SummaryPrinter(json: json, root: store.layout.root.string)
            do {
                guard store.feed.exists else {
                    Output.error(StoreOptions.noFeedNotice)
                    var summaries = try store.summaries()
                    if let last { summaries = Array(summaries.suffix(last)) }
                    for summary in summaries { printer.print(summary) }
                    printer.finish()
                    return
                }
                if let last {
                    for entry in try store.newestStored(last) {
                        printer.print(try summary(entry, sightings: try store.sightingCount(of: entry.id!)))
                    }
                } else {
                    // One pass for the sighting counts, then the articles stream out in feed order.
                    let later = try store.laterSightingsFromFeed()
                    let after = since.flatMap { Int($0) } ?? 0
                    let from = since.flatMap { Int($0) == nil ? Self.normalized($0) : nil }
                    try store.forEachStored(after: after, from: from) { entry in
                        printer.print(try summary(entry, sightings: 1 + later[entry.id!, default: 0]))
                    }
                }
            } catch let error as CommandFailure {
                throw error
            } catch {
                throw CommandFailure("\(error)")
            }
            printer.finish()
        }

        private func summary(_ entry: FeedEntry, sightings: Int) throws -> ArticleSummary {
            guard let id = entry.id else {
                throw CommandFailure("feed entry \(entry.seq) is a stored entry without an id")
            }
            return ArticleSummary(id: id, title: entry.title ?? "", firstSeen: entry.at, sightings: sightings)
        }

        /// A time as the feed writes times (`…T10:00:00.000Z`), so that text order is time order.
        static func normalized(_ time: String) -> String {
            var text = time.hasSuffix("Z") ? String(time.dropLast()) : time
            if text.count == 10 { text += "T00:00:00" }
            if text.count == 19 { text += ".000" }
            return text + "Z"
        }
    }
}

/// Prints `ls` lines (or a JSON array) as they come.
private struct SummaryPrinter {
    let json: Bool
    let root: String
    private var printed = 0

    init(json: Bool, root: String) {
        self.json = json
        self.root = root
    }

    mutating func print(_ summary: ArticleSummary) {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let object = (try? encoder.encode(summary)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            Swift.print(printed == 0 ? "[\n  " + object : ",\n  " + object, terminator: "")
        } else {
            if printed == 0 { Swift.print("ID                FIRST SEEN                SEEN  TITLE") }
            Swift.print(
                "\(summary.id)  \(summary.firstSeen)  \(String(summary.sightings).leftPadded(4))  \(summary.title)")
        }
        printed += 1
    }

    func finish() {
        if json {
            Swift.print(printed == 0 ? "[]" : "\n]")
        } else if printed == 0 {
            Swift.print("The store at \(root) holds no articles yet.")
        }
    }
}

extension String {
    /// The string right-aligned in `width` columns.
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
