import ArgumentParser
import ArticleStore
import Articles

extension Newsdrop {
    /// `newsdrop similar ID`
    struct Similar: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "List an article's near-duplicates: older ones it resembles, newer ones that resemble it, texts diverted onto it.",
            discussion:
                "ID may be any unique prefix of a content id. Similarity is the Jaccard similarity of the two texts' word pairs."
        )

        @OptionGroup var storeOptions: StoreOptions

        @Argument(help: ArgumentHelp("A content id, or a unique prefix of one.", valueName: "id"))
        var id: String

        @Flag(help: "Print JSON.")
        var json = false

        func validate() throws {
            try StoreOptions.validate(id: id)
        }

        func run() throws {
            let store = try storeOptions.open()
            do {
                let match = try storeOptions.resolve(id, in: store)
                let similar = try store.similar(to: match)
                if json {
                    try Output.json(SimilarReport(id: match.hex, nearDuplicates: similar))
                    return
                }
                guard !similar.isEmpty else {
                    print("\(match) has no near-duplicates")
                    return
                }
                for entry in similar {
                    let relation = Output.padded(entry.relation.rawValue, 9)
                    print(
                        "\(entry.id)  \(Output.fixed(entry.similarity, 3))  \(relation)  \(entry.title ?? "(not stored)")"
                    )
                }
            } catch let error as StoreError {
                throw CommandFailure(error.description)
            }
        }
    }
}

/// `similar --json` output.
struct SimilarReport: Encodable {
    let id: String
    let nearDuplicates: [SimilarArticle]

    enum CodingKeys: String, CodingKey {
        case id
        case nearDuplicates = "near_duplicates"
    }
}
