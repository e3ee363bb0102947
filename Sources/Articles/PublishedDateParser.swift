/// Reads the many ways publishers write a date into ISO 8601.
///
/// Recognised: ISO 8601 itself (`2025-02-24T19:01:00Z`), RFC 2822 (`Mon, 24 Feb 2025 19:01:00
/// +0000`), month names in any order (`Feb, 24 2025 19:01`, `24 February 2025`, `February 24th,
/// 2025 at 7:01 pm GMT`), and numeric dates when unambiguous (`2025/02/24`, `24/02/2025`; not
/// `02/03/2025`). Unknown words (weekdays, "at", "updated") are skipped.
enum PublishedDateParser {
    private static let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    private static let monthNames = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december",
    ]
    /// Offsets in minutes of the zone abbreviations news sites use.
    private static let zones: [String: Int] = [
        "z": 0, "utc": 0, "gmt": 0, "bst": 60, "cet": 60, "cest": 120, "eet": 120, "eest": 180,
        "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420, "mdt": -360, "pst": -480,
        "pdt": -420, "ist": 330, "jst": 540, "aest": 600,
    ]

    private enum Token: Equatable {
        case word(String)
        case number(String)
        case time(hour: Int, minute: Int, second: Int)
        case offset(minutes: Int)
    }

    private struct Fields {
        var year: Int?, month: Int?, day: Int?
        /// The year came before any day or month number, as in `2025-02-24` or `2025/02/24`.
        var yearFirst = false
        var smallNumbers: [Int] = []
        var hour: Int?, minute = 0, second = 0
        var offset: Int?
        var pm: Bool?
    }

    /// The ISO 8601 form of `raw`, or `nil` when it is not a recognisable date.
    static func iso8601(from raw: String) -> String? {
        var fields = Fields()
        for token in tokenize(raw) {
            guard absorb(token, into: &fields) else { return nil }
        }
        return render(fields)
    }

    private static func absorb(_ token: Token, into fields: inout Fields) -> Bool {
        switch token {
        case .word(let word):
            if let month = monthNumber(word) {
                guard fields.month == nil else { return false }
                fields.month = month
            } else if word == "am" || word == "pm" {
                fields.pm = word == "pm"
            } else if let zone = zones[word], fields.hour != nil || word == "z" {
                fields.offset = zone
            }
        case .number(let digits):
            guard let value = Int(digits) else { return false }
            if digits.count == 4 {
                guard fields.year == nil else { return false }
                fields.year = value
                fields.yearFirst = fields.smallNumbers.isEmpty && fields.month == nil
            } else if digits.count <= 2 {
                fields.smallNumbers.append(value)
            } else {
                return false
            }
        case .time(let hour, let minute, let second):
            guard fields.hour == nil else { return false }
            (fields.hour, fields.minute, fields.second) = (hour, minute, second)
        case .offset(let minutes):
            fields.offset = minutes
        }
        return true
    }

    private static func render(_ input: Fields) -> String? {
        var fields = input
        guard resolveDayAndMonth(&fields), let year = fields.year, let month = fields.month, let day = fields.day,
            (1900...2200).contains(year), (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        var text = "\(pad(year, 4))-\(pad(month))-\(pad(day))"
        guard var hour = fields.hour else { return fields.pm == nil ? text : nil }
        if let pm = fields.pm {
            guard (1...12).contains(hour) else { return nil }
            hour = hour % 12 + (pm ? 12 : 0)
        }
        guard hour < 24, fields.minute < 60, fields.second < 61 else { return nil }
        text += "T\(pad(hour)):\(pad(fields.minute)):\(pad(fields.second))"
        if let offset = fields.offset {
            text += offset == 0 ? "Z" : "\(offset < 0 ? "-" : "+")\(pad(abs(offset) / 60)):\(pad(abs(offset) % 60))"
        }
        return text
    }

    /// Decides which small numbers are the day and (for numeric dates) the month.
    private static func resolveDayAndMonth(_ fields: inout Fields) -> Bool {
        let numbers = fields.smallNumbers
        if fields.month != nil {
            guard numbers.count == 1 else { return false }
            fields.day = numbers[0]
            return true
        }
        guard numbers.count == 2 else { return false }
        let (first, second) = (numbers[0], numbers[1])
        if fields.yearFirst || second > 12 || first == second {
            (fields.month, fields.day) = (first, second)
        } else if first > 12 {
            (fields.day, fields.month) = (first, second)
        } else {
            return false  // 02/03/2025: February or March? Keep only the raw text.
        }
        return true
    }

    private static func monthNumber(_ word: String) -> Int? {
        if let index = monthNames.firstIndex(of: word) { return index + 1 }
        if word == "sept" { return 9 }
        if let index = months.firstIndex(of: word) { return index + 1 }
        return nil
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Splits text into words, numbers, times (`19:01`, `19:01:30`, `T19:01`) and UTC offsets
    /// (`+0100`, `-05:00`, only after a time). Ordinal suffixes (`24th`) are dropped.
    private static func tokenize(_ raw: String) -> [Token] {
        let chars = Array(raw.lowercased().unicodeScalars)
        var tokens: [Token] = []
        var index = 0
        func run(_ predicate: (Unicode.Scalar) -> Bool) -> String {
            var text = ""
            while index < chars.count, predicate(chars[index]) {
                text.unicodeScalars.append(chars[index])
                index += 1
            }
            return text
        }
        let isDigit: (Unicode.Scalar) -> Bool = { ("0"..."9").contains($0) }
        let isLetter: (Unicode.Scalar) -> Bool = { ("a"..."z").contains($0) }
        while index < chars.count {
            let scalar = chars[index]
            if isDigit(scalar) {
                let digits = run(isDigit)
                if index < chars.count, chars[index] == ":", let time = timeToken(hour: digits, &index, chars) {
                    tokens.append(time)
                } else {
                    tokens.append(.number(digits))
                }
            } else if isLetter(scalar) {
                let word = run(isLetter)
                if ["st", "nd", "rd", "th"].contains(word), case .number = tokens.last { continue }
                if word == "t", index < chars.count, isDigit(chars[index]) { continue }  // ISO "T"
                tokens.append(.word(word))
            } else if scalar == "+" || scalar == "-",
                tokens.contains(where: { if case .time = $0 { true } else { false } })
            {
                index += 1
                let digits = run { isDigit($0) || $0 == ":" }.filter { $0 != ":" }
                guard digits.count == 4, let value = Int(digits) else { continue }
                let minutes = value / 100 * 60 + value % 100
                tokens.append(.offset(minutes: scalar == "-" ? -minutes : minutes))
            } else if scalar == ".", case .time = tokens.last {
                index += 1
                _ = run(isDigit)  // fractional seconds
            } else {
                index += 1
            }
        }
        return tokens
    }

    private static func timeToken(hour: String, _ index: inout Int, _ chars: [Unicode.Scalar]) -> Token? {
        var cursor = index
        var parts = [hour]
        while cursor < chars.count, chars[cursor] == ":", parts.count < 3 {
            var digits = ""
            cursor += 1
            while cursor < chars.count, ("0"..."9").contains(chars[cursor]) {
                digits.unicodeScalars.append(chars[cursor])
                cursor += 1
            }
            guard digits.count == 2 else { return nil }
            parts.append(digits)
        }
        guard hour.count <= 2, let h = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        index = cursor
        return .time(hour: h, minute: m, second: parts.count > 2 ? Int(parts[2]) ?? 0 : 0)
    }
}
