import DurableFiles
import FoundationEssentials
import NewsDrop

#if canImport(Glibc)
    import Glibc
#endif

/// A one-line progress bar on standard error, redrawn at most ten times a second, shown only when
/// standard error is a terminal.
struct ProgressBar {
    private let enabled: Bool
    private var lastDraw = ContinuousClock.now - .seconds(1)
    private var drawn = false

    /// Creates a bar; it draws only when `wanted` and standard error is a terminal.
    init(wanted: Bool) {
        enabled = wanted && isatty(STDERR_FILENO) == 1
    }

    /// Redraws the bar for `summary` if enough time has passed.
    mutating func update(_ summary: IngestSummary) {
        guard enabled, ContinuousClock.now - lastDraw >= .milliseconds(100) else { return }
        lastDraw = .now
        let width = 30
        let fraction = summary.total > 0 ? Double(summary.processed) / Double(summary.total) : 1
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        var line = "\r\(bar) \(Output.count(summary.processed))/\(Output.count(summary.total)) files"
        line +=
            " · \(Output.fixed(summary.rate, 0))/s · \(Output.count(summary.stored)) stored · \(Output.count(summary.duplicates)) duplicate"
        if summary.rejected > 0 { line += " · \(Output.count(summary.rejected)) rejected" }
        if summary.failed > 0 { line += " · \(Output.count(summary.failed)) failed" }
        StandardError.write(line + "\u{1B}[K")
        drawn = true
    }

    /// Clears the bar's line.
    mutating func finish() {
        guard drawn else { return }
        StandardError.write("\r\u{1B}[K")
        drawn = false
    }
}
