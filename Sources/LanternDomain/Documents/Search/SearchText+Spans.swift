extension SearchText {
    /// A token and where it lies in the original text, for highlighting.
    struct Span: Equatable {
        var token: String
        /// UTF-8 offsets, in the original text, of the characters the token came from.
        var bytes: Range<Int>
        /// The same characters counted in Unicode scalars: what snippet lengths are measured in.
        var offsets: Range<Int>
    }

    /// The tokens of `text` with their places: the same tokens as ``tokens(_:)``, found by folding
    /// one character at a time so that each token maps back to the characters it came from.
    static func spans(_ text: String) -> [Span] {
        var builder = SpanBuilder()
        var folds: [Character: [UInt8]] = [:]
        let utf8 = text.utf8
        var index = utf8.startIndex
        var source = Source(bytes: 0..<0, scalars: 0..<0)
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte < 0x80 {
                source = source.next(bytes: 1, scalars: 1)
                builder.add([lowercasedASCII(byte)], from: source)
                index = utf8.index(after: index)
                continue
            }
            // A run of non-ASCII bytes: fold it a character at a time.
            var end = index
            while end < utf8.endIndex, utf8[end] >= 0x80 { end = utf8.index(after: end) }
            for character in text[index..<end] {
                source = source.next(bytes: character.utf8.count, scalars: character.unicodeScalars.count)
                let folded = folds[character] ?? Array(fold(String(character)).utf8)
                folds[character] = folded
                builder.add(folded, from: source)
            }
            index = end
        }
        builder.flush()
        return builder.spans
    }

    /// The characters of the original text that folded scalars came from.
    struct Source {
        var bytes: Range<Int>
        var scalars: Range<Int>

        func next(bytes width: Int, scalars count: Int) -> Source {
            Source(bytes: bytes.upperBound..<(bytes.upperBound + width), scalars: scalars.upperBound..<(scalars.upperBound + count))
        }
    }

    /// Collects runs of word scalars with their sources and cuts them into spans as tokens(_:)
    /// cuts them into tokens.
    struct SpanBuilder {
        private(set) var spans: [Span] = []
        private var run: [UInt8] = []
        /// The source of each byte of `run`.
        private var sources: [Source] = []

        /// Adds the folded form of one source character.
        mutating func add(_ folded: [UInt8], from source: Source) {
            if folded.isEmpty, !sources.isEmpty {
                // A character that folds to nothing (a lone combining mark) stays inside the word
                // it follows, as when the whole text is folded at once; mark it with the word.
                sources[sources.count - 1].bytes = sources[sources.count - 1].bytes.lowerBound..<source.bytes.upperBound
                sources[sources.count - 1].scalars = sources[sources.count - 1].scalars.lowerBound..<source.scalars.upperBound
                return
            }
            var index = 0
            while index < folded.count {
                let (isWord, width) = classify(folded, at: index)
                if isWord {
                    run += folded[index..<min(index + width, folded.count)]
                    sources += repeatElement(source, count: width)
                } else {
                    flush()
                }
                index += width
            }
        }

        mutating func flush() {
            guard !run.isEmpty else { return }
            for range in tokenRanges(ofRun: run[...]) {
                let first = sources[range.lowerBound], last = sources[range.upperBound - 1]
                spans.append(Span(token: String(decoding: run[range], as: UTF8.self),
                                  bytes: first.bytes.lowerBound..<last.bytes.upperBound,
                                  offsets: first.scalars.lowerBound..<last.scalars.upperBound))
            }
            run.removeAll(keepingCapacity: true)
            sources.removeAll(keepingCapacity: true)
        }
    }
}
