import LanternLanguage
import LanternSchema

/// Type-system definitions in an executable document are errors already (ExecutableDefinitions),
/// but graphql-js's directive rules visit every directive node of the document, so their
/// directives are checked too: KnownDirectives at their type-system location, and the
/// uniqueness, argument and value rules. `query { a } extend schema @onQuery` thus has two
/// errors, the second at the directive. Default values of argument and input-field
/// definitions have no input type here, so only UniqueInputFieldNames applies to them.
extension ValidationWalker {
    mutating func walkTypeSystemDirectives(_ definition: Definition) {
        currentDefinition = definition.span.start
        switch definition {
        case .operation, .fragment:
            return
        case .schema(let node), .schemaExtension(let node):
            var seen = schemaDirectivesSeen
            walkSharedLocation(node.directives, location: .schema, seen: &seen)
            schemaDirectivesSeen = seen
        case .type(let type), .typeExtension(let type):
            var seen = typeDirectivesSeen[type.name.value, default: [:]]
            walkSharedLocation(type.directives, location: Self.location(of: type), seen: &seen)
            typeDirectivesSeen[type.name.value] = seen
            switch type {
            case .object(let node), .interface(let node):
                for field in node.fields {
                    walkInputValueDefinitions(field.arguments, location: .argumentDefinition)
                    walkDirectives(field.directives, location: .fieldDefinition)
                }
            case .enumType(let node):
                for value in node.values { walkDirectives(value.directives, location: .enumValue) }
            case .inputObject(let node):
                // graphql-js 16 takes the location from the parent node's kind, which is
                // INPUT_OBJECT_TYPE_DEFINITION only for a definition: an extension's fields
                // count as ARGUMENT_DEFINITION there.
                let isExtension = if case .typeExtension = definition { true } else { false }
                walkInputValueDefinitions(node.fields, location: isExtension ? .argumentDefinition : .inputFieldDefinition)
            case .scalar, .union:
                break
            }
        case .directive(let node):
            walkInputValueDefinitions(node.arguments, location: .argumentDefinition)
        }
    }

    /// The directives of a schema or a type, where one `seen` is shared by all of its
    /// definitions and extensions.
    private mutating func walkSharedLocation(_ directives: [Directive], location: DirectiveLocation, seen: inout [String: Span]) {
        UniqueDirectivesPerLocationRule.check(directives, seen: &seen, &context)
        for directive in directives { walkDirective(directive, location: location) }
    }

    private mutating func walkInputValueDefinitions(_ definitions: [InputValueDefinition], location: DirectiveLocation) {
        for definition in definitions {
            if let defaultValue = definition.defaultValue {
                walkValue(defaultValue, type: nil, hasDefault: false, recordUsages: false)
            }
            walkDirectives(definition.directives, location: location)
        }
    }

    private static func location(of type: TypeDefinition) -> DirectiveLocation {
        switch type {
        case .scalar: return .scalar
        case .object: return .object
        case .interface: return .interface
        case .union: return .union
        case .enumType: return .enumType
        case .inputObject: return .inputObject
        }
    }
}
