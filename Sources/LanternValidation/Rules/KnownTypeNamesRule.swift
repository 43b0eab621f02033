import LanternLanguage

/// Type references must name types of the schema (§5.5.1.2 and variable types).
enum KnownTypeNamesRule {
    static func check(_ type: NamedType, _ context: inout ValidationContext) {
        if context.schema.typeIndex[type.name.value] == nil {
            let hint = Suggestions.didYouMean(Suggestions.list(type.name.value, context.schema.types.map(\.name)))
            context.report("Unknown type \"\(type.name.value)\".\(hint)", [type.span])
        }
    }

    /// Type-system definitions in a request document are already invalid; graphql-js still
    /// reports unknown types inside them, except the standard ones.
    static func checkTypeSystem(_ type: TypeDefinition, _ context: inout ValidationContext) {
        func visit(_ named: NamedType) {
            let name = named.name.value
            if context.schema.typeIndex[name] == nil && BuiltinScalar(rawValue: name) == nil && !name.hasPrefix("__") {
                context.report("Unknown type \"\(name)\".", [named.span])
            }
        }
        switch type {
        case .object(let object), .interface(let object):
            object.interfaces.forEach(visit)
            for field in object.fields {
                visit(field.type.namedType)
                field.arguments.forEach { visit($0.type.namedType) }
            }
        case .union(let union): union.types.forEach(visit)
        case .inputObject(let input): input.fields.forEach { visit($0.type.namedType) }
        case .scalar, .enumType: break
        }
    }
}
