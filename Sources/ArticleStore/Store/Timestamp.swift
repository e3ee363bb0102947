import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// The store's time format: ISO 8601 in UTC with milliseconds, `2026-11-23T11:16:28.123Z`.
public enum Timestamp {
    /// Formats a time.
    ///
    /// - Parameter date: the time.
    /// - Returns: e.g. `2026-11-23T11:16:28.123Z`.
    public static func string(from date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(milliseconds.quotientAndRemainder(dividingBy: 1000).quotient)
        var millis = Int(milliseconds % 1000)
        if millis < 0 {
            millis += 1000
            seconds -= 1
        }
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int = 2) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday))T"
            + "\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec)).\(pad(Int32(millis), 3))Z"
    }

    /// The UTC day of a time, `2026-11-23`: the folder rejections are filed under.
    public static func day(of date: Date) -> String {
        String(string(from: date).prefix(10))
    }

    /// Parses the store's time format back.
    ///
    /// - Parameter text: `YYYY-MM-DDTHH:MM:SS(.mmm)Z`.
    /// - Returns: the time, or `nil` when `text` has another form.
    public static func date(from text: String) -> Date? {
        let fields = text.split(whereSeparator: { "-T:.Z".contains($0) }).compactMap { Int($0) }
        guard fields.count == 6 || fields.count == 7, text.hasSuffix("Z") else { return nil }
        var parts = tm()
        parts.tm_year = Int32(fields[0] - 1900)
        parts.tm_mon = Int32(fields[1] - 1)
        parts.tm_mday = Int32(fields[2])
        parts.tm_hour = Int32(fields[3])
        parts.tm_min = Int32(fields[4])
        parts.tm_sec = Int32(fields[5])
        let seconds = timegm(&parts)
        return Date(timeIntervalSince1970: Double(seconds) + Double(fields.count == 7 ? fields[6] : 0) / 1000)
    }
}
