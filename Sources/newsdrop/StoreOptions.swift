import ArgumentParser
import ArticleStore
import Articles
import DurableFiles
import FoundationEssentials
import NewsDrop
import SystemPackage

/// The `--store` option every store command shares.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The store folder.", discussion: "Default: $NEWSDROP_STORE, else ./newsdrop-store.", valueName: "dir"))
    var store: String?

    /// The resolved store folder.
    var path: FilePath {
        StoreLocation.resolve(flag: store, environment: ProcessInfo.processInfo.environment)
    }

    /// Opens the store, turning a failure into a one-line error and exit status 1.
    ///
    /// - Parameters:
    ///   - create: create the store if it does not exist.
    ///   - nearDuplicates: look for near-duplicates of what is committed.
    ///   - flush: how commits make files durable (`FlushPolicy`).
    func open(
        create: Bool = false, nearDuplicates: NearDuplicateSettings? = nil, flush: FlushSetting = .auto
    ) throws -> FileArticleStore {
        do {
            return try FileArticleStore.open(at: path, create: create, nearDuplicates: nearDuplicates, flush: flush)
        } catch {
            throw CommandFailure(error.description)
        }
    }
}

extension StoreOptions {
    /// What read commands say when they fall back to reading every file.
    static let noFeedNotice =
        "newsdrop: this store has no changes feed yet (it was made by an earlier release), so every record is read; newsdrop run, ingest or verify --repair builds the feed"

    /// Checks that `id` looks like a content id or a prefix of one.
    static func validate(id: String) throws {
        guard !id.isEmpty, id.count <= ContentID.length, id.utf8.allSatisfy(ContentID.isHexDigit) else {
            throw ValidationError("'\(id)' is not a content id: expected up to 16 hex digits.")
        }
    }

    /// The one stored id that starts with `prefix`.
    ///
    /// - Throws: `CommandFailure` when none or several match, `StoreError` when the store cannot be read.
    func resolve(_ prefix: String, in store: FileArticleStore) throws -> ContentID {
        let matches = try store.ids(withPrefix: prefix)
        guard let match = matches.first else {
            throw CommandFailure("no article with id \(prefix) in \(store.layout.root)")
        }
        guard matches.count == 1 else {
            throw CommandFailure(
                "\(prefix) is ambiguous: \(matches.prefix(10).map(\.hex).joined(separator: ", "))\(matches.count > 10 ? ", …" : "")"
            )
        }
        return match
    }
}

/// A failure to report as `newsdrop: <message>` with exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ message: String) {
        self.description = message
    }
}

extension NearDuplicatePolicy: ExpressibleByArgument {}
