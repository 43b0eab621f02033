/// What counts as a word character, and how a run of them becomes tokens; shared by
/// ``SearchText/tokens(_:)`` and the snippet builder so that both find the same words.
extension SearchText {
    /// Whether a folded scalar belongs to a word: a letter or digit that SQLite's Unicode 6.1
    /// tables and PostgreSQL's parser (glibc's character classes) both call one. Checked against
    /// both, scalar by scalar: PostgreSQL splits words at every No (other number) scalar.
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return isWordByte(UInt8(scalar.value)) }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber:
            guard let age = scalar.properties.age else { return false }
            return age.major < 6 || (age.major == 6 && age.minor <= 1)
        default:
            return false
        }
    }

    /// Whether the scalar starting at `bytes[index]` (valid UTF-8) is a word scalar, and its width.
    static func classify(_ bytes: [UInt8], at index: Int) -> (isWord: Bool, width: Int) {
        let lead = bytes[index]
        if lead < 0x80 { return (isWordByte(lead), 1) }
        let width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        guard index + width <= bytes.count else { return (false, 1) }
        var value = UInt32(lead) & (width == 2 ? 0x1F : width == 3 ? 0x0F : 0x07)
        for offset in 1..<width { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
        return (Unicode.Scalar(value).map(isWordScalar) ?? false, width)
    }

    /// The tokens a run of word scalars (folded UTF-8) makes, as ranges of the run's indexes:
    /// normally one; two where PostgreSQL would read the start as a number like `1e5` and split
    /// off the rest. Each is cut to ``maximumTokenBytes`` at a scalar boundary.
    static func tokenRanges(ofRun run: ArraySlice<UInt8>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        if let split = scientificNumberEnd(run), split < run.endIndex {
            ranges = [run.startIndex..<split, split..<run.endIndex]
        } else {
            ranges = [run.startIndex..<run.endIndex]
        }
        return ranges.map { range in
            guard range.count > maximumTokenBytes else { return range }
            var end = range.lowerBound + maximumTokenBytes
            while end > range.lowerBound, run[end] & 0xC0 == 0x80 { end -= 1 }  // not inside a scalar
            return range.lowerBound..<end
        }
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte)
    }

    /// The end of a leading `[0-9]+e[0-9]+` in `run`, if it has one.
    private static func scientificNumberEnd(_ run: ArraySlice<UInt8>) -> Int? {
        func digits(from start: Int) -> Int {
            var end = start
            while end < run.endIndex, (0x30...0x39).contains(run[end]) { end += 1 }
            return end
        }
        let mantissaEnd = digits(from: run.startIndex)
        guard mantissaEnd > run.startIndex, mantissaEnd < run.endIndex, run[mantissaEnd] == UInt8(ascii: "e") else { return nil }
        let exponentEnd = digits(from: mantissaEnd + 1)
        return exponentEnd > mantissaEnd + 1 ? exponentEnd : nil
    }
}
