import LanternExecution

/// The `map` field of a GraphQL multipart request: for each file part (by its name), the
/// paths in `operations` where the client put `null` for that file, such as `variables.file`
/// or `variables.files.1` (object keys and array indices, separated by dots).
struct UploadMap {
    var entries: [(field: String, paths: [String])]

    /// The map in `bytes`, checked for shape: a JSON object whose values are arrays of strings,
    /// with no more than `maxFiles` entries.
    static func parse(_ bytes: [UInt8], maxFiles: Int) throws(HTTPRequestProblem) -> UploadMap {
        guard case .object(let object)? = try? JSONParser.parse(bytes) else {
            throw HTTPRequestProblem(kind: .invalidMultipart, message:
                "The map field must be a JSON object from file part names to arrays of paths in operations.")
        }
        if object.count > maxFiles {
            throw HTTPRequestProblem(kind: .uploadTooLarge,
                                     message: "The request maps \(object.count) files; at most \(maxFiles) are accepted.")
        }
        var entries: [(field: String, paths: [String])] = []
        for (field, value) in object {
            guard !field.isEmpty, field != "operations", field != "map" else {
                throw HTTPRequestProblem(kind: .invalidMultipart,
                                         message: "The map field names a file part \"\(field)\", which cannot be a file.")
            }
            guard case .array(let items) = value else {
                throw HTTPRequestProblem(kind: .invalidMultipart,
                                         message: "The map entry for file part \"\(field)\" must be an array of paths.")
            }
            var paths: [String] = []
            for item in items {
                guard case .string(let path) = item else {
                    throw HTTPRequestProblem(kind: .invalidMultipart,
                                             message: "The map entry for file part \"\(field)\" must be an array of strings.")
                }
                paths.append(path)
            }
            entries.append((field, paths))
        }
        return UploadMap(entries: entries)
    }

    /// Puts each file's `token(field)` at every path the map gives for it, in `operations`.
    /// - Throws: `invalidMultipart` for a path that does not exist or whose value is not null.
    func place(in operations: inout JSONValue, token: (String) -> String) throws(HTTPRequestProblem) {
        for (field, paths) in entries {
            let value = JSONValue.string(token(field))
            for path in paths {
                let segments = path.split(separator: ".", omittingEmptySubsequences: false)
                switch Self.place(value, at: segments[...], in: &operations) {
                case nil:
                    continue
                case .missing?:
                    throw HTTPRequestProblem(kind: .invalidMultipart,
                                             message: "The map path \"\(path)\" for file part \"\(field)\" does not exist in operations.")
                case .notNull?:
                    throw HTTPRequestProblem(kind: .invalidMultipart, message:
                        "The map path \"\(path)\" for file part \"\(field)\" must point at a null in operations.")
                }
            }
        }
    }

    enum PlacementFailure { case missing, notNull }

    /// Replaces the null at `path` in `target` with `value`, in place: each container is taken
    /// out of its parent while its child changes, so nothing is copied.
    static func place(_ value: JSONValue, at path: ArraySlice<Substring>, in target: inout JSONValue) -> PlacementFailure? {
        guard let segment = path.first else {
            guard target == .null else { return .notNull }
            target = value
            return nil
        }
        switch target {
        case .object(var object):
            let key = String(segment)
            guard var child = object[key] else { return .missing }
            target = .null
            object[key] = .null
            let failure = place(value, at: path.dropFirst(), in: &child)
            object[key] = child
            target = .object(object)
            return failure
        case .array(var items):
            guard !segment.isEmpty, segment.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                  let index = Int(segment), items.indices.contains(index) else { return .missing }
            target = .null
            let failure = place(value, at: path.dropFirst(), in: &items[index])
            target = .array(items)
            return failure
        default:
            return .missing
        }
    }
}
