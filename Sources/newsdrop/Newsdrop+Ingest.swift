import ArgumentParser
import ArticleStore
import Articles
import DurableFiles
import NewsDrop
import SystemPackage

extension Newsdrop {
    /// `newsdrop ingest PATH...`
    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Put article files into the store once (files, or folders recursively). Inputs are never changed.",
            discussion:
                "Prints a summary; with --verbose also one line per file. Exits 1 if any file could not be processed."
        )

        @OptionGroup var storeOptions: StoreOptions

        @Argument(help: ArgumentHelp("Files or folders to ingest.", valueName: "path"))
        var paths: [String]

        @Flag(name: .shortAndLong, help: "Print every file's outcome.")
        var verbose = false

        @Flag(help: "Print the summary (and with --verbose the outcomes) as JSON.")
        var json = false

        @Flag(help: "Do not draw the progress bar.")
        var noProgress = false

        @Option(help: ArgumentHelp("Reject inputs larger than this many bytes.", valueName: "bytes"))
        var maxSize = ArticleDecoder.defaultMaxBytes

        @Option(help: ArgumentHelp("Inputs made durable together (group commit).", valueName: "count"))
        var batchSize = 256

        @Option(
            help: ArgumentHelp(
                "What to do with a near-duplicate of a stored article: keep (store it, linked), divert (record it as a sighting of the stored one) or off.",
                valueName: "policy"))
        var nearDuplicates: NearDuplicatePolicy = .keep

        @Option(
            help: ArgumentHelp(
                "The least similarity (Jaccard of word pairs, 0–1) that makes a near-duplicate.", valueName: "fraction")
        )
        var nearThreshold = NearDuplicateSettings().threshold

        @Option(
            help: ArgumentHelp(
                "auto, syncfs or fsync: how the store's files are made durable (auto: syncfs on ext4, XFS, Btrfs and tmpfs, fsync elsewhere).",
                valueName: "policy"))
        var flush: FlushSetting = .auto

        func validate() throws {
            guard (0.0...1.0).contains(nearThreshold) else {
                throw ValidationError("--near-threshold must be between 0 and 1.")
            }
            guard maxSize > 0 else { throw ValidationError("--max-size must be a positive number of bytes.") }
            guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1.") }
        }

        func run() throws {
            let store = try storeOptions.open(
                create: true, nearDuplicates: NearDuplicateSettings(policy: nearDuplicates, threshold: nearThreshold),
                flush: flush)
            let pipeline = IngestPipeline(store: store, decoder: ArticleDecoder(maxBytes: maxSize))
            var progress = ProgressBar(wanted: !noProgress && !json)
            var outcomes: [OutcomeLine] = []
            let summary: IngestSummary
            do {
                summary = try OneShotIngest(pipeline: pipeline, batchSize: batchSize).run(
                    paths: paths.map { FilePath($0) }
                ) { batch, totals in
                    if verbose {
                        if json {
                            outcomes += batch.map(OutcomeLine.init)
                        } else {
                            progress.finish()
                            for outcome in batch { print(OutcomeLine(outcome).text) }
                        }
                    }
                    progress.update(totals)
                }
            } catch {
                progress.finish()
                throw CommandFailure(error.description)
            }
            progress.finish()
            // Merges run in the background while the files go in; exiting would stop the last ones.
            do { try store.waitForNearIndexMerges() } catch {
                Output.error("warning: the near-duplicate index's segments were left unmerged: \(error)")
            }
            if json {
                try Output.json(
                    IngestReport(
                        store: store.layout.root.string, flushPolicy: store.flush.policy.rawValue,
                        flushReason: store.flush.reason, summary: summary, outcomes: verbose ? outcomes : nil))
            } else {
                printSummary(summary, store: store.layout.root)
            }
            if summary.failed > 0 { throw ExitCode.failure }
        }

        private func printSummary(_ summary: IngestSummary, store: FilePath) {
            var line = "\(Output.count(summary.processed)) files in \(Output.fixed(summary.seconds, 2)) s"
            line += " (\(Output.fixed(summary.rate, 0)) files/s): "
            line += "\(Output.count(summary.stored)) stored, \(Output.count(summary.duplicates)) duplicates, "
            line += "\(Output.count(summary.rejected)) rejected"
            if summary.nearDuplicates > 0 {
                line += " (\(Output.count(summary.nearDuplicates)) near-duplicates among them)"
            }
            if summary.failed > 0 { line += ", \(Output.count(summary.failed)) failed" }
            print(line)
            if !summary.rejectedByReason.isEmpty {
                print(
                    "rejected: "
                        + summary.rejectedByReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(
                            separator: ", "))
            }
            if summary.skippedHidden > 0 { print("skipped \(Output.count(summary.skippedHidden)) hidden entries") }
            print("store: \(store)")
        }
    }
}

/// One file's outcome as printed by `ingest --verbose`.
struct OutcomeLine: Encodable {
    let outcome: String
    let path: String
    let id: String?
    let reason: String?
    let message: String?
    let nearDuplicates: [NearDuplicate]?

    enum CodingKeys: String, CodingKey {
        case outcome, path, id, reason, message
        case nearDuplicates = "near_duplicates"
    }

    init(_ outcome: InputOutcome) {
        self.outcome = outcome.label
        self.path = outcome.path.string
        switch outcome.kind {
        case .committed(.stored(let id)), .committed(.duplicate(let id)):
            (self.id, reason, message, nearDuplicates) = (id.hex, nil, nil, nil)
        case .committed(.nearDuplicate(let id, let matches)), .committed(.diverted(let id, let matches)):
            let best = matches[0]
            let kept = outcome.committed?.addsRecord == true
            (self.id, reason) = (id.hex, nil)
            message =
                "\(kept ? "stored, resembles" : "not stored, diverted onto") \(best.id) (similarity \(best.similarity))"
            nearDuplicates = matches
        case .committed(.rejected(let rejection)):
            (id, reason, message, nearDuplicates) = (nil, rejection.reason.rawValue, rejection.message, nil)
        case .failed(let error):
            (id, reason, message, nearDuplicates) = (nil, nil, error.description, nil)
        }
    }

    /// `stored         2a12523330ba2c24  seeds/000_….txt` or `rejected       binary  path: message`.
    var text: String {
        let label = Output.padded(outcome, 14)
        if let id { return "\(label) \(id)  \(path)\(message.map { ": \($0)" } ?? "")" }
        if let reason { return "\(label) \(reason)  \(path): \(message ?? "")" }
        return "\(label) \(path): \(message ?? "")"
    }
}

/// `ingest --json` output.
struct IngestReport: Encodable {
    let store: String
    let flushPolicy: String
    let flushReason: String
    let summary: IngestSummary
    let outcomes: [OutcomeLine]?

    enum CodingKeys: String, CodingKey {
        case store, summary, outcomes
        case flushPolicy = "flush_policy"
        case flushReason = "flush_reason"
    }
}
