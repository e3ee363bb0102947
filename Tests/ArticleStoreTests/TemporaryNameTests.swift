import DurableFiles
import Foundation
import SystemPackage
import TestSupport
import Testing

@testable import ArticleStore

#if canImport(Glibc)
    import Glibc
#endif

/// Temp file names: shaped so that GlusterFS places a temp file where it places its target (its
/// `rsync-hash-regex`, by default `^\.(.+)\.[^.]+$`, captures the target's name), and readable back
/// for the cleanup of dead writers' leftovers — of this release's names and the earlier `.tmp.` ones.
@Suite struct TemporaryNameTests {
    /// GlusterFS's default `cluster.rsync-hash-regex`.
    private static let glusterHashPattern = #"^\.(.+)\.[^.]+$"#

    /// The part of `name` that GlusterFS hashes to place it: the capture, or the whole name.
    private func glusterHashedName(_ name: String) throws -> String {
        let regex = try NSRegularExpression(pattern: Self.glusterHashPattern)
        let whole = NSRange(name.startIndex..., in: name)
        guard let match = regex.firstMatch(in: name, range: whole), let range = Range(match.range(at: 1), in: name)
        else { return name }
        return String(name[range])
    }

    @Test(arguments: [
        "0123456789abcdef.json", "0123456789abcdef.fedcba9876543210.json", "0123456789abcdef-fedcba9876543210.json",
        "hostA-12.0123456789abcdef.json", "newsdrop-store.json",
    ])
    func aTempFileIsPlacedByItsTargetsName(target: String) throws {
        let name = TemporaryName.make(for: target, token: "0123456789abcdef")
        #expect(try glusterHashedName(name) == target)
        #expect(TemporaryName.isTemporary(name))
        #expect(TemporaryName.writer(of: name)?.host == TemporaryName.host)
        #expect(TemporaryName.writer(of: name)?.pid == getpid())
        let path = TemporaryName.path(for: FilePath("/store/articles/012").appending(target), token: "ab")
        #expect(path.removingLastComponent() == FilePath("/store/articles/012"))
        #expect(try glusterHashedName(path.lastComponent!.string) == target)
    }

    @Test func theHostInATempNameHasNoDot() {
        #expect(!TemporaryName.host.contains("."))
        #expect(!TemporaryName.host.contains("~"))
        #expect(!TemporaryName.host.isEmpty)
    }

    @Test func earlierReleasesTempNamesAreStillTempNames() {
        let legacy = ".tmp.\(HostName.current).4194304.0123456789abcdef"
        #expect(TemporaryName.isTemporary(legacy))
        #expect(TemporaryName.writer(of: legacy)?.pid == 4_194_304)
        #expect(TemporaryName.writer(of: legacy)?.host == TemporaryName.host)
        #expect(!TemporaryName.mayBeInUse(name: legacy, modifiedSecondsAgo: 1))
    }

    @Test(arguments: [
        "0123456789abcdef.json", ".hidden", ".tmp", "..tmp~a~1~b", ".x.tmp", ".x.tmpfoo", "x.tmp~a~1~b", ".x.json.tmp",
    ])
    func otherNamesAreNotTempNames(name: String) {
        #expect(!TemporaryName.isTemporary(name))
        #expect(!TemporaryName.isTemporary(Array(name.utf8)[...]))
    }

    @Test func whetherATempFileMayBeInUseFollowsItsWriter() {
        let mine = TemporaryName.make(for: "a.json", token: "01")
        #expect(TemporaryName.mayBeInUse(name: mine, modifiedSecondsAgo: 1_000_000))
        // A writer on this host whose pid is not alive (pid_max is at most 2^22).
        let dead = ".a.json.\(TemporaryName.suffixMark)\(TemporaryName.host)~4194304~01"
        #expect(!TemporaryName.mayBeInUse(name: dead, modifiedSecondsAgo: 1))
        // Another host's: in use for a day, since its process cannot be checked from here.
        let remote = ".a.json.\(TemporaryName.suffixMark)elsewhere~4194304~01"
        #expect(TemporaryName.mayBeInUse(name: remote, modifiedSecondsAgo: 3600))
        #expect(!TemporaryName.mayBeInUse(name: remote, modifiedSecondsAgo: 25 * 3600))
        #expect(!TemporaryName.mayBeInUse(name: ".a.json.tmp~bad", modifiedSecondsAgo: 1))
    }
}
