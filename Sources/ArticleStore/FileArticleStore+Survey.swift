import DurableFiles
import FoundationEssentials
import SystemPackage

extension FileArticleStore {
    /// What a survey found.
    public struct Survey: Sendable, Equatable {
        /// Stored articles.
        public var articles = 0
        /// Temp files of writers that died (a crash mid-commit) that were removed.
        public var removedTempFiles = 0
    }

    /// Counts the articles and removes temp files left by writers that died, reading only folder
    /// listings: the shard folders of `articles/` and `sightings/`, and `rejections/`, which is
    /// where commits write temp files. The daemon runs it in the background after start-up, so a
    /// crash leaves `verify` clean once the daemon is back. Temp files of live writers (this
    /// process included) are left alone.
    ///
    /// - Throws: `StoreError` when a folder cannot be listed.
    public func survey() throws(StoreError) -> Survey {
        var survey = Survey()
        let now = Date().timeIntervalSince1970
        func sweep(_ folder: FilePath, _ entries: [DirectoryEntry]) {
            for entry in entries where entry.text.hasPrefix(TemporaryName.prefix) {
                let path = folder.appending(entry.name)
                guard let stat = try? path.stat(followTargetSymlink: false) else { continue }
                let age = now - Double(stat.st_mtim.tv_sec)
                if !TemporaryName.mayBeInUse(name: entry.text, modifiedSecondsAgo: age), (try? FileSystem.removeFile(path)) != nil {
                    survey.removedTempFiles += 1
                }
            }
        }
        for shard in try shardNames(in: layout.articles) {
            let folder = layout.articles.appending(shard)
            let entries = try entries(of: folder)
            survey.articles += entries.count { !$0.isHidden && Self.recordID($0.text) != nil }
            sweep(folder, entries)
        }
        for shard in try shardNames(in: layout.sightings) {
            let folder = layout.sightings.appending(shard)
            sweep(folder, try entries(of: folder))
        }
        for day in try visibleEntries(of: layout.rejections) {
            let folder = layout.rejections.appending(day.name)
            sweep(folder, try entries(of: folder))
        }
        return survey
    }
}
