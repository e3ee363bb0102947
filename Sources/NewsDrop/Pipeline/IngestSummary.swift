import Articles
import FoundationEssentials

/// Running totals of an ingest: what the progress bar and the closing summary show.
public struct IngestSummary: Sendable, Equatable, Codable, OutcomeTally {
    /// Inputs to process in all.
    public var total = 0
    /// Inputs processed so far.
    public var processed = 0
    /// New contents stored.
    public var stored = 0
    /// Inputs whose content was already stored.
    public var duplicates = 0
    /// New contents that resemble stored articles (stored and linked, or diverted).
    public var nearDuplicates = 0
    /// Rejected inputs.
    public var rejected = 0
    /// Rejected inputs by reason code.
    public var rejectedByReason: [String: Int] = [:]
    /// Inputs not processed because of I/O faults.
    public var failed = 0
    /// Bytes read.
    public var bytes: Int64 = 0
    /// Hidden entries skipped in folders.
    public var skippedHidden = 0
    /// Seconds since the start.
    public var seconds = 0.0

    /// Creates empty totals.
    public init(total: Int = 0) {
        self.total = total
    }

    /// Adds one outcome.
    public mutating func add(_ outcome: InputOutcome) {
        processed += 1
        bytes += Int64(outcome.size)
        switch outcome.kind {
        case .committed(let committed):
            count(committed)
            if let rejection = committed.rejection { rejectedByReason[rejection.reason.rawValue, default: 0] += 1 }
        case .failed: failed += 1
        }
    }

    /// Inputs per second so far.
    public var rate: Double { seconds > 0 ? Double(processed) / seconds : 0 }

    enum CodingKeys: String, CodingKey {
        case total, processed, stored, duplicates, rejected, failed, bytes, seconds
        case rejectedByReason = "rejected_by_reason"
        case nearDuplicates = "near_duplicates"
        case skippedHidden = "skipped_hidden"
    }
}
