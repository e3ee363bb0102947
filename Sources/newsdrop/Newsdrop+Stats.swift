import ArgumentParser
import ArticleStore

extension Newsdrop {
    /// `newsdrop stats`
    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Count the store's articles, sightings, duplicates and rejections (and, with --sizes, its size).",
            discussion: """
                The counts come from the changes feed: milliseconds at any store size. --sizes also walks \
                every file of the store to add up their sizes (seconds for a large store).
                """
        )

        @OptionGroup var storeOptions: StoreOptions

        @Flag(help: "Print JSON.")
        var json = false

        @Flag(help: "Also add up the size of every file (walks the whole store).")
        var sizes = false

        func run() throws {
            let store = try storeOptions.open()
            var stats: StoreStatistics
            do {
                if store.feed.exists, !sizes {
                    stats = try store.feedStatistics()
                } else {
                    if !store.feed.exists { Output.error(StoreOptions.noFeedNotice) }
                    stats = try store.statistics()
                    if store.feed.exists {
                        // Counts from the feed, like without --sizes; the walk only adds the sizes.
                        let counted = try store.feedStatistics()
                        stats = StoreStatistics(
                            articles: counted.articles, sightings: counted.sightings, duplicates: counted.duplicates,
                            rejected: counted.rejected, rejectedByReason: counted.rejectedByReason, bytes: stats.bytes,
                            diskBytes: stats.diskBytes, feedHead: counted.feedHead)
                    }
                }
            } catch {
                throw CommandFailure("\(error)")
            }
            if json {
                try Output.json(stats)
                return
            }
            print("store       \(store.layout.root)")
            print("articles    \(Output.count(stats.articles))")
            print("sightings   \(Output.count(stats.sightings))")
            print("duplicates  \(Output.count(stats.duplicates))")
            var rejected = "rejected    \(Output.count(stats.rejected))"
            if !stats.rejectedByReason.isEmpty {
                rejected +=
                    " ("
                    + stats.rejectedByReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(
                        separator: ", ") + ")"
            }
            print(rejected)
            if let head = stats.feedHead { print("feed        \(Output.count(head)) entries") }
            if let bytes = stats.bytes, let diskBytes = stats.diskBytes {
                print("size        \(Output.bytes(bytes)) (\(Output.bytes(diskBytes)) on disk)")
            }
        }
    }
}
