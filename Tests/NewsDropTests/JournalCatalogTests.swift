import Foundation
import NewsDrop
import Testing
import TestSupport

@Suite struct JournalCatalogTests {
    @Test func everyEventHasACatalogEntryAndEveryEntryAnEvent() throws {
        let catalog = try String(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("deploy/newsdrop.catalog"), encoding: .utf8)
        let ids = catalog.split(separator: "\n").filter { $0.hasPrefix("-- ") }.map { String($0.dropFirst(3)) }
        #expect(Set(ids) == Set(DaemonEvent.allCases.map(\.messageID)))
        #expect(ids.count == Set(ids).count)
        #expect(ids.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) })
    }
}
