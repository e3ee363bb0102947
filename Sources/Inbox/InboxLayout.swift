import SystemPackage

/// The folders of an inbox and the daemon's own folders beside its files:
///
/// ```
/// <inbox>/                       producers drop files here
/// <inbox>/.newsdrop/work/<instance>/   files claimed by one daemon instance, named <key>.<name>
/// <inbox>/.newsdrop/status/<instance>.json   each instance's status, rewritten atomically
/// <inbox>/processed/             inputs whose content was stored (default; configurable)
/// <inbox>/duplicates/            inputs whose content was already stored
/// <inbox>/rejected/              rejected inputs, each with NAME.reason.json beside it
/// ```
/// The destination folders must be on the inbox's file system (inputs are renamed, not copied).
public struct InboxLayout: Sendable, Equatable {
    /// The inbox.
    public let inbox: FilePath
    /// Where stored inputs go.
    public let processed: FilePath
    /// Where inputs whose content was already stored go.
    public let duplicates: FilePath
    /// Where rejected inputs go.
    public let rejected: FilePath

    /// Creates a layout; destinations default to sub-folders of the inbox.
    public init(inbox: FilePath, processed: FilePath? = nil, duplicates: FilePath? = nil, rejected: FilePath? = nil) {
        self.inbox = inbox
        self.processed = processed ?? inbox.appending("processed")
        self.duplicates = duplicates ?? inbox.appending("duplicates")
        self.rejected = rejected ?? inbox.appending("rejected")
    }

    /// The daemon's hidden control folder in the inbox.
    public var control: FilePath { inbox.appending(".newsdrop") }
    /// The parent of every instance's work folder.
    public var work: FilePath { control.appending("work") }
    /// The folder of status files.
    public var status: FilePath { control.appending("status") }

    /// One instance's work folder.
    public func workFolder(instance: String) -> FilePath { work.appending(instance) }
    /// One instance's status file.
    public func statusFile(instance: String) -> FilePath { status.appending("\(instance).json") }
}
