import Articles
import Foundation

/// The real articles the benchmarks run on: the files of the BBC development corpus.
///
/// The corpus is `$NEWSDROP_CORPUS` when set, else `../shared/corpus/bbc-dev` beside the repository
/// (found from this source file's location, then from the working directory).
public struct BenchmarkCorpus: Sendable {
    /// The folder the files were read from.
    public let folder: URL
    /// Every file's bytes, in path order.
    public let files: [[UInt8]]

    /// Reads every regular, non-hidden file under the corpus folder (recursively), in path order.
    ///
    /// Exits the process with status 2 and a message on stderr when the corpus cannot be found or
    /// holds no file: a benchmark without its input has nothing to measure.
    public init() {
        guard let folder = Self.locate() else {
            Self.fail(
                "corpus not found: set NEWSDROP_CORPUS, or put it at ../shared/corpus/bbc-dev beside the repository")
        }
        var paths: [URL] = []
        let keys: [URLResourceKey] = [.isRegularFileKey]
        if let walker = FileManager.default.enumerator(
            at: folder, includingPropertiesForKeys: keys, options: [.skipsHiddenFiles])
        {
            for case let url as URL in walker where (try? url.resourceValues(forKeys: Set(keys)))?.isRegularFile == true
            {
                paths.append(url)
            }
        }
        paths.sort { $0.path < $1.path }
        let files = paths.compactMap { url in (try? Data(contentsOf: url)).map { [UInt8]($0) } }
        guard !files.isEmpty else { Self.fail("the corpus \(folder.path) holds no readable file") }
        self.folder = folder
        self.files = files
    }

    /// `count` files spread evenly over the corpus (every k-th in path order, so every category
    /// takes part), repeating the corpus when it holds fewer.
    ///
    /// - Parameter count: how many files to return.
    /// - Returns: the files' bytes.
    public func sample(_ count: Int) -> [[UInt8]] {
        (0..<count).map { files[(count <= files.count ? $0 * files.count / count : $0) % files.count] }
    }

    /// `count` understood articles with distinct content ids, spread over the corpus like `sample(_:)`.
    ///
    /// - Parameter count: how many articles to return; fewer when the corpus has fewer distinct ones.
    /// - Returns: the decoded, identified and parsed articles.
    public func distinctArticles(_ count: Int) -> [Article] {
        var seen: Set<String> = []
        var articles: [Article] = []
        for bytes in sample(files.count) {
            guard let article = try? Article(bytes: bytes), seen.insert(article.id.hex).inserted else { continue }
            articles.append(article)
            if articles.count == count { break }
        }
        return articles
    }

    private static func locate() -> URL? {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["NEWSDROP_CORPUS"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit)
        }
        // This file is Benchmarks/Sources/BenchmarkCorpus/BenchmarkCorpus.swift in the repository.
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let workingDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let candidates = [
            repository.deletingLastPathComponent(),
            workingDirectory.deletingLastPathComponent(),
            workingDirectory.deletingLastPathComponent().deletingLastPathComponent(),
        ].map { $0.appendingPathComponent("shared/corpus/bbc-dev") }
        var isFolder: ObjCBool = false
        return candidates.first {
            FileManager.default.fileExists(atPath: $0.path, isDirectory: &isFolder) && isFolder.boolValue
        }
    }

    private static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("benchmarks: \(message)\n".utf8))
        exit(2)
    }
}
