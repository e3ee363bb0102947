import ArticleStore
import DurableFiles
import Inbox

extension PendingInput {
    /// The pipeline's input for one of the daemon's claims: read from the work folder, recorded
    /// under the name and path the producer gave it in the inbox, keyed by the claim's key (so a
    /// claim finished again after a crash records one sighting).
    ///
    /// - Parameter claim: an input claimed into the work folder.
    init(claim: ClaimedInput) {
        self.init(
            readPath: claim.workPath,
            source: SourceFile(
                key: claim.key, file: claim.name.string, path: claim.inboxPath.string, size: 0,
                host: HostName.current, via: "daemon"))
    }
}
