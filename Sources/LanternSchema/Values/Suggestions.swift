/// "Did you mean …?" hints, computed as graphql-js computes them (optimal string alignment
/// distance under a threshold of 40% of the input, case changes counting as one edit), so
/// messages read the same to people who know graphql-js.
public enum Suggestions {
    /// Options close to `input`, nearest first.
    public static func list(_ input: String, _ options: [String]) -> [String] {
        let inputLower = Array(input.lowercased().unicodeScalars)
        let threshold = input.utf16.count * 4 / 10 + 1
        var scored: [(String, Int)] = []
        for option in options {
            if let distance = distance(input, inputLower, option, threshold) { scored.append((option, distance)) }
        }
        return scored.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : naturalLess($0.0, $1.0) }.map(\.0)
    }

    /// ` Did you mean "a", "b", or "c"?` (at most five), or the empty string.
    public static func didYouMean(_ suggestions: [String], subMessage: String? = nil) -> String {
        if suggestions.isEmpty { return "" }
        var message = " Did you mean "
        if let subMessage { message += subMessage + " " }
        let quoted = suggestions.prefix(5).map { "\"\($0)\"" }
        switch quoted.count {
        case 1: return message + quoted[0] + "?"
        case 2: return message + quoted[0] + " or " + quoted[1] + "?"
        default: return message + quoted.dropLast().joined(separator: ", ") + ", or " + quoted.last! + "?"
        }
    }

    static func distance(_ input: String, _ inputLower: [Unicode.Scalar], _ option: String, _ threshold: Int) -> Int? {
        if input == option { return 0 }
        let optionLower = Array(option.lowercased().unicodeScalars)
        if optionLower == inputLower { return 1 }
        var a = optionLower, b = inputLower
        if a.count < b.count { swap(&a, &b) }
        if a.count - b.count > threshold { return nil }
        var rows = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: 3)
        for j in 0...b.count { rows[0][j] = j }
        if a.isEmpty { return b.count <= threshold ? b.count : nil }
        for i in 1...a.count {
            let up = (i - 1) % 3, current = i % 3
            rows[current][0] = i
            var smallest = i
            if b.count >= 1 {
                for j in 1...b.count {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    var cell = min(rows[up][j] + 1, rows[current][j - 1] + 1, rows[up][j - 1] + cost)
                    if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                        cell = min(cell, rows[(i - 2) % 3][j - 2] + 1)
                    }
                    smallest = min(smallest, cell)
                    rows[current][j] = cell
                }
            }
            if smallest > threshold { return nil }
        }
        let result = rows[a.count % 3][b.count]
        return result <= threshold ? result : nil
    }

    /// Ordering with runs of digits compared as numbers (graphql-js's `naturalCompare`).
    public static func naturalLess(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8), b = Array(rhs.utf8)
        var i = 0, j = 0
        while i < a.count && j < b.count {
            let x = a[i], y = b[j]
            if isDigitByte(x) && isDigitByte(y) {
                var numberA = 0, numberB = 0
                while i < a.count && isDigitByte(a[i]) { numberA = numberA &* 10 &+ Int(a[i] - 48); i += 1 }
                while j < b.count && isDigitByte(b[j]) { numberB = numberB &* 10 &+ Int(b[j] - 48); j += 1 }
                if numberA != numberB { return numberA < numberB }
            } else {
                if x != y { return x < y }
                i += 1
                j += 1
            }
        }
        return a.count - i < b.count - j
    }

    private static func isDigitByte(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
}
