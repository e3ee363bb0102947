import ArticleStore
import Articles
import Foundation

/// A clock that always says the same time.
struct FixedClock: WallClock {
    var date = Date(timeIntervalSince1970: 1_790_000_000)
    func now() -> Date { date }
}

/// A submission of `text` as the file `name`, with a fresh or given sighting key.
func submission(
    _ text: String, name: String = "000_2a12523330ba2c24.txt", key: String = FileArticleStore.randomToken()
) throws -> Submission {
    let article = try Article(bytes: Array(text.utf8))
    return Submission(.article(article), source: source(name: name, key: key, size: text.utf8.count))
}

/// A rejected submission.
func rejectedSubmission(_ reason: RejectionReason, key: String = FileArticleStore.randomToken()) -> Submission {
    Submission(.rejected(Rejection(reason, "test rejection")), source: source(name: "bad.txt", key: key, size: 3))
}

/// A source file description.
func source(name: String, key: String, size: Int) -> SourceFile {
    SourceFile(key: key, file: name, path: "/inbox/\(name)", size: size, host: "testhost", via: "test")
}

/// The outcomes of a commit, failing the test on a store error.
func outcomes(_ results: [Result<CommitOutcome, StoreError>]) throws -> [CommitOutcome] {
    try results.map { try $0.get() }
}

let sampleText = "Markets rally\n\nShares rose on Tuesday as investors cheered the news."
let otherText = "Rates unchanged\n\nThe central bank left rates where they were."
