import LanternLanguage
import LanternSchema

extension ExecutionState {
    /// ExecuteCollectedFields: writes `{…}` for `plans` on `source`. Returns false when a
    /// non-null field failed, so the null must move to the parent.
    @inlinable
    mutating func executeFields<R: Resolvers>(_ plans: [FieldPlan], source: R.Source, resolvers: R) -> Bool
        where R.Context == Context {
        writer.byte(0x7B)
        var first = true
        for plan in plans {
            if !first { writer.byte(0x2C) }
            first = false
            writer.bytes.append(contentsOf: plan.keyBytes)
            path.append(.key(plan.responseKey))
            let completed = executeField(plan, source: source, resolvers: resolvers)
            path.removeLast()
            if !completed { return false }
        }
        writer.byte(0x7D)
        return true
    }

    /// ExecuteField: resolve, then complete; a failed nullable field becomes null here.
    @inlinable
    mutating func executeField<R: Resolvers>(_ plan: FieldPlan, source: R.Source, resolvers: R) -> Bool where R.Context == Context {
        let mark = writer.bytes.count
        let orphanMark = orphans.count
        let type = plan.type
        let completed: Bool
        switch plan.kind {
        case .typename:
            writer.string(schema.types[plan.parentType].name)
            return true
        case .schema:
            completed = completeValue(type, plan, IntrospectionValue.schema, resolvers: IntrospectionResolvers<Context>(schema: schema))
        case .type:
            switch arguments(of: plan) {
            case .failure(let error):
                recordError(error)
                completed = false
            case .success(let arguments):
                var value = IntrospectionValue.null
                if case .string(let name)? = arguments["name"], let index = schema.typeIndex[name] {
                    value = .type(.named(index))
                }
                completed = completeValue(type, plan, value, resolvers: IntrospectionResolvers<Context>(schema: schema))
            }
        case .field:
            completed = resolveAndComplete(plan, source: source, resolvers: resolvers)
        }
        if type.isNonNull { return completed }
        if completed {
            adoptOrphans(since: orphanMark, start: mark)
        } else {
            writeNull(from: mark, orphanMark: orphanMark)
        }
        return true
    }

    @inlinable
    mutating func resolveAndComplete<R: Resolvers>(_ plan: FieldPlan, source: R.Source, resolvers: R) -> Bool where R.Context == Context {
        let arguments: JSONObject
        if plan.argumentError == nil && !plan.argumentsUseVariables {
            arguments = plan.arguments
        } else {
            switch self.arguments(of: plan) {
            case .success(let coerced): arguments = coerced
            case .failure(let error):
                recordError(error)
                return false
            }
        }
        let resolution: Resolution<R.Source>
        do {
            resolution = try resolvers.resolve(plan.info, source: source, arguments: arguments, context: context)
        } catch {
            recordThrown(error, plan)
            return false
        }
        switch resolution {
        case .value(let value):
            return completeValue(plan.type, plan, value, resolvers: resolvers)
        case .pending(let work):
            // Only the application's own resolvers return pending work (introspection never does).
            guard R.self == Main.self else {
                recordError("Internal server error", plan, code: "INTERNAL")
                return false
            }
            deferValue(plan, unsafeBitCast(work, to: (@Sendable () async throws -> Main.Source).self))
            return true
        }
    }

    /// CompleteValue: non-null checks, lists, leaves, objects and abstract types.
    @inlinable
    mutating func completeValue<R: Resolvers>(_ type: TypeRef, _ plan: FieldPlan, _ value: R.Source, resolvers: R) -> Bool where R.Context == Context {
        completeValue(type, plan, value, resolvers.view(value), resolvers: resolvers)
    }

    /// CompleteValue with the value's view already read: the view is read once per value, not
    /// once per wrapper type (reading it pattern-matches the application's value, which copies
    /// large inline payloads).
    @inlinable
    mutating func completeValue<R: Resolvers>(_ type: TypeRef, _ plan: FieldPlan, _ value: R.Source, _ view: ValueView,
                                              resolvers: R) -> Bool where R.Context == Context {
        switch type.shape {
        case .nonNull(let inner):
            if case .null = view {
                recordError("Cannot return null for non-nullable field \(schema.types[plan.parentType].name).\(plan.definition.name).", plan)
                return false
            }
            return completeValue(inner, plan, value, view, resolvers: resolvers)
        case .list(let itemType):
            switch view {
            case .null:
                writer.raw("null")
                return true
            case .value:
                recordError("Expected Iterable, but did not find one for field \"\(schema.types[plan.parentType].name).\(plan.definition.name)\".", plan)
                return false
            case .list(let count):
                writer.byte(0x5B)
                for index in 0..<count {
                    // A long list checks every 1,024 items whether the deadline cancelled the work.
                    if index & 1023 == 1023, Task.isCancelled {
                        recordError("The operation was cancelled before it finished.", plan, code: "TIMEOUT")
                        return false
                    }
                    if index > 0 { writer.byte(0x2C) }
                    let item = resolvers.element(of: value, at: index)
                    let mark = writer.bytes.count
                    let orphanMark = orphans.count
                    path.append(.index(index))
                    let completed = completeValue(itemType, plan, item, resolvers: resolvers)
                    path.removeLast()
                    if itemType.isNonNull {
                        if !completed { return false }
                    } else if completed {
                        adoptOrphans(since: orphanMark, start: mark)
                    } else {
                        writeNull(from: mark, orphanMark: orphanMark)
                    }
                }
                writer.byte(0x5D)
                return true
            }
        case .named(let index):
            if case .null = view {
                writer.raw("null")
                return true
            }
            let named = schema.types[index]
            switch named.kind {
            case .scalar, .enumType:
                return completeLeaf(named, plan, resolvers.leafValue(value))
            case .object:
                return completeObject(plan, objectType: index, value, resolvers: resolvers)
            case .interface, .union:
                guard let runtime = resolveAbstractType(named, plan, value, resolvers: resolvers) else { return false }
                return completeObject(plan, objectType: runtime, value, resolvers: resolvers)
            case .inputObject:
                recordError("Cannot complete an input object type.", plan)
                return false
            }
        }
    }

    /// CompleteValue for an object: its collected fields, or the collection's error at this
    /// field (the value then counts as a failed field).
    @inlinable
    mutating func completeObject<R: Resolvers>(_ plan: FieldPlan, objectType: Int, _ value: R.Source,
                                               resolvers: R) -> Bool where R.Context == Context {
        switch children(of: plan, objectType: objectType) {
        case .success(let plans):
            return executeFields(plans, source: value, resolvers: resolvers)
        case .failure(let error):
            recordError(error)
            return false
        }
    }

    @inlinable
    mutating func completeLeaf(_ type: SchemaType, _ plan: FieldPlan, _ value: JSONValue) -> Bool {
        if type.kind == .enumType {
            if case .string(let name) = value, type.enumValueIndex[name] != nil {
                writer.string(name)
                return true
            }
            recordError("Enum \"\(type.name)\" cannot represent value: \(inspect(value))", plan)
            return false
        }
        guard let builtin = type.builtinScalar else {
            writer.value(value)
            return true
        }
        switch (builtin, value) {
        case (.string, .string(let text)), (.id, .string(let text)):
            writer.string(text)
            return true
        case (.int, .int(let number)) where number >= -2_147_483_648 && number <= 2_147_483_647:
            writer.int(number)
            return true
        case (.boolean, .bool(let flag)):
            flag ? writer.raw("true") : writer.raw("false")
            return true
        default:
            break
        }
        guard let serialized = OutputCoercion.serialize(value, builtin) else {
            recordError(Self.serializationMessage(builtin, value), plan)
            return false
        }
        writer.value(serialized)
        return true
    }

    @usableFromInline
    static func serializationMessage(_ scalar: BuiltinScalar, _ value: JSONValue) -> String {
        switch scalar {
        case .int:
            if let number = value.doubleValue, number.rounded() == number {
                return "Int cannot represent non 32-bit signed integer value: \(inspect(value))"
            }
            return "Int cannot represent non-integer value: \(inspect(value))"
        case .float: return "Float cannot represent non numeric value: \(inspect(value))"
        case .string: return "String cannot represent value: \(inspect(value))"
        case .boolean: return "Boolean cannot represent a non boolean value: \(inspect(value))"
        case .id: return "ID cannot represent value: \(inspect(value))"
        }
    }

    /// ResolveAbstractType: the concrete object type of a value of an interface or union.
    @inlinable
    mutating func resolveAbstractType<R: Resolvers>(_ abstract: SchemaType, _ plan: FieldPlan, _ value: R.Source,
                                                    resolvers: R) -> Int? where R.Context == Context {
        let name: String?
        do {
            name = try resolvers.typeName(of: value, abstractType: abstract)
        } catch {
            recordThrown(error, plan)
            return nil
        }
        guard let name else {
            recordError("Abstract type \"\(abstract.name)\" must resolve to an Object type at runtime for field \"\(schema.types[plan.parentType].name).\(plan.definition.name)\". Either the \"\(abstract.name)\" type should provide a \"resolveType\" function or each possible type should provide an \"isTypeOf\" function.", plan)
            return nil
        }
        guard let index = schema.typeIndex[name] else {
            recordError("Abstract type \"\(abstract.name)\" was resolved to a type \"\(name)\" that does not exist inside the schema.", plan)
            return nil
        }
        guard schema.types[index].kind == .object else {
            recordError("Abstract type \"\(abstract.name)\" was resolved to a non-object type \"\(name)\".", plan)
            return nil
        }
        guard let abstractIndex = schema.typeIndex[abstract.name], schema.isSubType(abstractIndex, index) else {
            recordError("Runtime Object type \"\(name)\" is not a possible type for \"\(abstract.name)\".", plan)
            return nil
        }
        return index
    }
}
