import Foundation
import TestSupport
import Testing

extension EndToEnd {
    /// Every rejection reason, each produced by a real file run through the built binary.
    @Suite struct RejectionOutcomeTests {
        private func outcomes(
            of inputs: URL, store: String, extra: [String] = []
        ) async throws -> [String: [String: Any]] {
            let report = try await newsdropJSON(
                ["ingest", "--store", store, "--json", "--verbose"] + extra + [inputs.path])
            let lines = try #require(report["outcomes"] as? [[String: Any]])
            var byName: [String: [String: Any]] = [:]
            for line in lines {
                byName[URL(fileURLWithPath: line["path"] as? String ?? "").lastPathComponent] = line
            }
            return byName
        }

        @Test func eachBadInputGetsItsReasonAndAMessage() async throws {
            let folder = try TemporaryDirectory()
            let inputs = folder.url.appendingPathComponent("inputs")
            try folder.write("inputs/empty.txt", [])
            try folder.write("inputs/blank.txt", " \n\t\u{00A0}\n")
            try folder.write("inputs/nul.txt", Array("Title\n".utf8) + [0, 1, 2])
            try folder.write("inputs/controls.txt", (0..<300).map { UInt8(1 + $0 % 8) })
            try folder.write("inputs/undecodable.txt", Array("Title ".utf8) + [0xC3, 0x28, 0x81])
            try folder.write("inputs/huge.txt", String(repeating: "word ", count: 400))
            try folder.write("inputs/good.txt", "Fine title\n\nA fine body.")
            try FileManager.default.createSymbolicLink(
                atPath: inputs.appendingPathComponent("link.txt").path, withDestinationPath: "/etc/passwd")
            #expect(mkfifo(inputs.appendingPathComponent("fifo.txt").path, 0o644) == 0)

            let byName = try await outcomes(
                of: inputs, store: folder.path("store").string, extra: ["--max-size", "1000"])
            let expected = [
                "empty.txt": "empty", "blank.txt": "whitespace-only", "nul.txt": "binary", "controls.txt": "binary",
                "undecodable.txt": "undecodable", "huge.txt": "too-large", "link.txt": "symlink",
                "fifo.txt": "not-a-regular-file",
            ]
            for (name, reason) in expected {
                #expect(byName[name]?["outcome"] as? String == "rejected", "\(name): \(byName[name] ?? [:])")
                #expect(byName[name]?["reason"] as? String == reason, "\(name)")
                #expect((byName[name]?["message"] as? String)?.isEmpty == false)
            }
            #expect(byName["good.txt"]?["outcome"] as? String == "stored")
            let stats = try await newsdropJSON(["stats", "--store", folder.path("store").string, "--json"])
            #expect(stats.int("rejected") == expected.count)
            #expect(stats.int("articles") == 1)  // nothing of /etc/passwd got in
        }

        /// Root reads every file, so this runs newsdrop as `nobody` (setpriv) on a file only root may read.
        @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")))
        func aFileNewsdropMayNotReadIsRejectedAsUnreadable() async throws {
            let folder = try TemporaryDirectory()
            try folder.write("inputs/secret.txt", "Private title\n\nPrivate body.")
            try folder.write("inputs/open.txt", "Open title\n\nOpen body.")
            #expect(chmod(folder.url.appendingPathComponent("inputs/secret.txt").path, 0o600) == 0)
            #expect(chmod(folder.url.path, 0o777) == 0)
            let store = folder.path("store").string
            let result = try await CommandRunner.run(
                [
                    "--reuid=65534", "--regid=65534", "--clear-groups", CommandRunner.newsdrop.path, "ingest",
                    "--store", store, "--json", "--verbose",
                    folder.url.appendingPathComponent("inputs").path,
                ],
                program: URL(fileURLWithPath: "/usr/bin/setpriv")
            )
            #expect(result.status == 0, "\(result.stderr)")
            let report = try #require(
                try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let lines = try #require(report["outcomes"] as? [[String: Any]])
            let secret = try #require(lines.first { ($0["path"] as? String)?.hasSuffix("secret.txt") == true })
            #expect(secret["outcome"] as? String == "rejected")
            #expect(secret["reason"] as? String == "unreadable")
            #expect((secret["message"] as? String)?.contains("EACCES") == true)
            #expect(
                lines.first { ($0["path"] as? String)?.hasSuffix("open.txt") == true }?["outcome"] as? String
                    == "stored")
        }

        @Test func differentTextUnderAStoredIdIsAnIdCollision() async throws {
            let folder = try TemporaryDirectory()
            let store = folder.path("store").string
            try folder.write("first/a.txt", "Original title\n\nOriginal body.")
            let first = try await outcomes(of: folder.url.appendingPathComponent("first"), store: store)
            let id = try #require(first["a.txt"]?["id"] as? String)
            // Rewrite the stored record as if another text had produced this id (a real 64-bit collision).
            let record = folder.url.appendingPathComponent("store/articles/\(id.prefix(3))/\(id).json")
            let forged = String(decoding: try Data(contentsOf: record), as: UTF8.self)
                .replacingOccurrences(of: "\"sha256\":\"\(id)", with: "\"sha256\":\"\(String(id.reversed()))")
            try Data(forged.utf8).write(to: record)

            try folder.write("second/b.txt", "Original title\n\nOriginal body.")
            let second = try await outcomes(of: folder.url.appendingPathComponent("second"), store: store)
            #expect(second["b.txt"]?["reason"] as? String == "id-collision")
            #expect((second["b.txt"]?["message"] as? String)?.contains(id) == true)
        }

        @Test func missingPathIsAnErrorNamingIt() async throws {
            let folder = try TemporaryDirectory()
            let result = try await CommandRunner.run([
                "ingest", "--store", folder.path("store").string, folder.path("nope").string,
            ])
            #expect(result.status == 1)
            #expect(result.stderr.contains("nope"))
            #expect(result.stderr.contains("ENOENT"))
        }
    }
}
