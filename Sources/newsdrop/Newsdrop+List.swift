import ArgumentParser
import ArticleStore

extension Newsdrop {
    /// `newsdrop ls`
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ls",
            abstract: "List stored articles, oldest first: id, first-seen time, sightings, title."
        )

        @OptionGroup var storeOptions: StoreOptions

        @Flag(help: "Print JSON.")
        var json = false

        @Option(help: ArgumentHelp("Show only the newest N articles.", valueName: "n"))
        var last: Int?

        func run() throws {
            let store = try storeOptions.open()
            var summaries: [ArticleSummary]
            do { summaries = try store.summaries() } catch { throw CommandFailure(error.description) }
            if let last { summaries = Array(summaries.suffix(max(0, last))) }
            if json {
                try Output.json(summaries)
                return
            }
            if summaries.isEmpty {
                print("The store at \(store.layout.root) holds no articles yet.")
                return
            }
            print("ID                FIRST SEEN                SEEN  TITLE")
            for summary in summaries {
                print(
                    "\(summary.id)  \(summary.firstSeen)  \(String(summary.sightings).leftPadded(4))  \(summary.title)")
            }
        }
    }
}

extension String {
    /// The string right-aligned in `width` columns.
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
