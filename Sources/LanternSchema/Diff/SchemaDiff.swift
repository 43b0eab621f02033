import LanternLanguage

/// Compares two versions of a schema and classifies every difference by what it means for
/// clients written against the old one, in the categories graphql-js's `findBreakingChanges`
/// and `findDangerousChanges` use (plus the safe changes, so a report can show everything).
///
/// Elements are matched by name: a renamed field is a removal and an addition. Built-in scalars
/// and introspection types are not compared (they come and go with the schema's own types).
public enum SchemaDiff {
    /// Every change from `old` to `new`, breaking changes first, then dangerous, then safe; within
    /// a severity by coordinate, then message, so the output is the same for the same inputs.
    public static func compare(old: Schema, new: Schema) -> [SchemaChange] {
        var differ = SchemaDiffer(old: old, new: new)
        differ.compareTypes()
        differ.compareRoots()
        differ.compareDirectives()
        return differ.changes.sorted(by: precedes)
    }

    /// Only the breaking changes.
    public static func breakingChanges(old: Schema, new: Schema) -> [SchemaChange] {
        compare(old: old, new: new).filter { $0.severity == .breaking }
    }

    static func precedes(_ lhs: SchemaChange, _ rhs: SchemaChange) -> Bool {
        if lhs.severity != rhs.severity { return lhs.severity < rhs.severity }
        let left = lhs.coordinate.description, right = rhs.coordinate.description
        if left != right { return left < right }
        if lhs.message != rhs.message { return lhs.message < rhs.message }
        return lhs.kind.rawValue < rhs.kind.rawValue
    }
}

/// The state of one comparison: both schemas and the changes found so far. The comparisons of
/// each kind of element live in the `SchemaDiff+*.swift` extensions.
struct SchemaDiffer {
    let old: Schema
    let new: Schema
    private(set) var changes: [SchemaChange] = []

    init(old: Schema, new: Schema) {
        self.old = old
        self.new = new
    }

    mutating func report(_ severity: SchemaChange.Severity, _ kind: SchemaChange.Kind, _ coordinate: SchemaCoordinate,
                         _ message: String, at location: SchemaChange.Location?) {
        changes.append(SchemaChange(severity: severity, kind: kind, coordinate: coordinate, message: message, location: location))
    }
}
