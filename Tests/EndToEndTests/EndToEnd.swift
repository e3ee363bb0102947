import Testing

/// The end-to-end suites run one test at a time: each starts real daemons that move thousands of
/// files, and on two cores several at once would turn timing-sensitive checks (settling, latency)
/// into tests of the scheduler.
@Suite(.serialized) enum EndToEnd {}
