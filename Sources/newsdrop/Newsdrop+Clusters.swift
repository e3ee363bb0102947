import ArgumentParser
import ArticleStore

extension Newsdrop {
    /// `newsdrop clusters`
    struct Clusters: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the groups of stored articles joined by near-duplicate links, largest first."
        )

        @OptionGroup var storeOptions: StoreOptions

        @Flag(help: "Print JSON.")
        var json = false

        func run() throws {
            let store = try storeOptions.open()
            let clusters: [NearDuplicateCluster]
            do { clusters = try store.nearDuplicateClusters() } catch { throw CommandFailure(error.description) }
            if json {
                try Output.json(ClustersReport(clusters: clusters))
                return
            }
            for (number, cluster) in clusters.enumerated() {
                print(
                    "cluster \(number + 1): \(cluster.articles.count) articles, similarity ≥ \(Output.fixed(cluster.lowestSimilarity, 3))"
                )
                for article in cluster.articles { print("  \(article.id)  \(article.firstSeen)  \(article.title)") }
            }
            let grouped = clusters.reduce(0) { $0 + $1.articles.count }
            print("\(Output.count(clusters.count)) clusters, \(Output.count(grouped)) articles in them")
        }
    }
}

/// `clusters --json` output.
struct ClustersReport: Encodable {
    let clusters: [NearDuplicateCluster]
}
