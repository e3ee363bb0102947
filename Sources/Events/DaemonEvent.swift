/// The kinds of event newsdrop logs. Each is the value of the `newsdrop_event` metadata key
/// (journal field `NEWSDROP_EVENT`) and has a stable `MESSAGE_ID` with an entry in the journal
/// catalog `deploy/newsdrop.catalog`, so `journalctl -x` explains it.
public enum DaemonEvent: String, Sendable, CaseIterable {
    // One case per event; the raw value is the journal's NEWSDROP_EVENT.
    case started, ready, stored, duplicate, rejected
    case nearDuplicate = "near-duplicate"
    case degraded, recovered, reloading, reloaded
    case reloadFailed = "reload-failed"
    case stopping, stopped
    case startFailed = "start-failed"
    case recovering
    case inboxProblem = "inbox-problem"
    case inboxRecovered = "inbox-recovered"
    case inboxOverflow = "inbox-overflow"
    case claimFailed = "claim-failed"
    case storeCleaned = "store-cleaned"
    case vanished
    case indexRebuild = "index-rebuild"
    case feedRecovered = "feed-recovered"

    /// The metadata key that carries the event kind.
    public static let metadataKey = "newsdrop_event"

    /// The `MESSAGE_ID`: 128 bits in hex, fixed forever.
    public var messageID: String {
        switch self {
        case .started: "6e683d1baeab4b28977971ddc417bf31"
        case .ready: "7251b7517e6c4e84b1bca45a37575814"
        case .stored: "fcb3a04d36ae4217ac2d8f61ce22cd55"
        case .duplicate: "605610569cdd484285618ff3b122a6d9"
        case .nearDuplicate: "3c9f0e2a7d5b4e61a8c2f47b19d6e053"
        case .rejected: "81135dc78eba4608bd9b888f73880cb1"
        case .degraded: "f59e100256444cc8bfa2dcdb862ddcef"
        case .recovered: "8bfa1cb8438a4b8eaa4d1e64ca5bbad6"
        case .reloading: "6e6293a02d624ff892082cd7a7015e20"
        case .reloaded: "d83e45fd293c4551a39a3c1e9b866dc7"
        case .reloadFailed: "6b82c0d1a4e84935863e9ca9c9443599"
        case .stopping: "5a3e2b8f942c46d9a2f4a23eabb07d67"
        case .stopped: "dc007e0e372b40ec93258c6e6c463d4d"
        case .startFailed: "40a56894ea464a268515947e004e1328"
        case .recovering: "cd9206d80218456ea732065cb3b72550"
        case .inboxProblem: "c3e56f72d3994445ad43ca6dc2d026ff"
        case .inboxRecovered: "6bd3595e6a4e4b5e826b0f7596e0d679"
        case .inboxOverflow: "7635f7778cc54ebd96c711836ae1d308"
        case .claimFailed: "e0b6da358dba45d88439832eb296671e"
        case .storeCleaned: "d0865b23c2c9431eb6f40765dc2f005a"
        case .vanished: "381767b8e1a5449eb840edd85342dac8"
        case .indexRebuild: "9d41c2a6e7b34f0c8a5e1d3b6f28c947"
        case .feedRecovered: "3f7c2b9e1d8a4c56b0e4a7d2c9f18b35"
        }
    }

    /// `MESSAGE_ID`s by event name, for the journal handler.
    public static var messageIDs: [String: String] {
        Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0.messageID) })
    }
}
