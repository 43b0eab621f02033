import LanternLanguage
import LanternSchema

/// libFuzzer entry point: every input must parse to a document or fail with a syntax error,
/// and a parsed document must print to text that parses again. Inputs also go through the
/// schema coordinate parser and the JSON reader, which share the same byte-level approach.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let document = try? Parser.parse(Source(bytes: bytes), options: ParseOptions(maxTokens: 50_000, maxDepth: 200)) {
        let printed = Printer.print(document)
        guard let reparsed = try? Parser.parse(printed, options: ParseOptions(maxTokens: .max, maxDepth: 400, maxSourceBytes: .max)) else {
            fatalError("printed document does not parse:\n\(printed)")
        }
        guard Printer.print(reparsed) == printed else { fatalError("printing is not stable:\n\(printed)") }
    }
    _ = try? SchemaCoordinate.parse(String(decoding: bytes, as: UTF8.self))
    _ = try? JSONParser.parse(bytes)
    return 0
}
