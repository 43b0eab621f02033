import LanternLanguage

/// The arguments of fields and of directives.
extension SchemaDiffer {
    /// What the arguments belong to.
    enum ArgumentOwner {
        case field(type: String, field: String)
        case directive(String)

        func coordinate(_ argument: String) -> SchemaCoordinate {
            switch self {
            case .field(let type, let field): return .argument(type: type, field: field, argument: argument)
            case .directive(let name): return .directiveArgument(directive: name, argument: argument)
            }
        }

        /// `Type.field` or `@directive`.
        var label: String {
            switch self {
            case .field(let type, let field): return "\(type).\(field)"
            case .directive(let name): return "@\(name)"
            }
        }
    }

    mutating func compareArguments(_ oldArguments: [SchemaInputValue], _ newArguments: [SchemaInputValue], of owner: ArgumentOwner) {
        for oldArgument in oldArguments {
            let coordinate = owner.coordinate(oldArgument.name)
            guard let newArgument = newArguments.first(where: { $0.name == oldArgument.name }) else {
                report(.breaking, .argumentRemoved, coordinate, "Argument \(oldArgument.name) was removed from \(owner.label).",
                       at: location(of: oldArgument, in: old))
                continue
            }
            compareInputValue(oldArgument, newArgument, coordinate, typeChange: .argumentTypeChanged, subject: "Argument \(coordinate)")
        }
        for newArgument in newArguments where !oldArguments.contains(where: { $0.name == newArgument.name }) {
            let coordinate = owner.coordinate(newArgument.name)
            let at = location(of: newArgument, in: new)
            if newArgument.isRequired {
                report(.breaking, .argumentAdded, coordinate,
                       "Required argument \(newArgument.name) was added to \(owner.label).", at: at)
            } else if case .directive = owner {
                // Directives are written by schema authors and document authors alike; an
                // optional argument changes nothing for either (graphql-js does not report it).
                report(.safe, .argumentAdded, coordinate, "Optional argument \(newArgument.name) was added to \(owner.label).", at: at)
            } else {
                report(.dangerous, .argumentAdded, coordinate,
                       "Optional argument \(newArgument.name) was added to \(owner.label).", at: at)
            }
        }
    }

    /// An argument or input field present in both schemas: its type, default value,
    /// deprecation and description.
    mutating func compareInputValue(_ oldValue: SchemaInputValue, _ newValue: SchemaInputValue, _ coordinate: SchemaCoordinate,
                                    typeChange: SchemaChange.Kind, subject: String) {
        let at = location(of: newValue, in: new)
        if !isSameType(oldValue.type, newValue.type) {
            let safe = isSafeInputTypeChange(from: oldValue.type, to: newValue.type)
            report(safe ? .safe : .breaking, typeChange, coordinate,
                   "\(subject) changed type from \(old.describe(oldValue.type)) to \(new.describe(newValue.type)).", at: at)
        }
        compareDefaults(oldValue, newValue, coordinate, subject: subject, at: at)
        compareDeprecation(oldValue.deprecationReason, newValue.deprecationReason, coordinate, subject: subject, at: at)
        compareDescription(oldValue.description, newValue.description, coordinate, subject: subject, at: at)
    }
}
