import LanternLanguage

/// Which changes of a field's or input's type keep every old document valid. Types are compared
/// by name, since the same type has different indices in the two schemas.
extension SchemaDiffer {
    /// `oldType` (in the old schema) and `newType` (in the new one) are written the same.
    func isSameType(_ oldType: TypeRef, _ newType: TypeRef) -> Bool {
        old.describe(oldType) == new.describe(newType)
    }

    /// An output position may only become stricter: nullable to non-null (at any list depth),
    /// or an abstract type narrowed to one of its own types that still covers all of its
    /// possible types (a fragment on any of them keeps validating). Anything else can change
    /// what old documents select or receive.
    func isSafeOutputTypeChange(from oldType: TypeRef, to newType: TypeRef) -> Bool {
        switch (oldType.shape, newType.shape) {
        case (_, .nonNull(let newInner)) where !oldType.isNonNull:
            return isSafeOutputTypeChange(from: oldType, to: newInner)
        case let (.nonNull(oldInner), .nonNull(newInner)), let (.list(oldInner), .list(newInner)):
            return isSafeOutputTypeChange(from: oldInner, to: newInner)
        case let (.named(oldIndex), .named(newIndex)):
            let oldName = old.types[oldIndex].name
            return oldName == new.types[newIndex].name || isCoveringNarrowing(of: oldName, to: newIndex)
        default:
            return false
        }
    }

    /// An input position may only become looser: non-null to nullable (at any list depth).
    /// Anything stricter, or another named type, rejects values old documents send.
    func isSafeInputTypeChange(from oldType: TypeRef, to newType: TypeRef) -> Bool {
        switch (oldType.shape, newType.shape) {
        case let (.nonNull(oldInner), .nonNull(newInner)), let (.list(oldInner), .list(newInner)):
            return isSafeInputTypeChange(from: oldInner, to: newInner)
        case (.nonNull(let oldInner), _):
            return isSafeInputTypeChange(from: oldInner, to: newType)
        case let (.named(oldIndex), .named(newIndex)):
            return old.types[oldIndex].name == new.types[newIndex].name
        default:
            return false
        }
    }

    /// `abstractName` is still an abstract type in the new schema, `newIndex` is one of its
    /// types, and every possible type of the abstract type is possible for `newIndex` too.
    private func isCoveringNarrowing(of abstractName: String, to newIndex: Int) -> Bool {
        guard let abstractIndex = new.typeIndex[abstractName], new.types[abstractIndex].isAbstract,
              new.types[newIndex].kind == .object || new.types[newIndex].kind == .interface,
              new.isSubType(abstractIndex, newIndex) else { return false }
        return Set(new.possibleTypes(of: abstractIndex)).isSubset(of: Set(new.possibleTypes(of: newIndex)))
    }
}
