import Foundation
import TestSupport
import Testing

extension EndToEnd {
    @Suite struct DaemonBadInputTests {
        @Test func badInputsGetTheirDocumentedOutcomeAndTheDaemonKeepsRunning() async throws {
            let folder = try TemporaryDirectory()
            let daemon = DaemonUnderTest(folder: folder.url, extraArguments: ["--max-size", "2000"])
            try await daemon.start()
            try daemon.drop("binary.txt", [0x41, 0x00, 0x42])
            try daemon.drop("empty.txt", [])
            try daemon.drop("huge.txt", String(repeating: "word ", count: 1000))
            try daemon.drop("undecodable.txt", Array("Title ".utf8) + [0xC3, 0x28, 0x81])
            try daemon.drop("new\nline.txt", SyntheticArticles.text(1))
            try daemon.drop(
                String(decoding: [0x62, 0x61, 0x64], as: UTF8.self) + "-name.txt", SyntheticArticles.text(2))
            // A name holding bytes that are not UTF-8.
            let staging = daemon.inbox.appendingPathComponent(".stage-invalid")
            try Data(SyntheticArticles.text(3).utf8).write(to: staging)
            let invalidName = Array((daemon.inbox.path + "/raw-").utf8) + [0xFF, 0xFE] + Array(".txt".utf8) + [0]
            let renamed = invalidName.withUnsafeBufferPointer { name in
                name.withMemoryRebound(to: CChar.self) { rename(staging.path, $0.baseAddress!) }
            }
            #expect(renamed == 0)
            try FileManager.default.createSymbolicLink(
                atPath: daemon.inbox.appendingPathComponent("shadow.txt").path, withDestinationPath: "/etc/passwd")
            #expect(mkfifo(daemon.inbox.appendingPathComponent("fifo.txt").path, 0o644) == 0)
            try FileManager.default.createDirectory(
                at: daemon.inbox.appendingPathComponent("subfolder"), withIntermediateDirectories: true)
            try Data(SyntheticArticles.text(4).utf8).write(
                to: daemon.inbox.appendingPathComponent("subfolder/inside.txt"))
            try daemon.drop("ignored.part", SyntheticArticles.text(5))
            // Created and deleted before the daemon can claim it: must not disturb anything.
            for index in 0..<20 {
                let path = daemon.inbox.appendingPathComponent("fleeting-\(index).txt").path
                _ = FileManager.default.createFile(atPath: path, contents: Data("x".utf8))
                unlink(path)
            }

            try await daemon.waitForDisposed(9, timeout: .seconds(20))
            let rejected = files(in: daemon.outcomeFolder("rejected"))
            let expected = [
                "binary.txt": "binary", "empty.txt": "empty", "huge.txt": "too-large", "undecodable.txt": "undecodable",
                "shadow.txt": "symlink", "fifo.txt": "not-a-regular-file",
            ]
            for (name, reason) in expected {
                #expect(rejected.contains(name), "\(name) not in rejected/: \(rejected)")
                let reasonFile = daemon.outcomeFolder("rejected").appendingPathComponent("\(name).reason.json")
                let json = try JSONSerialization.jsonObject(with: Data(contentsOf: reasonFile)) as? [String: Any]
                #expect(json?["reason"] as? String == reason, "\(name)")
                #expect((json?["message"] as? String)?.isEmpty == false)
            }
            let processed = files(in: daemon.outcomeFolder("processed"))
            #expect(processed.contains("new\nline.txt"))
            #expect(processed.contains("bad-name.txt"))
            #expect(processed.count == 3)  // and the name with invalid UTF-8 bytes
            // The symlink itself was moved, its target untouched and not stored.
            let link = daemon.outcomeFolder("rejected").appendingPathComponent("shadow.txt")
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == "/etc/passwd")
            // Ignored and sub-folder inputs stay where they are.
            #expect(
                FileManager.default.fileExists(atPath: daemon.inbox.appendingPathComponent("subfolder/inside.txt").path)
            )
            #expect(FileManager.default.fileExists(atPath: daemon.inbox.appendingPathComponent("ignored.part").path))
            #expect(daemon.command?.process.isRunning == true)
            #expect(daemon.status()?["state"] as? String == "watching")
            let stats = try await newsdropJSON(["stats", "--store", daemon.store.path, "--json"])
            #expect(stats.int("articles") == 3)
            #expect(stats.int("rejected") == 6)
            #expect(try await daemon.stop()?.status == 0)
        }
    }
}
