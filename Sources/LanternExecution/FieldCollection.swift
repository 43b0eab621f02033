import LanternLanguage
import LanternSchema

/// CollectFields (§6.3.2): the ordered response keys of selection sets for one object type,
/// honouring `@skip`/`@include`, fragments and type conditions.
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
    func collect(_ selectionSets: [SelectionSet], objectType: Int) -> [FieldPlan] {
        var keys: [String] = []
        var groups: [String: [Field]] = [:]
        var visited: Set<String> = []
        for selectionSet in selectionSets {
            collect(selectionSet, objectType: objectType, &keys, &groups, &visited)
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
            let arguments: Result<JSONObject, GraphQLError>
            if definition.arguments.isEmpty && nodes[0].arguments.isEmpty {
                arguments = .success(JSONObject())
            } else {
                arguments = ArgumentCoercion.coerce(definition.arguments, nodes[0], schema: schema, variables: variables, source: source)
            }
            var children: [FieldPlan] = []
            let named = definition.type.namedIndex
            if kind != .typename, schema.types[named].kind == .object {
                children = collect(nodes.compactMap(\.selectionSet), objectType: named)
            }
            plans.append(FieldPlan(kind: kind, responseKey: key, parentType: objectType, fieldIndex: fieldIndex,
                                   definition: definition, nodes: nodes, arguments: arguments, objectChildren: children))
        }
        return plans
    }

    @usableFromInline
    func collect(_ selectionSet: SelectionSet, objectType: Int, _ keys: inout [String],
                         _ groups: inout [String: [Field]], _ visited: inout Set<String>) {
        for selection in selectionSet.selections {
            let directives = selection.directives
            if !directives.isEmpty && !shouldInclude(directives) { continue }
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
                collect(fragment.selectionSet, objectType: objectType, &keys, &groups, &visited)
            case .fragmentSpread(let spread):
                let name = spread.name.value
                if visited.contains(name) { continue }
                visited.insert(name)
                guard let fragment = fragments[name], applies(fragment.typeCondition.name.value, to: objectType) else { continue }
                collect(fragment.selectionSet, objectType: objectType, &keys, &groups, &visited)
            }
        }
    }

    @usableFromInline
    func applies(_ typeName: String, to objectType: Int) -> Bool {
        guard let index = schema.typeIndex[typeName] else { return false }
        if index == objectType { return true }
        return schema.isSubType(index, objectType)
    }

    /// `@skip(if:)` and `@include(if:)`; both present means skip is false and include true.
    @usableFromInline
    func shouldInclude(_ directives: [Directive]) -> Bool {
        for directive in directives {
            let name = directive.name.value
            guard name == "skip" || name == "include",
                  let argument = directive.arguments.first(where: { $0.name.value == "if" }) else { continue }
            let value: Bool
            switch argument.value {
            case .boolean(let flag, _): value = flag
            case .variable(let variable):
                if case .bool(let flag)? = variables[variable.name.value] { value = flag } else { value = false }
            default: value = false
            }
            if name == "skip" && value { return false }
            if name == "include" && !value { return false }
        }
        return true
    }
}
