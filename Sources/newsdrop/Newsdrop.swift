import ArgumentParser
import NewsDrop

/// The `newsdrop` command.
@main
struct Newsdrop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newsdrop",
        abstract: "Ingest plain-text news articles into a deduplicating, content-addressed JSON store.",
        discussion: """
            The store is --store DIR, else $NEWSDROP_STORE, else ./newsdrop-store.
            Exit status: 0 success; 1 a fault was found or an input failed; 64 bad usage.
            """,
        version: NewsDropVersion.current,
        subcommands: [
            Run.self, Status.self, Ingest.self, List.self, Show.self, Similar.self, Clusters.self, Stats.self,
            Verify.self, Changes.self,
        ]
    )
}
