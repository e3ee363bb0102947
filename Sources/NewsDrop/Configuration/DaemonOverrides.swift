import ArticleStore
import DurableFiles
import Logging
import SystemPackage

/// Settings given on the command line; each one given overrides the configuration file.
public struct DaemonOverrides: Sendable, Equatable {
    public var inbox: FilePath?
    public var store: FilePath?
    public var processed: FilePath?
    public var duplicates: FilePath?
    public var rejected: FilePath?
    public var deleteProcessed: Bool?
    public var deleteDuplicates: Bool?
    public var ignore: [String]?
    public var settle: Duration?
    public var rescanInterval: Duration?
    public var pollInterval: Duration?
    public var maxSize: Int?
    public var batchSize: Int?
    public var nearDuplicatePolicy: NearDuplicatePolicy?
    public var nearDuplicateThreshold: Double?
    public var logLevel: Logger.Level?
    public var logOutcomes: OutcomeLogging?
    public var instance: String?
    public var metricsFile: FilePath?
    public var metricsInterval: Duration?
    public var flush: FlushSetting?

    /// No overrides.
    public init() {}

    /// `configuration` with every given override applied.
    public func applied(to configuration: DaemonConfiguration) -> DaemonConfiguration {
        var result = configuration
        if let inbox { result.inbox = inbox }
        if let store { result.store = store }
        if let processed { result.processed = processed }
        if let duplicates { result.duplicates = duplicates }
        if let rejected { result.rejected = rejected }
        if let deleteProcessed { result.deleteProcessed = deleteProcessed }
        if let deleteDuplicates { result.deleteDuplicates = deleteDuplicates }
        if let ignore { result.ignore = ignore }
        if let settle { result.settle = settle }
        if let rescanInterval { result.rescanInterval = rescanInterval }
        if let pollInterval { result.pollInterval = pollInterval }
        if let maxSize { result.maxSize = maxSize }
        if let batchSize { result.batchSize = batchSize }
        if let nearDuplicatePolicy { result.nearDuplicates.policy = nearDuplicatePolicy }
        if let nearDuplicateThreshold { result.nearDuplicates.threshold = nearDuplicateThreshold }
        if let logLevel { result.logLevel = logLevel }
        if let logOutcomes { result.logOutcomes = logOutcomes }
        if let instance { result.instance = instance }
        if let metricsFile { result.metricsFile = metricsFile }
        if let metricsInterval { result.metricsInterval = metricsInterval }
        if let flush { result.flush = flush }
        return result
    }
}

extension DaemonConfiguration {
    /// The configuration file systemd runs use when `--config` is not given.
    public static let systemConfigurationFile: FilePath = "/etc/newsdrop/newsdrop.json"

    /// Builds the daemon's configuration: defaults (the store from `$NEWSDROP_STORE` when set),
    /// then the configuration file, then the command-line overrides.
    ///
    /// - Parameters:
    ///   - file: the configuration file, if any.
    ///   - overrides: the command-line settings.
    ///   - environment: the process environment.
    /// - Throws: `ConfigurationError`.
    public static func resolve(
        file: FilePath?, overrides: DaemonOverrides, environment: [String: String]
    ) throws(ConfigurationError) -> DaemonConfiguration {
        var configuration = DaemonConfiguration()
        configuration.store = StoreLocation.resolve(flag: nil, environment: environment)
        if let file { configuration = try ConfigurationFile.load(file, over: configuration) }
        return overrides.applied(to: configuration)
    }

    /// The configuration file to read: `explicit` when given, else the system file when running
    /// under systemd (`INVOCATION_ID` is set) and it exists, else none.
    public static func configurationFile(explicit: String?, environment: [String: String]) -> FilePath? {
        if let explicit { return FilePath(explicit) }
        guard environment["INVOCATION_ID"] != nil, (try? systemConfigurationFile.stat()) != nil else { return nil }
        return systemConfigurationFile
    }
}
