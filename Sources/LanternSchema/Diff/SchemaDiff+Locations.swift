import LanternLanguage

/// Where the elements being compared are written, for `SchemaChange.location`.
extension SchemaDiffer {
    /// The location of `span` in the schema's source `sourceIndex`; nil for the built-in definitions.
    func location(_ span: Span?, source sourceIndex: Int, in schema: Schema) -> SchemaChange.Location? {
        guard let span, schema.sources.indices.contains(sourceIndex) else { return nil }
        let source = schema.sources[sourceIndex]
        if source.name == BuiltinSDL.shared.directiveSource.name || source.name == BuiltinSDL.shared.introspectionSource.name {
            return nil
        }
        let located = schema.location(of: span, source: sourceIndex)
        return SchemaChange.Location(file: located.sourceName, line: located.location.line, column: located.location.column)
    }

    func location(of type: SchemaType, in schema: Schema) -> SchemaChange.Location? {
        location(type.definition?.name.span, source: type.sourceIndex, in: schema)
    }

    func location(of field: SchemaField, in schema: Schema) -> SchemaChange.Location? {
        location(field.node?.name.span, source: field.sourceIndex, in: schema)
    }

    func location(of value: SchemaInputValue, in schema: Schema) -> SchemaChange.Location? {
        location(value.node?.name.span, source: value.sourceIndex, in: schema)
    }

    func location(of value: SchemaEnumValue, in schema: Schema) -> SchemaChange.Location? {
        location(value.node?.name.span, source: value.sourceIndex, in: schema)
    }

    func location(of directive: SchemaDirective, in schema: Schema) -> SchemaChange.Location? {
        directive.isBuiltin ? nil : location(directive.node?.name.span, source: directive.sourceIndex, in: schema)
    }

    /// Where `type` (in its definition or one of its extensions) names `member` as an interface
    /// it implements or a union member; the type itself if no node does.
    func location(ofReference member: String, in type: SchemaType, of schema: Schema) -> SchemaChange.Location? {
        let nodes = (type.definition.map { [$0] } ?? []) + type.extensions
        let sources = [type.sourceIndex] + type.extensionSourceIndices
        for (node, source) in zip(nodes, sources) {
            let references: [NamedType]
            switch node {
            case .object(let object), .interface(let object): references = object.interfaces
            case .union(let union): references = union.types
            default: references = []
            }
            if let reference = references.first(where: { $0.name.value == member }) {
                return location(reference.name.span, source: source, in: schema)
            }
        }
        return location(of: type, in: schema)
    }

    /// Where `directive` lists `directiveLocation`; the directive itself if it does not.
    func location(ofLocation directiveLocation: DirectiveLocation, in directive: SchemaDirective,
                  of schema: Schema) -> SchemaChange.Location? {
        guard !directive.isBuiltin else { return nil }
        if let name = directive.node?.locations.first(where: { $0.value == directiveLocation.rawValue }) {
            return location(name.span, source: directive.sourceIndex, in: schema)
        }
        return location(of: directive, in: schema)
    }
}
