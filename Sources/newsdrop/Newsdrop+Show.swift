import ArgumentParser
import ArticleStore
import Articles

extension Newsdrop {
    /// `newsdrop show ID`
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one article with every source file that carried its content.",
            discussion: "ID may be any unique prefix of a content id."
        )

        @OptionGroup var storeOptions: StoreOptions

        @Argument(help: ArgumentHelp("A content id, or a unique prefix of one.", valueName: "id"))
        var id: String

        @Flag(help: "Print JSON: the record and its sightings.")
        var json = false

        @Flag(help: "Leave out the article text.")
        var noText = false

        func validate() throws {
            try StoreOptions.validate(id: id)
        }

        func run() throws {
            let store = try storeOptions.open()
            do {
                let match = try storeOptions.resolve(id, in: store)
                guard let record = try store.record(match) else {
                    throw CommandFailure("article \(match) vanished while reading")
                }
                let sightings = try store.sightings(of: match)
                if json {
                    try Output.json(
                        ShownArticle(article: record, sightings: sightings, path: store.layout.record(match).string))
                } else {
                    printArticle(record, sightings: sightings, path: store.layout.record(match).string)
                }
            } catch let error as StoreError {
                throw CommandFailure(error.description)
            }
        }

        private func printArticle(_ record: ArticleRecord, sightings: [Sighting], path: String) {
            print("\(record.id)  \(record.title)")
            print("  sha256      \(record.sha256)")
            if let author = record.author { print("  author      \(author)") }
            if let raw = record.publishedRaw {
                print("  published   \(record.published ?? "(not recognised)")  [\(raw)]")
            }
            print("  words       \(Output.count(record.wordCount))")
            print("  encoding    \(record.sourceEncoding)")
            print("  first seen  \(record.firstSeen)")
            print("  record      \(path)")
            print("")
            print("Sightings (\(sightings.count)):")
            for sighting in sightings {
                let source = sighting.source
                var line = "  \(sighting.seen)  \(source.file)  \(Output.count(source.size)) bytes"
                if let seq = source.sourceSeq, let hash = source.sourceHash {
                    line += "  producer seq \(seq) hash \(hash)"
                }
                line += "  via \(source.via) on \(source.host)"
                print(line)
                print("      \(source.path)")
            }
            guard !noText else { return }
            print("")
            for paragraph in record.paragraphs { print(paragraph + "\n") }
        }
    }
}

/// `show --json` output.
struct ShownArticle: Encodable {
    let article: ArticleRecord
    let sightings: [Sighting]
    let path: String
}
