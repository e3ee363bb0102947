import Logging

extension Logger.Metadata {
    /// Metadata that names `event` (journal field `NEWSDROP_EVENT`), with `fields` beside it: the
    /// one way an event is written, so each has a `MESSAGE_ID` and a catalog entry.
    ///
    /// - Parameters:
    ///   - event: the kind of event.
    ///   - fields: further metadata for the entry.
    public static func event(_ event: DaemonEvent, _ fields: Logger.Metadata = [:]) -> Logger.Metadata {
        var metadata = fields
        metadata[DaemonEvent.metadataKey] = .string(event.rawValue)
        return metadata
    }

    /// Names `event` in this metadata (journal field `NEWSDROP_EVENT`) in place: what
    /// `event(_:_:)` does, without a second dictionary for an entry written per input.
    ///
    /// - Parameter event: the kind of event.
    public mutating func name(_ event: DaemonEvent) {
        self[DaemonEvent.metadataKey] = .string(event.rawValue)
    }
}
