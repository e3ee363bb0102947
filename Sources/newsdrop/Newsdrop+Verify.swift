import ArgumentParser
import ArticleStore

extension Newsdrop {
    /// `newsdrop verify`
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every file of the store: each record parses, hashes to its id and sits where its id says.",
            discussion: """
                Exits 0 when the store is clean, 1 when a fault remains. --repair removes stray temp files, \
                moves unreadable or mismatching files to quarantine/ and misplaced records to their place; \
                good records are never touched.
                """
        )

        @OptionGroup var storeOptions: StoreOptions

        @Flag(help: "Repair what can be repaired.")
        var repair = false

        @Flag(help: "Print the report as JSON.")
        var json = false

        @Flag(help: "Rebuild the near-duplicate index from every record (stop daemons using the store first).")
        var rebuildIndex = false

        func run() throws {
            let store = try storeOptions.open()
            let report: VerifyReport
            do { report = try StoreVerifier(store: store, repair: repair).run() } catch {
                throw CommandFailure(error.description)
            }
            if rebuildIndex {
                let indexed: Int
                do { indexed = try store.rebuildNearIndex() } catch {
                    throw CommandFailure("cannot rebuild the near-duplicate index: \(error)")
                }
                if !json { print("rebuilt the near-duplicate index: \(Output.count(indexed)) articles") }
            }
            if json {
                try Output.json(report)
            } else {
                printReport(report)
            }
            if !report.isClean { throw ExitCode.failure }
        }

        private func printReport(_ report: VerifyReport) {
            for problem in report.problems {
                var line =
                    "\(problem.isWarning ? "warning" : "error"): \(problem.kind.rawValue): \(problem.path): \(problem.message)"
                if let repair = problem.repair { line += " [repaired: \(repair)]" }
                print(line)
            }
            let checked = report.checked
            var line =
                "checked \(Output.count(checked.articles)) articles, \(Output.count(checked.sightings)) sightings, "
            line += "\(Output.count(checked.rejections)) rejections"
            if checked.inFlight > 0 { line += " (\(checked.inFlight) temp files still being written)" }
            print(line)
            let errors = report.problems.filter { !$0.isWarning }
            let open = errors.filter { $0.repair == nil }.count
            if errors.isEmpty {
                print("store is clean")
            } else if open == 0 {
                print("repaired all \(errors.count) faults; store is clean")
            } else {
                print(
                    "\(open) fault\(open == 1 ? "" : "s") remain\(open == 1 ? "s" : "")\(repair ? "" : "; 'newsdrop verify --repair' fixes what it can")"
                )
            }
        }
    }
}
