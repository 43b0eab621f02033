import LanternLanguage

/// Enum values, union members and implemented interfaces. Removing any of them is breaking;
/// adding one is dangerous, because clients may receive a value or a type they do not handle.
extension SchemaDiffer {
    mutating func compareEnumValues(_ oldType: SchemaType, _ newType: SchemaType) {
        for oldValue in oldType.enumValues {
            let coordinate = SchemaCoordinate.member(type: oldType.name, member: oldValue.name)
            let subject = "Enum value \(coordinate)"
            guard let newIndex = newType.enumValueIndex[oldValue.name] else {
                report(.breaking, .enumValueRemoved, coordinate, "\(subject) was removed.", at: location(of: oldValue, in: old))
                continue
            }
            let newValue = newType.enumValues[newIndex]
            let at = location(of: newValue, in: new)
            compareDeprecation(oldValue.deprecationReason, newValue.deprecationReason, coordinate, subject: subject, at: at)
            compareDescription(oldValue.description, newValue.description, coordinate, subject: subject, at: at)
        }
        for newValue in newType.enumValues where oldType.enumValueIndex[newValue.name] == nil {
            let coordinate = SchemaCoordinate.member(type: newType.name, member: newValue.name)
            report(.dangerous, .enumValueAdded, coordinate, "Enum value \(coordinate) was added.", at: location(of: newValue, in: new))
        }
    }

    mutating func compareUnionMembers(_ oldType: SchemaType, _ newType: SchemaType) {
        let oldMembers = names(oldType.unionMembers, in: old), newMembers = names(newType.unionMembers, in: new)
        for member in oldMembers where !newMembers.contains(member) {
            report(.breaking, .unionMemberRemoved, .type(oldType.name), "\(member) was removed from union \(oldType.name).",
                   at: location(ofReference: member, in: oldType, of: old))
        }
        for member in newMembers where !oldMembers.contains(member) {
            report(.dangerous, .unionMemberAdded, .type(newType.name), "\(member) was added to union \(newType.name).",
                   at: location(ofReference: member, in: newType, of: new))
        }
    }

    mutating func compareInterfaces(_ oldType: SchemaType, _ newType: SchemaType) {
        let oldInterfaces = names(oldType.interfaces, in: old), newInterfaces = names(newType.interfaces, in: new)
        for interface in oldInterfaces where !newInterfaces.contains(interface) {
            report(.breaking, .interfaceRemoved, .type(oldType.name), "\(oldType.name) no longer implements \(interface).",
                   at: location(ofReference: interface, in: oldType, of: old))
        }
        for interface in newInterfaces where !oldInterfaces.contains(interface) {
            report(.dangerous, .interfaceAdded, .type(newType.name), "\(newType.name) now implements \(interface).",
                   at: location(ofReference: interface, in: newType, of: new))
        }
    }

    private func names(_ indices: [Int], in schema: Schema) -> [String] {
        var result: [String] = []
        for index in indices where !result.contains(schema.types[index].name) { result.append(schema.types[index].name) }
        return result
    }
}
