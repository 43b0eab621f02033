/// A table written as CSV (RFC 4180) or as a Markdown table, a row at a time.
public enum ExportFormat: String, Sendable, CaseIterable, Hashable {
    case csv = "CSV"
    case markdown = "MARKDOWN"

    public var contentType: String {
        switch self {
        case .csv: "text/csv; charset=utf-8"
        case .markdown: "text/markdown; charset=utf-8"
        }
    }

    public var fileExtension: String {
        switch self {
        case .csv: "csv"
        case .markdown: "md"
        }
    }
}

struct TableFile {
    let format: ExportFormat
    private(set) var text = ""
    private(set) var rowCount = 0

    init(format: ExportFormat, columns: [String]) {
        self.format = format
        append(columns)
        if format == .markdown { text += "|" + String(repeating: " --- |", count: columns.count) + "\n" }
    }

    mutating func add(_ cells: [String?]) {
        append(cells.map { $0 ?? "" })
        rowCount += 1
    }

    private mutating func append(_ cells: [String]) {
        switch format {
        case .csv:
            text += cells.map(Self.csvField).joined(separator: ",") + "\r\n"
        case .markdown:
            text += "| " + cells.map(Self.markdownCell).joined(separator: " | ") + " |\n"
        }
    }

    /// RFC 4180 quoting, after neutralising a cell a spreadsheet would run as a formula: one
    /// starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`.
    static func csvField(_ raw: String) -> String {
        var cell = raw
        if let first = cell.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) { cell = "'" + cell }
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One line per cell: pipes and backslashes escaped, line breaks as `<br>`, HTML left inert.
    static func markdownCell(_ raw: String) -> String {
        var cell = ""
        for character in raw {
            switch character {
            case "\\": cell += "\\\\"
            case "|": cell += "\\|"
            case "<": cell += "&lt;"
            case ">": cell += "&gt;"
            case "\r\n", "\n", "\r": cell += "<br>"
            default: cell.append(character)
            }
        }
        return cell
    }
}

/// How one cell is written in each format (for tests and tools).
public enum ExportCells {
    public static func csv(_ cell: String) -> String { TableFile.csvField(cell) }
    public static func markdown(_ cell: String) -> String { TableFile.markdownCell(cell) }
}
