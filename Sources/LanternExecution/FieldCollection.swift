import LanternLanguage
import LanternSchema

/// CollectFields (§6.3.2): the ordered response keys of selection sets for one object type,
/// honouring `@skip`/`@include`, fragments and type conditions. A `@skip`/`@include` whose
/// `if` cannot be coerced fails the whole collection, as graphql-js's `collectFields` throws:
/// the error belongs to the field whose selection set was being collected (or to the operation).
@usableFromInline
struct FieldCollector {
    @usableFromInline
    let schema: Schema
    @usableFromInline
    let fragments: [String: FragmentDefinition]
    @usableFromInline
    let variables: JSONObject
    @usableFromInline
    let source: Source

    @usableFromInline
    func collect(_ selectionSets: [SelectionSet], objectType: Int) -> Result<[FieldPlan], GraphQLError> {
        var keys: [String] = []
        var groups: [String: [Field]] = [:]
        var visited: Set<String> = []
        do {
            for selectionSet in selectionSets {
                try collect(selectionSet, objectType: objectType, &keys, &groups, &visited)
            }
        } catch {
            return .failure(error)
        }
        var plans: [FieldPlan] = []
        plans.reserveCapacity(keys.count)
        for key in keys {
            let nodes = groups[key]!
            let name = nodes[0].name.value
            let kind: FieldPlan.Kind
            let definition: SchemaField
            var fieldIndex = -1
            if name == "__typename" {
                kind = .typename
                definition = schema.typenameField
            } else if name == "__schema", objectType == schema.queryType {
                kind = .schema
                definition = schema.schemaField
            } else if name == "__type", objectType == schema.queryType {
                kind = .type
                definition = schema.typeField
            } else if let index = schema.types[objectType].fieldIndex[name] {
                kind = .field
                definition = schema.types[objectType].fields[index]
                fieldIndex = index
            } else {
                continue
            }
            let arguments: Result<JSONObject, GraphQLError>?
            if definition.arguments.isEmpty && nodes[0].arguments.isEmpty {
                arguments = .success(JSONObject())
            } else if nodes[0].arguments.contains(where: { PlanCaching.usesVariables($0.value) }) {
                arguments = nil
            } else {
                arguments = ArgumentCoercion.coerce(definition.arguments, nodes[0], schema: schema, variables: variables, source: source)
            }
            var children: Result<[FieldPlan], GraphQLError> = .success([])
            let named = definition.type.namedIndex
            if kind != .typename, schema.types[named].kind == .object {
                children = collect(nodes.compactMap(\.selectionSet), objectType: named)
            }
            plans.append(FieldPlan(kind: kind, responseKey: key, parentType: objectType, fieldIndex: fieldIndex,
                                   definition: definition, nodes: nodes, arguments: arguments, objectChildren: children))
        }
        return .success(plans)
    }

    @usableFromInline
    func collect(_ selectionSet: SelectionSet, objectType: Int, _ keys: inout [String],
                 _ groups: inout [String: [Field]], _ visited: inout Set<String>) throws(GraphQLError) {
        for selection in selectionSet.selections {
            let directives = selection.directives
            if !directives.isEmpty, try !shouldInclude(directives) { continue }
            switch selection {
            case .field(let field):
                let key = field.responseKey
                if groups[key] == nil {
                    keys.append(key)
                    groups[key] = [field]
                } else {
                    groups[key]!.append(field)
                }
            case .inlineFragment(let fragment):
                if let condition = fragment.typeCondition, !applies(condition.name.value, to: objectType) { continue }
                try collect(fragment.selectionSet, objectType: objectType, &keys, &groups, &visited)
            case .fragmentSpread(let spread):
                let name = spread.name.value
                if visited.contains(name) { continue }
                visited.insert(name)
                guard let fragment = fragments[name], applies(fragment.typeCondition.name.value, to: objectType) else { continue }
                try collect(fragment.selectionSet, objectType: objectType, &keys, &groups, &visited)
            }
        }
    }

    @usableFromInline
    func applies(_ typeName: String, to objectType: Int) -> Bool {
        guard let index = schema.typeIndex[typeName] else { return false }
        if index == objectType { return true }
        return schema.isSubType(index, objectType)
    }

    /// `@skip(if:)` and `@include(if:)`, as graphql-js's `shouldIncludeNode`: the first `@skip`
    /// is read before the first `@include`, and both present means skip is false and include
    /// true.
    @usableFromInline
    func shouldInclude(_ directives: [Directive]) throws(GraphQLError) -> Bool {
        if let skip = directives.first(where: { $0.name.value == "skip" }), try condition(skip) { return false }
        if let include = directives.first(where: { $0.name.value == "include" }), try !condition(include) { return false }
        return true
    }

    /// The `if: Boolean!` argument of `@skip`/`@include`, coerced as CoerceArgumentValues
    /// (§6.4.1) says: a variable whose runtime value is null (a nullable variable with a
    /// default can reach here, VariablesInAllowedPosition allows it) or was never provided
    /// is an error, never a silent `false`.
    @usableFromInline
    func condition(_ directive: Directive) throws(GraphQLError) -> Bool {
        guard let argument = directive.arguments.first(where: { $0.name.value == "if" }) else {
            throw ArgumentCoercion.error("Argument \"if\" of required type \"Boolean!\" was not provided.", directive.span, source)
        }
        let span = argument.value.span
        var isNull = false
        switch argument.value {
        case .boolean(let flag, _): return flag
        case .null: isNull = true
        case .variable(let variable):
            switch variables[variable.name.value] {
            case .bool(let flag)?: return flag
            case .null?: isNull = true
            case nil:
                throw ArgumentCoercion.error("Argument \"if\" of required type \"Boolean!\" was provided the variable \"$\(variable.name.value)\" which was not provided a runtime value.",
                                             span, source)
            default: break
            }
        default: break
        }
        if isNull { throw ArgumentCoercion.error("Argument \"if\" of non-null type \"Boolean!\" must not be null.", span, source) }
        throw ArgumentCoercion.error("Argument \"if\" has invalid value \(Printer.print(argument.value)).", span, source)
    }
}
