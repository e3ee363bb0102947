import ArticleStore
import DurableFiles
import FoundationEssentials
import Logging
import SystemPackage

/// Reads the daemon's JSON configuration file:
///
/// ```json
/// {
///   "inbox": "/var/lib/newsdrop/inbox",       // relative paths are relative to this file's folder
///   "store": "/var/lib/newsdrop/store",
///   "processed_dir": null, "duplicates_dir": null, "rejected_dir": null,   // default: inside the inbox
///   "on_processed": "keep", "on_duplicate": "keep",                        // or "delete"
///   "ignore": [".*", "*.tmp", "*.part", "*.partial", "*.filepart", "*.crdownload", "*~"],
///   "settle_ms": 500, "rescan_seconds": 60, "poll_seconds": null,
///   "max_size_bytes": 4194304, "batch_size": 256, "log_level": "info", "instance": null,
///   "log_outcomes": "each",                                                // or "batch"
///   "near_duplicates": "keep", "near_duplicate_threshold": 0.6,            // or "divert", "off"
///   "metrics_file": null, "metrics_interval_seconds": 15,                   // Prometheus textfile
///   "flush": "auto"                                                        // or "syncfs", "fsync"
/// }
/// ```
/// Unknown keys are errors, so a misspelt key is caught rather than silently ignored.
public enum ConfigurationFile {
    /// Every key the file may hold.
    public static let keys: Set<String> = [
        "inbox", "store", "processed_dir", "duplicates_dir", "rejected_dir", "on_processed", "on_duplicate", "ignore",
        "settle_ms", "rescan_seconds", "poll_seconds", "max_size_bytes", "batch_size", "log_level", "instance",
        "near_duplicates", "near_duplicate_threshold", "metrics_file", "metrics_interval_seconds", "log_outcomes",
        "flush",
    ]

    /// Reads `path` and applies its settings on top of `base`.
    ///
    /// - Throws: `ConfigurationError` naming the key at fault (or `file` when it cannot be read or parsed).
    public static func load(
        _ path: FilePath, over base: DaemonConfiguration = DaemonConfiguration()
    ) throws(ConfigurationError) -> DaemonConfiguration {
        let file = path.string
        let bytes: [UInt8]?
        do {
            bytes = try FileSystem.readFile(at: path, limit: 1 << 20)
        } catch {
            throw ConfigurationError(
                file: file, key: "file", problem: "cannot be read: \(error.errno) (\(error.errnoName))")
        }
        guard let bytes else { throw ConfigurationError(file: file, key: "file", problem: "is larger than 1 MiB") }
        guard let parsed = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) else {
            throw ConfigurationError(file: file, key: "file", problem: "is not valid JSON")
        }
        guard case .object(let object) = parsed else {
            throw ConfigurationError(file: file, key: "file", problem: "must hold a JSON object")
        }
        var reader = Reader(file: file, folder: path.removingLastComponent(), object: object)
        return try reader.apply(to: base)
    }

    private struct Reader {
        let file: String
        let folder: FilePath
        let object: [String: JSONValue]

        mutating func apply(to base: DaemonConfiguration) throws(ConfigurationError) -> DaemonConfiguration {
            if let unknown = object.keys.sorted().first(where: { !keys.contains($0) }) {
                throw ConfigurationError(
                    file: file, key: unknown,
                    problem: "is not a setting (known: \(keys.sorted().joined(separator: ", ")))")
            }
            var config = base
            if let value = try path("inbox") { config.inbox = value }
            if let value = try path("store") { config.store = value }
            if let value = try path("processed_dir") { config.processed = value }
            if let value = try path("duplicates_dir") { config.duplicates = value }
            if let value = try path("rejected_dir") { config.rejected = value }
            if let value = try choice("on_processed", ["keep", "delete"]) {
                config.deleteProcessed = value == "delete"
            }
            if let value = try choice("on_duplicate", ["keep", "delete"]) {
                config.deleteDuplicates = value == "delete"
            }
            if let value = try patterns("ignore") { config.ignore = value }
            if let value = try number("settle_ms", minimum: 0) { config.settle = .milliseconds(value) }
            if let value = try number("rescan_seconds", minimum: 1) { config.rescanInterval = .seconds(value) }
            if object["poll_seconds"] == .null {
                config.pollInterval = nil
            } else if let value = try number("poll_seconds", minimum: 1) {
                config.pollInterval = .seconds(value)
            }
            if let value = try number("max_size_bytes", minimum: 1) { config.maxSize = value }
            if let value = try number("batch_size", minimum: 1) { config.batchSize = value }
            if let value = try choice("near_duplicates", NearDuplicatePolicy.allCases.map(\.rawValue)) {
                config.nearDuplicates.policy = NearDuplicatePolicy(rawValue: value)!
            }
            if let value = try fraction("near_duplicate_threshold") { config.nearDuplicates.threshold = value }
            if object["metrics_file"] == .null {
                config.metricsFile = nil
            } else if let value = try path("metrics_file") {
                config.metricsFile = value
            }
            if let value = try number("metrics_interval_seconds", minimum: 1) {
                config.metricsInterval = .seconds(value)
            }
            if let value = try choice("log_level", Logger.Level.allCases.map(\.rawValue)) {
                config.logLevel = Logger.Level(rawValue: value)!
            }
            if let value = try choice("log_outcomes", OutcomeLogging.allCases.map(\.rawValue)) {
                config.logOutcomes = OutcomeLogging(rawValue: value)!
            }
            if let value = try choice("flush", FlushSetting.allCases.map(\.rawValue)) {
                config.flush = FlushSetting(rawValue: value)!
            }
            if let value = try string("instance") {
                guard !value.isEmpty, !value.contains("/"), !value.hasPrefix(".") else {
                    throw ConfigurationError(
                        file: file, key: "instance", problem: "must be a plain name without '/' or a leading '.'")
                }
                config.instance = value
            }
            return config
        }

        private func string(_ key: String) throws(ConfigurationError) -> String? {
            guard let value = object[key], value != .null else { return nil }
            guard case .string(let text) = value else {
                throw ConfigurationError(file: file, key: key, problem: "must be a string")
            }
            return text
        }

        private func path(_ key: String) throws(ConfigurationError) -> FilePath? {
            guard let text = try string(key) else { return nil }
            guard !text.isEmpty else { throw ConfigurationError(file: file, key: key, problem: "must not be empty") }
            let path = FilePath(text)
            return path.isAbsolute ? path : folder.pushing(path)
        }

        private func choice(_ key: String, _ allowed: [String]) throws(ConfigurationError) -> String? {
            guard let text = try string(key) else { return nil }
            guard allowed.contains(text) else {
                throw ConfigurationError(
                    file: file, key: key, problem: "must be one of \(allowed.joined(separator: ", ")), not \"\(text)\"")
            }
            return text
        }

        private func number(_ key: String, minimum: Int) throws(ConfigurationError) -> Int? {
            guard let value = object[key], value != .null else { return nil }
            guard case .number(let number) = value, number == number.rounded(), number >= Double(minimum), number < 1e15
            else {
                throw ConfigurationError(
                    file: file, key: key, problem: "must be a whole number ≥ \(minimum), not \(value)")
            }
            return Int(number)
        }

        private func fraction(_ key: String) throws(ConfigurationError) -> Double? {
            guard let value = object[key], value != .null else { return nil }
            guard case .number(let number) = value, (0.0...1.0).contains(number) else {
                throw ConfigurationError(file: file, key: key, problem: "must be a number from 0 to 1, not \(value)")
            }
            return number
        }

        private func patterns(_ key: String) throws(ConfigurationError) -> [String]? {
            guard let value = object[key], value != .null else { return nil }
            let problem = "must be a list of patterns such as [\"*.tmp\"]"
            guard case .array(let items) = value else {
                throw ConfigurationError(file: file, key: key, problem: problem)
            }
            var list: [String] = []
            for item in items {
                guard case .string(let pattern) = item else {
                    throw ConfigurationError(file: file, key: key, problem: problem)
                }
                list.append(pattern)
            }
            return list
        }
    }
}
