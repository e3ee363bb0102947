import ArgumentParser
import ArticleStore
import Foundation
import NewsDrop
import SystemPackage

/// The `--store` option every store command shares.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store folder.", discussion: "Default: $NEWSDROP_STORE, else ./newsdrop-store.", valueName: "dir"))
    var store: String?

    /// The resolved store folder.
    var path: FilePath {
        StoreLocation.resolve(flag: store, environment: ProcessInfo.processInfo.environment)
    }

    /// Opens the store, turning a failure into a one-line error and exit status 1.
    ///
    /// - Parameter create: create the store if it does not exist.
    func open(create: Bool = false) throws -> FileArticleStore {
        do {
            return try FileArticleStore.open(at: path, create: create)
        } catch {
            throw CommandFailure(error.description)
        }
    }
}

/// A failure to report as `newsdrop: <message>` with exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ message: String) {
        self.description = message
    }
}
