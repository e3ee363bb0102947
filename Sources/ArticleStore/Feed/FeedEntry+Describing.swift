import Articles

extension FeedEntry {
    /// The entry a commit decision produces, or `nil` for a replay (its entry came with the
    /// commit that first recorded the input).
    ///
    /// - Parameters:
    ///   - decision: what the commit does with `submission`.
    ///   - submission: the input.
    ///   - at: the commit's time, as written in its files.
    ///   - layout: the store's layout, for the paths of the files the entry names.
    static func describing(
        _ decision: CommitDecision, of submission: Submission, at: String, in layout: StoreLayout
    ) -> FeedEntry? {
        let source = submission.source
        switch (decision, submission.content) {
        case (.replay, _):
            return nil
        case (.reject(let rejection), _), (.collision(let rejection), _):
            var id: ContentID?
            if case .article(let article) = submission.content { id = article.id }
            var entry = FeedEntry(event: .rejected, id: id, at: at, key: source.key, file: source.file)
            entry.rejection = layout.relative(
                layout.rejectionDay(String(at.prefix(10))).appending("\(source.key).json"))
            entry.reason = rejection.reason.rawValue
            entry.message = rejection.message
            return entry
        case (.divert(let target, let similarity), .article(let article)):
            var entry = FeedEntry(event: .diverted, id: target, at: at, key: source.key, file: source.file)
            entry.record = layout.relativeRecord(target)
            entry.sighting = layout.relativeSighting(target, key: source.key)
            entry.nearDuplicate = NearDuplicate(id: article.id, similarity: similarity)
            return entry
        case (.store, .article(let article)):
            var entry = FeedEntry(event: .stored, id: article.id, at: at, key: source.key, file: source.file)
            entry.title = article.parsed.title
            entry.record = layout.relativeRecord(article.id)
            entry.nearDuplicates = submission.nearDuplicates.isEmpty ? nil : submission.nearDuplicates
            return entry
        case (.sighting, .article(let article)):
            var entry = FeedEntry(event: .duplicate, id: article.id, at: at, key: source.key, file: source.file)
            entry.record = layout.relativeRecord(article.id)
            entry.sighting = layout.relativeSighting(article.id, key: source.key)
            return entry
        case (_, .rejected):
            preconditionFailure("a rejected submission is always decided .reject")
        }
    }
}
