import ArgumentParser
import ArticleStore

extension Newsdrop {
    /// `newsdrop stats`
    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Count the store's articles, sightings, duplicates and rejections, and its size."
        )

        @OptionGroup var storeOptions: StoreOptions

        @Flag(help: "Print JSON.")
        var json = false

        func run() throws {
            let store = try storeOptions.open()
            let stats: StoreStatistics
            do { stats = try store.statistics() } catch { throw CommandFailure(error.description) }
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
            print("size        \(Output.bytes(stats.bytes)) (\(Output.bytes(stats.diskBytes)) on disk)")
        }
    }
}
