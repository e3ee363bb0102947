/// What an index keeps in memory of a segment: the first key of every block (the fences) and each
/// block's `BlockFilter`, 9 bytes per article in all.
///
/// `SegmentWriter` hands them over once it has written them, so that the index adopts a segment it
/// just flushed or merged without reading them back from the file: during the largest merge of a
/// million-file drop a read-back made a third copy of about 9 MB, beside the inputs' and the writer's.
struct SegmentFences: Sendable {
    /// The first key of every block, in native byte order.
    var fences: [UInt32]
    /// The blocks' filters, `BlockFilter.wordsPerBlock` words per block, in native byte order.
    var filters: [UInt64]
}
