import LanternLanguage

/// One difference between two versions of a schema, as `SchemaDiff.compare(old:new:)` reports it.
public struct SchemaChange: Sendable, Hashable, CustomStringConvertible {
    /// What the change means for clients written against the old schema.
    public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable {
        /// Documents that were valid may now fail validation, or responses they relied on may
        /// now have another shape.
        case breaking
        /// Documents stay valid, but clients may see values or behaviour they did not expect
        /// (a new enum value, a new union member, a changed default).
        case dangerous
        /// Nothing a client relied on changes.
        case safe

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

        private var rank: Int {
            switch self {
            case .breaking: return 0
            case .dangerous: return 1
            case .safe: return 2
            }
        }

        /// `BREAKING`, `DANGEROUS` or `SAFE`.
        public var label: String { rawValue.uppercased() }
    }

    /// What kind of element changed and how; the severity is a separate property because some
    /// kinds (an added argument, a changed type) can be breaking or not.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case typeAdded, typeRemoved, typeKindChanged
        case rootTypeChanged
        case fieldAdded, fieldRemoved, fieldTypeChanged
        case argumentAdded, argumentRemoved, argumentTypeChanged
        case inputFieldAdded, inputFieldRemoved, inputFieldTypeChanged
        case defaultValueChanged
        case enumValueAdded, enumValueRemoved
        case unionMemberAdded, unionMemberRemoved
        case interfaceAdded, interfaceRemoved
        case oneOfAdded, oneOfRemoved
        case directiveAdded, directiveRemoved
        case directiveLocationAdded, directiveLocationRemoved
        case directiveRepeatableAdded, directiveRepeatableRemoved
        case deprecationChanged, descriptionChanged
    }

    /// Where the element is written: in the new schema, or in the old one for a removal.
    public struct Location: Sendable, Hashable, CustomStringConvertible {
        /// The name of the SDL source (the file path it was read from).
        public var file: String
        public var line: Int
        public var column: Int

        public init(file: String, line: Int, column: Int) {
            self.file = file
            self.line = line
            self.column = column
        }

        /// `file:line`.
        public var description: String { "\(file):\(line)" }
    }

    public var severity: Severity
    public var kind: Kind
    /// The element that changed (`Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`,
    /// `Input.field`, `@directive`, `@directive(arg:)`). Union members, interfaces and directive
    /// locations are named by their type or directive.
    public var coordinate: SchemaCoordinate
    public var message: String
    /// Nil for elements no SDL file defines (built-in scalars and directives).
    public var location: Location?

    public init(severity: Severity, kind: Kind, coordinate: SchemaCoordinate, message: String, location: Location? = nil) {
        self.severity = severity
        self.kind = kind
        self.coordinate = coordinate
        self.message = message
        self.location = location
    }

    /// `BREAKING  Type.field  message  (file:line)`, the location left out when unknown.
    public var description: String {
        let head = "\(severity.label)  \(coordinate)  \(message)"
        return location.map { "\(head)  (\($0))" } ?? head
    }
}
