import ArgumentParser
import Articles
import ArticleStore

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
            guard !id.isEmpty, id.count <= ContentID.length, id.utf8.allSatisfy(ContentID.isHexDigit) else {
                throw ValidationError("'\(id)' is not a content id: expected up to 16 hex digits.")
            }
        }

        func run() throws {
            let store = try storeOptions.open()
            do {
                let matches = try store.ids(withPrefix: id)
                guard let match = matches.first else { throw CommandFailure("no article with id \(id) in \(store.layout.root)") }
                guard matches.count == 1 else {
                    throw CommandFailure("\(id) is ambiguous: \(matches.prefix(10).map(\.hex).joined(separator: ", "))\(matches.count > 10 ? ", …" : "")")
                }
                guard let record = try store.record(match) else { throw CommandFailure("article \(match) vanished while reading") }
                let sightings = try store.sightings(of: match)
                if json {
                    try Output.json(ShownArticle(article: record, sightings: sightings, path: store.layout.record(match).string))
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
            if let raw = record.publishedRaw { print("  published   \(record.published ?? "(not recognised)")  [\(raw)]") }
            print("  words       \(Output.count(record.wordCount))")
            print("  encoding    \(record.sourceEncoding)")
            print("  first seen  \(record.firstSeen)")
            print("  record      \(path)")
            print("")
            print("Sightings (\(sightings.count)):")
            for sighting in sightings {
                let source = sighting.source
                var line = "  \(sighting.seen)  \(source.file)  \(Output.count(source.size)) bytes"
                if let seq = source.sourceSeq, let hash = source.sourceHash { line += "  producer seq \(seq) hash \(hash)" }
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
