/// Blocking work spread over threads.
public enum Concurrently {
    /// Runs `body` on every item, on several threads when there is more than one; throws the
    /// first error (in item order).
    public static func run<Item: Sendable, Failure: Error>(
        _ items: [Item], _ body: @Sendable (Item) throws(Failure) -> Void
    ) throws(Failure) {
        for result in items.concurrentMap({ item in Result { () throws(Failure) in try body(item) } }) {
            try result.get()
        }
    }
}
