import LanternLanguage

/// Named types: removed, added, changed kind; then each kind's members.
extension SchemaDiffer {
    mutating func compareTypes() {
        for oldType in old.types where Self.isCompared(oldType) {
            let coordinate = SchemaCoordinate.type(oldType.name)
            guard let newType = new.type(named: oldType.name), Self.isCompared(newType) else {
                report(.breaking, .typeRemoved, coordinate, "\(oldType.kind.diffNoun) \(oldType.name) was removed.",
                       at: location(of: oldType, in: old))
                continue
            }
            let at = location(of: newType, in: new)
            guard oldType.kind == newType.kind else {
                report(.breaking, .typeKindChanged, coordinate,
                       "\(oldType.name) changed from \(oldType.kind.diffNounWithArticle) to \(newType.kind.diffNounWithArticle).", at: at)
                continue
            }
            compareDescription(oldType.description, newType.description, coordinate,
                               subject: "\(newType.kind.diffNoun) \(newType.name)", at: at)
            switch newType.kind {
            case .object, .interface:
                compareFields(oldType, newType)
                compareInterfaces(oldType, newType)
            case .union:
                compareUnionMembers(oldType, newType)
            case .enumType:
                compareEnumValues(oldType, newType)
            case .inputObject:
                compareInputFields(oldType, newType)
            case .scalar:
                break
            }
        }
        for newType in new.types where Self.isCompared(newType) {
            if let oldType = old.type(named: newType.name), Self.isCompared(oldType) { continue }
            report(.safe, .typeAdded, .type(newType.name), "\(newType.kind.diffNoun) \(newType.name) was added.",
                   at: location(of: newType, in: new))
        }
    }

    /// The types a schema defines itself: not the built-in scalars, not introspection.
    static func isCompared(_ type: SchemaType) -> Bool {
        type.builtinScalar == nil && !type.isIntrospection
    }
}

extension TypeKind {
    /// `Object type`, `Enum`, … for messages.
    var diffNoun: String {
        switch self {
        case .scalar: return "Scalar"
        case .object: return "Object type"
        case .interface: return "Interface"
        case .union: return "Union"
        case .enumType: return "Enum"
        case .inputObject: return "Input object"
        }
    }

    /// `an object type`, `an enum`, … for messages.
    var diffNounWithArticle: String {
        switch self {
        case .scalar: return "a scalar"
        case .object: return "an object type"
        case .interface: return "an interface"
        case .union: return "a union"
        case .enumType: return "an enum"
        case .inputObject: return "an input object"
        }
    }
}
