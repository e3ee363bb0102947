import Articles
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
    /// listings of every folder a writer puts temp files in (`tempFileFolders`). Temp names are
    /// used where unnamed files are not (FUSE and network file systems, or
    /// `NEWSDROP_UNNAMED_FILES=off`). The daemon runs it in the background after start-up, so a
    /// crash leaves `verify` clean once the daemon is back. Temp files of live writers (this
    /// process included) are left alone.
    ///
    /// - Throws: `StoreError` when a folder cannot be listed.
    public func survey() throws(StoreError) -> Survey {
        var survey = Survey()
        let now = Date().timeIntervalSince1970
        // Names are looked at as bytes, straight from the listing: a store of a million articles
        // has a million names, and only temp files need more than a glance.
        func sweep(_ folder: FilePath, countingRecords: Bool) throws(StoreError) {
            var temps: [String] = []
            do {
                try FileSystem.forEachEntry(in: folder) { name, _ in
                    if countingRecords, Self.isRecordName(name) {
                        survey.articles += 1
                    } else if TemporaryName.isTemporary(name) {
                        temps.append(String(decoding: name, as: UTF8.self))
                    }
                    return true
                }
            } catch  where error.errno == .noSuchFileOrDirectory {
                return
            } catch {
                throw .fileSystem(error)
            }
            for name in temps {
                let path = folder.appending(name)
                guard let stat = try? path.stat(followTargetSymlink: false) else { continue }
                let age = now - Double(stat.st_mtim.tv_sec)
                if !TemporaryName.mayBeInUse(name: name, modifiedSecondsAgo: age),
                    (try? FileSystem.removeFile(path)) != nil
                {
                    survey.removedTempFiles += 1
                }
            }
        }
        for folder in try tempFileFolders() {
            try sweep(folder, countingRecords: folder.removingLastComponent() == layout.articles)
        }
        return survey
    }

    /// Every folder a writer may leave temp files in: the store folder (the marker), the shards of
    /// `articles/`, `sightings/` and `near/` (records, sightings, back-links), the days of
    /// `rejections/`, and `feed/pending/` (commit intents).
    ///
    /// - Throws: `StoreError` when a folder cannot be listed.
    func tempFileFolders() throws(StoreError) -> [FilePath] {
        var folders = [layout.root]
        for parent in [layout.articles, layout.sightings, layout.near] {
            folders += try shardNames(in: parent).map { parent.appending($0) }
        }
        folders += try visibleEntries(of: layout.rejections).map { layout.rejections.appending($0.name) }
        folders.append(feed.pendingFolder)
        return folders
    }

    /// Whether a name is a record's: 16 hex digits, then `.json` (`recordID` on bytes).
    private static func isRecordName(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        name.count == ContentID.length + 5 && name[ContentID.length...].elementsEqual(".json".utf8)
            && name[..<ContentID.length].allSatisfy { ContentID.isHexDigit($0) }
    }
}
