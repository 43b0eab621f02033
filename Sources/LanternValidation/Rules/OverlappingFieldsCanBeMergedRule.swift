import LanternLanguage
import LanternSchema

/// Field Selection Merging (§5.3.2): fields with one response name can be merged into one
/// response entry. This follows graphql-js's algorithm (and its error shapes), with per-
/// selection-set caching, memoised fragment pairs, and one shortcut: when a response name has
/// many fields, fields with identical text are compared once per class rather than pairwise,
/// which keeps documents with thousands of repeated aliases linear.
struct OverlappingFieldsCanBeMergedRule {
    struct FieldEntry {
        var parentType: Int?
        var field: Field
        var definition: SchemaField?
        var argumentsKey: String
    }

    struct FieldMap {
        var keys: [String] = []
        var entries: [String: [FieldEntry]] = [:]
    }

    final class CachedFields {
        let id: Int
        let map: FieldMap
        let fragmentNames: [String]
        init(id: Int, map: FieldMap, fragmentNames: [String]) {
            self.id = id
            self.map = map
            self.fragmentNames = fragmentNames
        }
    }

    indirect enum Reason {
        case message(String)
        case subfields([(String, Reason)])

        var text: String {
            switch self {
            case .message(let text): return text
            case .subfields(let reasons):
                return reasons.map { "subfields \"\($0.0)\" conflict because \($0.1.text)" }.joined(separator: " and ")
            }
        }
    }

    struct Conflict {
        var responseName: String
        var reason: Reason
        var fields1: [Span]
        var fields2: [Span]
    }

    var cache: [Int: CachedFields] = [:]
    /// How deep the comparison of sub-selections has gone. Fragment cycles (reported by
    /// NoFragmentCycles) would otherwise make it recurse without end and overflow the stack;
    /// no acyclic document nests this deep in practice.
    var subSelectionDepth = 0
    static let maximumSubSelectionDepth = 128
    var comparedFragmentPairs: [Int: Bool] = [:]
    var fragmentIDs: [String: Int] = [:]

    mutating func check(_ selectionSet: SelectionSet, parentType: Int?, _ context: inout ValidationContext) {
        var conflicts: [Conflict] = []
        let cached = fieldsAndFragmentNames(parentType, selectionSet, context)
        collectConflictsWithin(&conflicts, cached.map, context)
        let names = cached.fragmentNames
        for i in names.indices {
            collectConflictsBetweenFieldsAndFragment(&conflicts, false, cached, names[i], context)
            for j in (i + 1)..<names.count {
                collectConflictsBetweenFragments(&conflicts, false, names[i], names[j], context)
            }
        }
        for conflict in conflicts {
            context.report("Fields \"\(conflict.responseName)\" conflict because \(conflict.reason.text). Use different aliases on the fields to fetch both if this was intentional.",
                           conflict.fields1 + conflict.fields2)
        }
    }

    // MARK: Collection

    mutating func fieldsAndFragmentNames(_ parentType: Int?, _ selectionSet: SelectionSet, _ context: ValidationContext) -> CachedFields {
        if let cached = cache[selectionSet.span.start] { return cached }
        var map = FieldMap()
        var fragmentNames: [String] = []
        var seenFragments: Set<String> = []
        collect(parentType, selectionSet, &map, &fragmentNames, &seenFragments, context)
        let result = CachedFields(id: selectionSet.span.start, map: map, fragmentNames: fragmentNames)
        cache[selectionSet.span.start] = result
        return result
    }

    mutating func referencedFieldsAndFragmentNames(_ fragment: FragmentDefinition, _ context: ValidationContext) -> CachedFields {
        if let cached = cache[fragment.selectionSet.span.start] { return cached }
        let type = context.schema.typeIndex[fragment.typeCondition.name.value]
        return fieldsAndFragmentNames(type, fragment.selectionSet, context)
    }

    private func collect(_ parentType: Int?, _ selectionSet: SelectionSet, _ map: inout FieldMap,
                         _ fragmentNames: inout [String], _ seenFragments: inout Set<String>, _ context: ValidationContext) {
        for selection in selectionSet.selections {
            switch selection {
            case .field(let field):
                var definition: SchemaField?
                if let parentType {
                    let type = context.schema.types[parentType]
                    if type.kind == .object || type.kind == .interface { definition = type.field(named: field.name.value) }
                }
                let key = field.responseKey
                if map.entries[key] == nil { map.keys.append(key) }
                map.entries[key, default: []].append(FieldEntry(parentType: parentType, field: field, definition: definition,
                                                                argumentsKey: Self.argumentsKey(field.arguments)))
            case .fragmentSpread(let spread):
                if !seenFragments.contains(spread.name.value) {
                    seenFragments.insert(spread.name.value)
                    fragmentNames.append(spread.name.value)
                }
            case .inlineFragment(let fragment):
                let type = fragment.typeCondition.map { context.schema.typeIndex[$0.name.value] } ?? parentType
                collect(type, fragment.selectionSet, &map, &fragmentNames, &seenFragments, context)
            }
        }
    }

    /// Arguments compared regardless of order, values compared by their printed form with
    /// object fields sorted (graphql-js's `stringifyValue`).
    static func argumentsKey(_ arguments: [Argument]) -> String {
        if arguments.isEmpty { return "" }
        return arguments.sorted { $0.name.value < $1.name.value }
            .map { $0.name.value + ":" + Printer.print(sorted($0.value)) }.joined(separator: ",")
    }

    static func sorted(_ value: LanternLanguage.Value) -> LanternLanguage.Value {
        switch value {
        case .object(let fields, let span):
            return .object(fields.map { ObjectField(name: $0.name, value: sorted($0.value), span: $0.span) }
                .sorted { $0.name.value < $1.name.value }, span)
        case .list(let items, let span):
            return .list(items.map(sorted), span)
        default:
            return value
        }
    }

    // MARK: Comparison

    mutating func fragmentID(_ name: String) -> Int {
        if let id = fragmentIDs[name] { return id }
        let id = fragmentIDs.count
        fragmentIDs[name] = id
        return id
    }

    mutating func pairKey(_ a: String, _ b: String) -> Int {
        let first = fragmentID(a), second = fragmentID(b)
        return first < second ? first << 32 | second : second << 32 | first
    }

    mutating func hasPair(_ a: String, _ b: String, _ mutuallyExclusive: Bool) -> Bool {
        guard let stored = comparedFragmentPairs[pairKey(a, b)] else { return false }
        return mutuallyExclusive ? true : stored == mutuallyExclusive
    }

    mutating func addPair(_ a: String, _ b: String, _ mutuallyExclusive: Bool) {
        comparedFragmentPairs[pairKey(a, b)] = mutuallyExclusive
    }

    mutating func collectConflictsWithin(_ conflicts: inout [Conflict], _ map: FieldMap, _ context: ValidationContext) {
        for key in map.keys {
            let fields = map.entries[key]!
            guard fields.count > 1 else { continue }
            if fields.count > 8 {
                collectWithinByClass(&conflicts, key, fields, context)
                continue
            }
            for i in fields.indices {
                for j in (i + 1)..<fields.count {
                    if let conflict = findConflict(false, key, fields[i], fields[j], context) { conflicts.append(conflict) }
                }
            }
        }
    }

    /// Many fields under one response name: group identical ones, compare class
    /// representatives, and expand to every pair only where representatives conflict.
    mutating func collectWithinByClass(_ conflicts: inout [Conflict], _ key: String, _ fields: [FieldEntry], _ context: ValidationContext) {
        var classes: [[Int]] = []
        var classIndex: [String: Int] = [:]
        for (index, entry) in fields.enumerated() {
            let signature = "\(entry.parentType ?? -1)|\(entry.field.name.value)|\(entry.argumentsKey)|"
                + (entry.field.selectionSet.map { Printer.print($0) } ?? "")
            if let existing = classIndex[signature] {
                classes[existing].append(index)
            } else {
                classIndex[signature] = classes.count
                classes.append([index])
            }
        }
        var pairs: [(Int, Int)] = []
        for a in classes.indices {
            let members = classes[a]
            if members.count > 1, findConflict(false, key, fields[members[0]], fields[members[1]], context) != nil {
                for i in members.indices { for j in (i + 1)..<members.count { pairs.append((members[i], members[j])) } }
            }
            for b in (a + 1)..<classes.count {
                if findConflict(false, key, fields[members[0]], fields[classes[b][0]], context) != nil {
                    for i in members { for j in classes[b] { pairs.append((min(i, j), max(i, j))) } }
                }
            }
        }
        pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        for (i, j) in pairs {
            if let conflict = findConflict(false, key, fields[i], fields[j], context) { conflicts.append(conflict) }
        }
    }

    mutating func collectConflictsBetween(_ conflicts: inout [Conflict], _ mutuallyExclusive: Bool,
                                          _ map1: FieldMap, _ map2: FieldMap, _ context: ValidationContext) {
        for key in map1.keys {
            guard let fields2 = map2.entries[key] else { continue }
            for field1 in map1.entries[key]! {
                for field2 in fields2 {
                    if let conflict = findConflict(mutuallyExclusive, key, field1, field2, context) { conflicts.append(conflict) }
                }
            }
        }
    }

    mutating func collectConflictsBetweenFieldsAndFragment(_ conflicts: inout [Conflict], _ mutuallyExclusive: Bool,
                                                           _ fields: CachedFields, _ fragmentName: String, _ context: ValidationContext) {
        guard let fragment = context.fragments[fragmentName] else { return }
        let fragmentFields = referencedFieldsAndFragmentNames(fragment, context)
        if fields.id == fragmentFields.id { return }
        collectConflictsBetween(&conflicts, mutuallyExclusive, fields.map, fragmentFields.map, context)
        for referenced in fragmentFields.fragmentNames {
            if hasPair(referenced, fragmentName, mutuallyExclusive) { continue }
            addPair(referenced, fragmentName, mutuallyExclusive)
            collectConflictsBetweenFieldsAndFragment(&conflicts, mutuallyExclusive, fields, referenced, context)
        }
    }

    mutating func collectConflictsBetweenFragments(_ conflicts: inout [Conflict], _ mutuallyExclusive: Bool,
                                                   _ name1: String, _ name2: String, _ context: ValidationContext) {
        if name1 == name2 { return }
        if hasPair(name1, name2, mutuallyExclusive) { return }
        addPair(name1, name2, mutuallyExclusive)
        guard let fragment1 = context.fragments[name1], let fragment2 = context.fragments[name2] else { return }
        let fields1 = referencedFieldsAndFragmentNames(fragment1, context)
        let fields2 = referencedFieldsAndFragmentNames(fragment2, context)
        collectConflictsBetween(&conflicts, mutuallyExclusive, fields1.map, fields2.map, context)
        for referenced in fields2.fragmentNames {
            collectConflictsBetweenFragments(&conflicts, mutuallyExclusive, name1, referenced, context)
        }
        for referenced in fields1.fragmentNames {
            collectConflictsBetweenFragments(&conflicts, mutuallyExclusive, referenced, name2, context)
        }
    }

    mutating func findConflictsBetweenSubSelectionSets(_ mutuallyExclusive: Bool, _ parent1: Int?, _ set1: SelectionSet,
                                                       _ parent2: Int?, _ set2: SelectionSet, _ context: ValidationContext) -> [Conflict] {
        guard subSelectionDepth < Self.maximumSubSelectionDepth else { return [] }
        subSelectionDepth += 1
        defer { subSelectionDepth -= 1 }
        var conflicts: [Conflict] = []
        let fields1 = fieldsAndFragmentNames(parent1, set1, context)
        let fields2 = fieldsAndFragmentNames(parent2, set2, context)
        collectConflictsBetween(&conflicts, mutuallyExclusive, fields1.map, fields2.map, context)
        // Below the selection set being checked, fragments on a cycle (which NoFragmentCycles
        // reports) are not expanded: each expansion would lead into the next without end, and
        // the comparisons multiply with every level. Where they are spread is still checked.
        let names1 = fields1.fragmentNames.filter { !context.cyclicFragments.contains($0) }
        let names2 = fields2.fragmentNames.filter { !context.cyclicFragments.contains($0) }
        for name2 in names2 {
            collectConflictsBetweenFieldsAndFragment(&conflicts, mutuallyExclusive, fields1, name2, context)
        }
        for name1 in names1 {
            collectConflictsBetweenFieldsAndFragment(&conflicts, mutuallyExclusive, fields2, name1, context)
        }
        for name1 in names1 {
            for name2 in names2 {
                collectConflictsBetweenFragments(&conflicts, mutuallyExclusive, name1, name2, context)
            }
        }
        return conflicts
    }

    mutating func findConflict(_ parentsMutuallyExclusive: Bool, _ responseName: String,
                               _ entry1: FieldEntry, _ entry2: FieldEntry, _ context: ValidationContext) -> Conflict? {
        let schema = context.schema
        var mutuallyExclusive = parentsMutuallyExclusive
        if !mutuallyExclusive, let parent1 = entry1.parentType, let parent2 = entry2.parentType, parent1 != parent2,
           schema.types[parent1].kind == .object, schema.types[parent2].kind == .object {
            mutuallyExclusive = true
        }
        let node1 = entry1.field, node2 = entry2.field
        if !mutuallyExclusive {
            if node1.name.value != node2.name.value {
                return Conflict(responseName: responseName,
                                reason: .message("\"\(node1.name.value)\" and \"\(node2.name.value)\" are different fields"),
                                fields1: [node1.span], fields2: [node2.span])
            }
            if entry1.argumentsKey != entry2.argumentsKey {
                return Conflict(responseName: responseName, reason: .message("they have differing arguments"),
                                fields1: [node1.span], fields2: [node2.span])
            }
        }
        let type1 = entry1.definition?.type, type2 = entry2.definition?.type
        if let type1, let type2, typesConflict(type1, type2, schema) {
            return Conflict(responseName: responseName,
                            reason: .message("they return conflicting types \"\(schema.describe(type1))\" and \"\(schema.describe(type2))\""),
                            fields1: [node1.span], fields2: [node2.span])
        }
        if let set1 = node1.selectionSet, let set2 = node2.selectionSet {
            let subConflicts = findConflictsBetweenSubSelectionSets(mutuallyExclusive, type1?.namedIndex, set1, type2?.namedIndex, set2, context)
            if !subConflicts.isEmpty {
                return Conflict(responseName: responseName,
                                reason: .subfields(subConflicts.map { ($0.responseName, $0.reason) }),
                                fields1: [node1.span] + subConflicts.flatMap(\.fields1),
                                fields2: [node2.span] + subConflicts.flatMap(\.fields2))
            }
        }
        return nil
    }

    func typesConflict(_ type1: TypeRef, _ type2: TypeRef, _ schema: Schema) -> Bool {
        switch (type1.shape, type2.shape) {
        case (.list(let inner1), .list(let inner2)): return typesConflict(inner1, inner2, schema)
        case (.list, _), (_, .list): return true
        case (.nonNull(let inner1), .nonNull(let inner2)): return typesConflict(inner1, inner2, schema)
        case (.nonNull, _), (_, .nonNull): return true
        case (.named(let a), .named(let b)):
            if schema.types[a].isLeaf || schema.types[b].isLeaf { return a != b }
            return false
        }
    }
}
