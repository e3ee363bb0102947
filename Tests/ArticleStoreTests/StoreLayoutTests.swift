import Articles
import SystemPackage
import Testing

@testable import ArticleStore

/// The text shortcuts for the paths feed entries name must give what taking the full path apart does.
@Suite struct StoreLayoutTests {
    let ids = ["2a12523330ba2c24", "0000000000000000", "ffffffffffffffff"].compactMap(ContentID.init)

    @Test(arguments: ["/var/lib/newsdrop/store", "relative/store", "/"])
    func relativeRecordIsTheRecordsPathInsideTheStore(root: String) {
        let layout = StoreLayout(root: FilePath(root))
        for id in ids {
            #expect(layout.relativeRecord(id) == layout.relative(layout.record(id)))
            #expect(
                layout.relativeSighting(id, key: "0123456789abcdef")
                    == layout.relative(
                        layout.sightingShard(id).appending(StoreLayout.sightingName(id, key: "0123456789abcdef"))))
        }
    }
}
