import NearDuplicateIndex

extension StoreError {
    /// The store error for an index failure.
    init(_ error: NearIndexError) {
        switch error {
        case .fileSystem(let error): self = .fileSystem(error)
        case .corrupt(let path):
            self = .corruptFile(path, "not a readable index manifest; run 'newsdrop verify --rebuild-index'")
        case .incompatible(let path):
            self = .corruptFile(path, "built with other fingerprint parameters; run 'newsdrop verify --rebuild-index'")
        }
    }
}
