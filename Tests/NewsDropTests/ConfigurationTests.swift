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
             "log_outcomes": "batch", "flush": "fsync"}
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
        #expect(config.flush == .fsync)
        #expect(DaemonConfiguration().flush == .auto)
        #expect(config.layout.duplicates == folder.path("etc/in/duplicates"))
    }

    @Test func flagsOverrideTheFileWhichOverridesDefaults() throws {
        let folder = try TemporaryDirectory()
        let file = try folder.write(
            "c.json", #"{"settle_ms": 250, "batch_size": 8, "log_outcomes": "batch", "flush": "fsync"}"#)
        var overrides = DaemonOverrides()
        overrides.batchSize = 64
        overrides.logOutcomes = .each
        overrides.flush = .syncfs
        let config = try DaemonConfiguration.resolve(
            file: FilePath(file.path), overrides: overrides, environment: ["NEWSDROP_STORE": "/env/store"])
        #expect(config.batchSize == 64)
        #expect(config.logOutcomes == .each)
        #expect(config.flush == .syncfs)
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
        (#"{"flush": "sometimes"}"#, "flush"), (#"{"flush": true}"#, "flush"),
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

    @Test func aBadFlushValueSaysWhatIsAllowed() throws {
        let folder = try TemporaryDirectory()
        let file = try folder.write("c.json", #"{"flush": "fdatasync"}"#)
        #expect(throws: ConfigurationError.self) { try ConfigurationFile.load(FilePath(file.path)) }
        do {
            _ = try ConfigurationFile.load(FilePath(file.path))
        } catch {
            #expect(error.description.contains("auto, syncfs, fsync"), "\(error)")
        }
    }

    @Test func statusFileCarriesTheFlushPolicyAndReadsWithoutIt() throws {
        var status = DaemonStatus(instance: "i", host: "h", pid: 1, inbox: "/in", store: "/s", started: "t")
        status.flushPolicy = "fsync"
        status.flushReason = "fuse: syncfs reaches no server"
        let json = try #require(String(data: try JSONEncoder().encode(status), encoding: .utf8))
        #expect(json.contains(#""flush_policy":"fsync""#))
        #expect(json.contains(#""flush_reason":"fuse: syncfs reaches no server""#))
        #expect(try JSONDecoder().decode(DaemonStatus.self, from: Data(json.utf8)) == status)
        // A status file of an older daemon has no flush fields.
        let older = DaemonStatus(instance: "i", host: "h", pid: 1, inbox: "/in", store: "/s", started: "t")
        let decoded = try JSONDecoder().decode(DaemonStatus.self, from: try JSONEncoder().encode(older))
        #expect(decoded.flushPolicy == nil)
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
