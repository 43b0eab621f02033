import LanternLanguage
import LanternSchema

/// Validates executable documents against a schema: every rule of the September 2025 edition
/// (graphql-js's `specifiedRules`, Operation Type Existence, the subscription `@skip`/`@include`
/// rule), one traversal for all of them.
public enum Validator {
    /// Validates `document`; an empty result means it may be executed.
    public static func validate(_ document: Document, schema: Schema, options: ValidationOptions = .default) -> [GraphQLError] {
        var walker = ValidationWalker(context: ValidationContext(schema: schema, document: document, maxErrors: options.maxErrors))
        walker.run(maxIntrospectionDepth: options.maxIntrospectionDepth)
        return walker.context.errors
    }
}

/// The single traversal. It keeps graphql-js's TypeInfo (parent type, field definition,
/// input type) and calls each rule at the nodes that rule inspects.
struct ValidationWalker {
    var context: ValidationContext
    var overlapping = OverlappingFieldsCanBeMergedRule()
    /// Variable usages per executable definition (by its span start), recorded as walked.
    var usages: [Int: [VariableUsage]] = [:]
    var currentDefinition = 0
    /// The non-repeatable directives seen on the schema's definitions and extensions, and on
    /// each type's (UniqueDirectivesPerLocation counts them together, as graphql-js does).
    var schemaDirectivesSeen: [String: Span] = [:]
    var typeDirectivesSeen: [String: [String: Span]] = [:]

    init(context: ValidationContext) {
        self.context = context
    }

    var schema: Schema { context.schema }

    mutating func run(maxIntrospectionDepth: Int?) {
        ExecutableDefinitionsRule.check(&context)
        OperationTypeExistenceRule.check(&context)
        UniqueOperationNamesRule.check(&context)
        LoneAnonymousOperationRule.check(&context)
        SingleFieldSubscriptionsRule.check(&context)
        UniqueFragmentNamesRule.check(&context)
        NoUnusedFragmentsRule.check(&context)
        NoFragmentCyclesRule.check(&context)
        UniqueVariableNamesRule.check(&context)
        for definition in context.document.definitions where !context.aborted {
            walk(definition)
        }
        NoUndefinedVariablesRule.check(&context, usages: usages)
        NoUnusedVariablesRule.check(&context, usages: usages)
        VariablesInAllowedPositionRule.check(&context, usages: usages)
        if let depth = maxIntrospectionDepth { MaxIntrospectionDepthRule.check(&context, maxDepth: depth) }
    }

    mutating func walk(_ definition: Definition) {
        switch definition {
        case .operation(let operation):
            currentDefinition = operation.span.start
            context.variableTypes = [:]
            for variable in operation.variableDefinitions {
                context.variableTypes[variable.variable.name.value] = variable.type
            }
            usages[currentDefinition] = []
            for variable in operation.variableDefinitions {
                KnownTypeNamesRule.check(variable.type.namedType, &context)
                VariablesAreInputTypesRule.check(variable, &context)
                if let defaultValue = variable.defaultValue {
                    let type = context.typeRef(variable.type)
                    walkValue(defaultValue, type: type.flatMap { schema.types[$0.namedIndex].isInputType ? $0 : nil },
                              hasDefault: false, recordUsages: false)
                }
                walkDirectives(variable.directives, location: .variableDefinition)
            }
            walkDirectives(operation.directives, location: operationLocation(operation.operation))
            walkSelectionSet(operation.selectionSet, parentType: schema.rootType(for: operation.operation))
        case .fragment(let fragment):
            currentDefinition = fragment.span.start
            usages[currentDefinition] = []
            KnownTypeNamesRule.check(fragment.typeCondition, &context)
            FragmentsOnCompositeTypesRule.check(fragment, &context)
            walkDirectives(fragment.directives, location: .fragmentDefinition)
            let type = schema.typeIndex[fragment.typeCondition.name.value]
            walkSelectionSet(fragment.selectionSet, parentType: type.flatMap { schema.types[$0].isComposite ? $0 : nil })
        case .type(let type), .typeExtension(let type):
            KnownTypeNamesRule.checkTypeSystem(type, &context)
            walkTypeSystemDirectives(definition)
        case .schema, .schemaExtension, .directive:
            walkTypeSystemDirectives(definition)
        }
    }

    func operationLocation(_ operation: OperationType) -> DirectiveLocation {
        switch operation {
        case .query: return .query
        case .mutation: return .mutation
        case .subscription: return .subscription
        }
    }

    mutating func walkSelectionSet(_ selectionSet: SelectionSet, parentType: Int?) {
        guard !context.aborted else { return }
        overlapping.check(selectionSet, parentType: parentType, &context)
        for selection in selectionSet.selections {
            switch selection {
            case .field(let field):
                let definition = parentType.flatMap { schema.fieldDefinition(field.name.value, on: $0) }
                FieldsOnCorrectTypeRule.check(field, parentType: parentType, definition: definition, &context)
                ScalarLeafsRule.check(field, definition: definition, &context)
                UniqueArgumentNamesRule.check(field.arguments, &context)
                for argument in field.arguments {
                    let argumentDefinition = definition?.argument(named: argument.name.value)
                    if argumentDefinition == nil, let definition, let parentType {
                        KnownArgumentNamesRule.reportUnknownFieldArgument(argument, field: definition, parentType: parentType, &context)
                    }
                    walkValue(argument.value, type: argumentDefinition?.type,
                              hasDefault: argumentDefinition?.defaultValue != nil, recordUsages: true)
                }
                if let definition { ProvidedRequiredArgumentsRule.check(field, definition: definition, &context) }
                walkDirectives(field.directives, location: .field)
                if let subselection = field.selectionSet {
                    let named = definition.map { $0.type.namedIndex }
                    walkSelectionSet(subselection, parentType: named.flatMap { schema.types[$0].isComposite ? $0 : nil })
                }
            case .inlineFragment(let fragment):
                var type = parentType
                if let condition = fragment.typeCondition {
                    KnownTypeNamesRule.check(condition, &context)
                    FragmentsOnCompositeTypesRule.check(fragment, &context)
                    type = schema.typeIndex[condition.name.value]
                }
                PossibleFragmentSpreadsRule.check(fragment, fragmentType: type, parentType: parentType, &context)
                walkDirectives(fragment.directives, location: .inlineFragment)
                walkSelectionSet(fragment.selectionSet, parentType: type.flatMap { schema.types[$0].isComposite ? $0 : nil })
            case .fragmentSpread(let spread):
                KnownFragmentNamesRule.check(spread, &context)
                PossibleFragmentSpreadsRule.check(spread, parentType: parentType, &context)
                walkDirectives(spread.directives, location: .fragmentSpread)
            }
        }
    }

    mutating func walkDirectives(_ directives: [Directive], location: DirectiveLocation) {
        guard !directives.isEmpty else { return }
        UniqueDirectivesPerLocationRule.check(directives, &context)
        for directive in directives { walkDirective(directive, location: location) }
    }

    /// Every rule for one directive but UniqueDirectivesPerLocation. A directive defined in the
    /// document itself (an ExecutableDefinitions error already) has that definition's locations
    /// and arguments, as graphql-js's directive rules read them; its values are still typed by
    /// the schema's definition, as graphql-js's TypeInfo types them.
    mutating func walkDirective(_ directive: Directive, location: DirectiveLocation) {
        let definition = schema.directive(named: directive.name.value)
        let declared = context.documentDirectives[directive.name.value]
        KnownDirectivesRule.check(directive, definition: definition, location: location, &context)
        UniqueArgumentNamesRule.check(directive.arguments, &context)
        for argument in directive.arguments {
            let argumentDefinition = definition?.argument(named: argument.name.value)
            if let declared {
                KnownArgumentNamesRule.check(argument, declared: declared, &context)
            } else if argumentDefinition == nil, let definition {
                KnownArgumentNamesRule.reportUnknownDirectiveArgument(argument, directive: definition, &context)
            }
            walkValue(argument.value, type: argumentDefinition?.type,
                      hasDefault: argumentDefinition?.defaultValue != nil, recordUsages: true)
        }
        if let declared {
            ProvidedRequiredArgumentsRule.check(directive, declared: declared, &context)
        } else if let definition {
            ProvidedRequiredArgumentsRule.check(directive, definition: definition, &context)
        }
    }

    /// Checks a value literal (ValuesOfCorrectType, UniqueInputFieldNames) and records the
    /// variables it uses with the types of their positions.
    mutating func walkValue(_ value: LanternLanguage.Value, type: TypeRef?, hasDefault: Bool, recordUsages: Bool) {
        UniqueInputFieldNamesRule.check(value, &context)
        ValuesOfCorrectTypeRule.check(value, type: type, &context)
        if recordUsages { recordVariableUsages(value, type: type, hasDefault: hasDefault) }
    }

    mutating func recordVariableUsages(_ value: LanternLanguage.Value, type: TypeRef?, hasDefault: Bool) {
        switch value {
        case .variable(let variable):
            usages[currentDefinition, default: []].append(
                VariableUsage(name: variable.name.value, span: variable.span, locationType: type, hasLocationDefault: hasDefault))
        case .list(let items, _):
            var itemType = type?.nullable
            if let current = itemType, case .list(let inner) = current.shape { itemType = inner }
            for item in items { recordVariableUsages(item, type: itemType, hasDefault: false) }
        case .object(let fields, _):
            let named = type.map { schema.types[$0.namedIndex] }
            for field in fields {
                var fieldType: TypeRef?
                var fieldDefault = false
                if let named, named.kind == .inputObject, let index = named.inputFieldIndex[field.name.value] {
                    fieldType = named.inputFields[index].type
                    fieldDefault = named.inputFields[index].defaultValue != nil
                }
                recordVariableUsages(field.value, type: fieldType, hasDefault: fieldDefault)
            }
        default:
            break
        }
    }
}
