import LanternLanguage
import LanternSchema

/// The values introspection works with: the schema and references into it.
@usableFromInline
enum IntrospectionValue: Sendable {
    case null
    case schema
    case type(TypeRef)
    case field(type: Int, index: Int)
    case inputValue(SchemaInputValue)
    case enumValue(type: Int, index: Int)
    case directive(Int)
    case leaf(JSONValue)
    case list([IntrospectionValue])
}

/// Resolvers for `__Schema`, `__Type`, `__Field`, `__InputValue`, `__EnumValue` and
/// `__Directive` (September 2025), reading the schema model directly.
@usableFromInline
struct IntrospectionResolvers<Context: Sendable>: Resolvers {
    @usableFromInline typealias Source = IntrospectionValue
    @usableFromInline
    let schema: Schema

    @usableFromInline
    init(schema: Schema) {
        self.schema = schema
    }

    @usableFromInline
    func view(_ value: IntrospectionValue) -> ValueView {
        switch value {
        case .null: return .null
        case .list(let items): return .list(count: items.count)
        default: return .value
        }
    }

    @usableFromInline
    func element(of list: IntrospectionValue, at index: Int) -> IntrospectionValue {
        if case .list(let items) = list { return items[index] }
        return .null
    }

    @usableFromInline
    func leafValue(_ value: IntrospectionValue) -> JSONValue {
        if case .leaf(let json) = value { return json }
        return .null
    }

    @usableFromInline
    func typeName(of value: IntrospectionValue, abstractType: SchemaType) throws -> String? { nil }

    @usableFromInline
    func string(_ text: String?) -> IntrospectionValue {
        text.map { .leaf(.string($0)) } ?? .null
    }

    @usableFromInline
    func includeDeprecated(_ arguments: JSONObject) -> Bool {
        if case .bool(true)? = arguments["includeDeprecated"] { return true }
        return false
    }

    @usableFromInline
    func inputValues(_ values: [SchemaInputValue], _ arguments: JSONObject) -> IntrospectionValue {
        let include = includeDeprecated(arguments)
        return .list(values.filter { include || $0.deprecationReason == nil }.map { .inputValue($0) })
    }

    @usableFromInline
    func resolve(_ info: ResolveInfo, source: IntrospectionValue, arguments: JSONObject, context: Context) throws -> Resolution<IntrospectionValue> {
        .value(resolveValue(info.fieldName, source, arguments))
    }

    @usableFromInline
    func resolveValue(_ field: String, _ source: IntrospectionValue, _ arguments: JSONObject) -> IntrospectionValue {
        switch source {
        case .schema:
            switch field {
            case "description": return string(schema.description)
            case "types": return .list(schema.types.indices.map { .type(.named($0)) })
            case "queryType": return schema.queryType.map { .type(.named($0)) } ?? .null
            case "mutationType": return schema.mutationType.map { .type(.named($0)) } ?? .null
            case "subscriptionType": return schema.subscriptionType.map { .type(.named($0)) } ?? .null
            case "directives": return .list(schema.directives.indices.map { .directive($0) })
            default: return .null
            }
        case .type(let reference):
            return resolveType(field, reference, arguments)
        case .field(let typeIndex, let index):
            let definition = schema.types[typeIndex].fields[index]
            switch field {
            case "name": return .leaf(.string(definition.name))
            case "description": return string(definition.description)
            case "args": return inputValues(definition.arguments, arguments)
            case "type": return .type(definition.type)
            case "isDeprecated": return .leaf(.bool(definition.deprecationReason != nil))
            case "deprecationReason": return string(definition.deprecationReason)
            default: return .null
            }
        case .inputValue(let value):
            switch field {
            case "name": return .leaf(.string(value.name))
            case "description": return string(value.description)
            case "type": return .type(value.type)
            case "defaultValue":
                return string(value.defaultValue.flatMap { ValueCoercion.literalText($0, type: value.type, types: schema.types) })
            case "isDeprecated": return .leaf(.bool(value.deprecationReason != nil))
            case "deprecationReason": return string(value.deprecationReason)
            default: return .null
            }
        case .enumValue(let typeIndex, let index):
            let value = schema.types[typeIndex].enumValues[index]
            switch field {
            case "name": return .leaf(.string(value.name))
            case "description": return string(value.description)
            case "isDeprecated": return .leaf(.bool(value.deprecationReason != nil))
            case "deprecationReason": return string(value.deprecationReason)
            default: return .null
            }
        case .directive(let index):
            let directive = schema.directives[index]
            switch field {
            case "name": return .leaf(.string(directive.name))
            case "description": return string(directive.description)
            case "isRepeatable": return .leaf(.bool(directive.isRepeatable))
            case "locations": return .list(directive.locations.map { .leaf(.string($0.rawValue)) })
            case "args": return inputValues(directive.arguments, arguments)
            default: return .null
            }
        case .null, .leaf, .list:
            return .null
        }
    }

    @usableFromInline
    func resolveType(_ field: String, _ reference: TypeRef, _ arguments: JSONObject) -> IntrospectionValue {
        switch reference.shape {
        case .list(let inner), .nonNull(let inner):
            switch field {
            case "kind": return .leaf(.string(reference.isList ? "LIST" : "NON_NULL"))
            case "ofType": return .type(inner)
            default: return .null
            }
        case .named(let index):
            let type = schema.types[index]
            switch field {
            case "kind": return .leaf(.string(type.kind.rawValue))
            case "name": return .leaf(.string(type.name))
            case "description": return string(type.description)
            case "specifiedByURL": return type.kind == .scalar ? string(type.specifiedByURL) : .null
            case "fields":
                guard type.kind == .object || type.kind == .interface else { return .null }
                let include = includeDeprecated(arguments)
                return .list(type.fields.indices.filter { include || type.fields[$0].deprecationReason == nil }
                    .map { .field(type: index, index: $0) })
            case "interfaces":
                guard type.kind == .object || type.kind == .interface else { return .null }
                return .list(type.interfaces.map { .type(.named($0)) })
            case "possibleTypes":
                guard type.isAbstract else { return .null }
                return .list(schema.possibleTypes(of: index).map { .type(.named($0)) })
            case "enumValues":
                guard type.kind == .enumType else { return .null }
                let include = includeDeprecated(arguments)
                return .list(type.enumValues.indices.filter { include || type.enumValues[$0].deprecationReason == nil }
                    .map { .enumValue(type: index, index: $0) })
            case "inputFields":
                guard type.kind == .inputObject else { return .null }
                return inputValues(type.inputFields, arguments)
            case "isOneOf":
                return type.kind == .inputObject ? .leaf(.bool(type.isOneOf)) : .null
            default:
                return .null
            }
        }
    }
}
