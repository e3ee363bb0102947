/// How many journal entries the daemon writes about its inputs' outcomes (`log_outcomes`).
public enum OutcomeLogging: String, Sendable, Equatable, CaseIterable {
    /// One entry per input (the default): `journalctl ARTICLE_ID=…` finds each with its source file.
    case each
    /// One entry per batch (up to `batch_size` inputs) listing every input's outcome, id and file;
    /// rejected inputs keep an entry each. About a hundredth of the entries in a burst.
    case batch
}
