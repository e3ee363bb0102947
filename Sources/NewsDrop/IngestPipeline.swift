import Articles
import ArticleStore
import DurableFiles
import SystemPackage

/// The path every input takes, in `newsdrop ingest` and in the daemon alike: read it safely,
/// understand it (decode, canonicalise, hash, parse) on all cores, then commit the batch to the
/// store, which returns once every outcome is durable.
public struct IngestPipeline: Sendable {
    /// The store.
    public let store: any ArticleStoring
    /// The safe reader, which holds the size limit.
    public let reader: InputReader

    /// Creates a pipeline.
    ///
    /// - Parameters:
    ///   - store: where articles go.
    ///   - decoder: decoding settings (the size limit).
    public init(store: any ArticleStoring, decoder: ArticleDecoder = ArticleDecoder()) {
        self.store = store
        self.reader = InputReader(decoder: decoder)
    }

    /// Processes a batch of inputs.
    ///
    /// - Parameter inputs: the batch. One input is committed on its own at once; a larger batch
    ///   shares one flush (group commit).
    /// - Returns: one outcome per input, in order. Inputs that failed with an I/O fault are
    ///   `.failed` and nothing about them was recorded.
    public func process(_ inputs: [PendingInput]) -> [InputOutcome] {
        let prepared = inputs.concurrentMap { prepare($0) }
        var submissions: [Submission] = []
        var submissionIndex: [Int?] = []
        for result in prepared {
            if case .success(let submission) = result {
                submissionIndex.append(submissions.count)
                submissions.append(submission)
            } else {
                submissionIndex.append(nil)
            }
        }
        let committed = submissions.isEmpty ? [] : store.commit(submissions)
        return inputs.indices.map { index in
            let input = inputs[index]
            switch prepared[index] {
            case .failure(let error):
                return InputOutcome(path: input.readPath, kind: .failed(.input(error)), size: 0)
            case .success(let submission):
                let kind: InputOutcome.Kind
                switch committed[submissionIndex[index]!] {
                case .success(.stored(let id)): kind = .stored(id)
                case .success(.duplicate(let id)): kind = .duplicate(id)
                case .success(.rejected(let rejection)): kind = .rejected(rejection)
                case .failure(let error): kind = .failed(.store(error))
                }
                guard case .article(let article) = submission.content else {
                    return InputOutcome(path: input.readPath, kind: kind, size: submission.source.size)
                }
                return InputOutcome(
                    path: input.readPath, kind: kind, size: submission.source.size, title: article.parsed.title, sha256: article.digest.hex
                )
            }
        }
    }

    /// Reads and understands one input. Safe to call from several threads.
    ///
    /// - Returns: the submission for the store, or the I/O fault that prevented reading.
    public func prepare(_ input: PendingInput) -> Result<Submission, FileSystemError> {
        var source = input.source
        do {
            switch try reader.read(input.readPath) {
            case .rejected(let rejection, let size):
                source.size = size
                return .success(Submission(.rejected(rejection), source: source))
            case .bytes(let bytes):
                source.size = bytes.count
                do {
                    let article = try Article(bytes: bytes, decoder: reader.decoder)
                    return .success(Submission(.article(article), source: source))
                } catch {
                    return .success(Submission(.rejected(error), source: source))
                }
            }
        } catch {
            return .failure(error)
        }
    }
}
