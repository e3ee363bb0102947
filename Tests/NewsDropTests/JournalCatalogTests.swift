import Events
import Foundation
import Logging
import NewsDrop
import TestSupport
import Testing

@Suite struct JournalCatalogTests {
    @Test func everyEventHasACatalogEntryAndEveryEntryAnEvent() throws {
        let catalog = try String(
            contentsOf: Fixtures.repositoryRoot.appendingPathComponent("deploy/newsdrop.catalog"), encoding: .utf8)
        let ids = catalog.split(separator: "\n").filter { $0.hasPrefix("-- ") }.map { String($0.dropFirst(3)) }
        #expect(Set(ids) == Set(DaemonEvent.allCases.map(\.messageID)))
        #expect(ids.count == Set(ids).count)
        #expect(ids.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) })
    }

    @Test func everyEventIsWrittenThroughTheTypedAPI() throws {
        // A string literal key would write an event that has no MESSAGE_ID or catalog entry.
        let sources = Fixtures.repositoryRoot.appendingPathComponent("Sources")
        let files =
            FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL }
            ?? []
        let offenders = try files.filter { $0.pathExtension == "swift" && !$0.path.contains("/Sources/Events/") }.filter
        { file in
            try String(contentsOf: file, encoding: .utf8).contains("\"\(DaemonEvent.metadataKey)\"")
        }
        #expect(offenders.map(\.lastPathComponent) == [])
        #expect(!DaemonEvent.allCases.isEmpty)
    }

    @Test func everyEventHasAUniqueMessageID() {
        let ids = DaemonEvent.allCases.map(\.messageID)
        #expect(Set(ids).count == ids.count)
        #expect(Logger.Metadata.event(.indexRebuild)[DaemonEvent.metadataKey] == "index-rebuild")
    }
}
