import LanternLanguage

/// The output fields of object and interface types.
extension SchemaDiffer {
    mutating func compareFields(_ oldType: SchemaType, _ newType: SchemaType) {
        for oldField in oldType.fields {
            let coordinate = SchemaCoordinate.member(type: oldType.name, member: oldField.name)
            let subject = "Field \(coordinate)"
            guard let newField = newType.field(named: oldField.name) else {
                report(.breaking, .fieldRemoved, coordinate, "\(subject) was removed.", at: location(of: oldField, in: old))
                continue
            }
            let at = location(of: newField, in: new)
            if !isSameType(oldField.type, newField.type) {
                let safe = isSafeOutputTypeChange(from: oldField.type, to: newField.type)
                report(safe ? .safe : .breaking, .fieldTypeChanged, coordinate,
                       "\(subject) changed type from \(old.describe(oldField.type)) to \(new.describe(newField.type)).", at: at)
            }
            compareArguments(oldField.arguments, newField.arguments, of: .field(type: oldType.name, field: oldField.name))
            compareDeprecation(oldField.deprecationReason, newField.deprecationReason, coordinate, subject: subject, at: at)
            compareDescription(oldField.description, newField.description, coordinate, subject: subject, at: at)
        }
        for newField in newType.fields where oldType.field(named: newField.name) == nil {
            let coordinate = SchemaCoordinate.member(type: newType.name, member: newField.name)
            report(.safe, .fieldAdded, coordinate, "Field \(coordinate) was added.", at: location(of: newField, in: new))
        }
    }
}
