import Foundation
import Logging
import NewsDrop
import SystemPackage
import TestSupport
import Testing

@Suite struct ConfigurationTests {
    @Test func everyKeyIsReadAndRelativePathsFollowTheFile() throws {
        let folder = try TemporaryDirectory()
        let file = try folder.write(
            "etc/newsdrop.json",
            """
            {"inbox": "in", "store": "/srv/store", "processed_dir": "done", "duplicates_dir": null, "rejected_dir": "/srv/bad",
             "on_processed": "delete", "on_duplicate": "keep", "ignore": ["*.skip"], "settle_ms": 250, "rescan_seconds": 30,
             "poll_seconds": 5, "max_size_bytes": 1000, "batch_size": 8, "log_level": "debug", "instance": "east",
             "log_outcomes": "batch"}
            """)
        let config = try ConfigurationFile.load(FilePath(file.path))
        #expect(config.inbox == folder.path("etc/in"))
        #expect(config.store == "/srv/store")
        #expect(config.processed == folder.path("etc/done"))
        #expect(config.duplicates == nil)
        #expect(config.rejected == "/srv/bad")
        #expect(config.deleteProcessed && !config.deleteDuplicates)
        #expect(config.ignore == ["*.skip"])
        #expect(config.settle == .milliseconds(250))
        #expect(config.rescanInterval == .seconds(30))
        #expect(config.pollInterval == .seconds(5))
        #expect(config.maxSize == 1000)
        #expect(config.batchSize == 8)
        #expect(config.logLevel == .debug)
        #expect(config.instance == "east")
        #expect(config.logOutcomes == .batch)
        #expect(DaemonConfiguration().logOutcomes == .each)
        #expect(config.layout.duplicates == folder.path("etc/in/duplicates"))
    }

    @Test func flagsOverrideTheFileWhichOverridesDefaults() throws {
        let folder = try TemporaryDirectory()
        let file = try folder.write("c.json", #"{"settle_ms": 250, "batch_size": 8, "log_outcomes": "batch"}"#)
        var overrides = DaemonOverrides()
        overrides.batchSize = 64
        overrides.logOutcomes = .each
        let config = try DaemonConfiguration.resolve(
            file: FilePath(file.path), overrides: overrides, environment: ["NEWSDROP_STORE": "/env/store"])
        #expect(config.batchSize == 64)
        #expect(config.logOutcomes == .each)
        #expect(config.settle == .milliseconds(250))
        #expect(config.store == "/env/store")
        #expect(config.rescanInterval == .seconds(60))
        #expect(config.inbox == "inbox")
    }

    @Test func systemFileIsUsedOnlyUnderSystemd() {
        #expect(DaemonConfiguration.configurationFile(explicit: "/x.json", environment: [:]) == "/x.json")
        #expect(DaemonConfiguration.configurationFile(explicit: nil, environment: [:]) == nil)
    }

    @Test(arguments: [
        (#"{"batch_size": 0}"#, "batch_size"), (#"{"batch_size": true}"#, "batch_size"),
        (#"{"settle_ms": 1.5}"#, "settle_ms"),
        (#"{"ignore": "*.tmp"}"#, "ignore"), (#"{"log_level": "loud"}"#, "log_level"),
        (#"{"log_outcomes": "some"}"#, "log_outcomes"),
        (#"{"instance": "a/b"}"#, "instance"),
        (#"{"inbox": ""}"#, "inbox"), (#"{"extra": 1}"#, "extra"),
    ])
    func invalidValuesNameTheirKey(json: String, key: String) throws {
        let folder = try TemporaryDirectory()
        let file = try folder.write("c.json", json)
        do {
            _ = try ConfigurationFile.load(FilePath(file.path))
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.key == key)
            #expect(error.description.contains("'\(key)'"))
        }
    }

    @Test func statusSummaryIsOneShortLine() {
        var status = DaemonStatus(
            instance: "i", host: "h", pid: 1, inbox: "/var/lib/newsdrop/inbox", store: "/s", started: "t")
        status.state = .watching
        status.mode = "inotify"
        status.storeArticles = 2127
        status.sinceStart.duplicates = 98
        status.sinceStart.rejected = 1
        #expect(
            status.summary
                == "watching /var/lib/newsdrop/inbox (inotify) · 2,127 stored · 98 duplicates · 1 rejected · queue 0")
    }
}
