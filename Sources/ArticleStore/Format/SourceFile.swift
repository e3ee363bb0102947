import Articles

/// An input file as newsdrop saw it: the facts recorded with every sighting.
public struct SourceFile: Sendable, Equatable, Codable {
    /// Makes a sighting unique and its recording idempotent: recording the same key twice (a
    /// daemon finishing a claim after a crash) stores one sighting. A new key per ingestion.
    public var key: String
    /// The file's name (invalid UTF-8 shown as U+FFFD).
    public var file: String
    /// The full path it had when it was read.
    public var path: String
    /// Its size in bytes.
    public var size: Int
    /// The producer's sequence number, from a `NNN_<16 hex>.ext` name.
    public var sourceSeq: Int?
    /// The producer's 16-hex-digit hash, from a `NNN_<16 hex>.ext` name. Recorded, not trusted.
    public var sourceHash: String?
    /// The host that read it.
    public var host: String
    /// What read it: `ingest` (one-shot) or `daemon`.
    public var via: String

    /// Describes an input file; the producer fields come from its name.
    ///
    /// - Parameters:
    ///   - key: a key unique to this sighting.
    ///   - file: the file name.
    ///   - path: the full path.
    ///   - size: the size in bytes.
    ///   - host: the reading host's name.
    ///   - via: `ingest` or `daemon`.
    public init(key: String, file: String, path: String, size: Int, host: String, via: String) {
        self.key = key
        self.file = file
        self.path = path
        self.size = size
        let producer = ProducerFileName(file)
        self.sourceSeq = producer?.sequence
        self.sourceHash = producer?.hash
        self.host = host
        self.via = via
    }

    enum CodingKeys: String, CodingKey {
        case key, file, path, size, host, via
        case sourceSeq = "source_seq"
        case sourceHash = "source_hash"
    }

    /// Writes the fields in reading order.
    func write(to writer: inout JSONWriter) {
        writer.field(CodingKeys.key.rawValue, key)
        writer.field(CodingKeys.file.rawValue, file)
        writer.field(CodingKeys.path.rawValue, path)
        writer.field(CodingKeys.size.rawValue, size)
        writer.field(CodingKeys.sourceSeq.rawValue, sourceSeq)
        writer.field(CodingKeys.sourceHash.rawValue, sourceHash)
        writer.field(CodingKeys.host.rawValue, host)
        writer.field(CodingKeys.via.rawValue, via)
    }
}
