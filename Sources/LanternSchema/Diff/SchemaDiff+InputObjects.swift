import LanternLanguage

/// The fields of input objects, and `@oneOf`.
extension SchemaDiffer {
    mutating func compareInputFields(_ oldType: SchemaType, _ newType: SchemaType) {
        for oldField in oldType.inputFields {
            let coordinate = SchemaCoordinate.member(type: oldType.name, member: oldField.name)
            guard let newIndex = newType.inputFieldIndex[oldField.name] else {
                report(.breaking, .inputFieldRemoved, coordinate, "Input field \(coordinate) was removed.",
                       at: location(of: oldField, in: old))
                continue
            }
            compareInputValue(oldField, newType.inputFields[newIndex], coordinate, typeChange: .inputFieldTypeChanged,
                              subject: "Input field \(coordinate)")
        }
        for newField in newType.inputFields where oldType.inputFieldIndex[newField.name] == nil {
            let coordinate = SchemaCoordinate.member(type: newType.name, member: newField.name)
            let at = location(of: newField, in: new)
            if newField.isRequired {
                report(.breaking, .inputFieldAdded, coordinate, "Required input field \(coordinate) was added.", at: at)
            } else {
                report(.dangerous, .inputFieldAdded, coordinate, "Optional input field \(coordinate) was added.", at: at)
            }
        }
        let at = location(of: newType, in: new)
        if !oldType.isOneOf && newType.isOneOf {
            report(.breaking, .oneOfAdded, .type(newType.name),
                   "\(newType.name) is now a @oneOf input object: exactly one field must be given.", at: at)
        } else if oldType.isOneOf && !newType.isOneOf {
            report(.dangerous, .oneOfRemoved, .type(newType.name),
                   "\(newType.name) is no longer a @oneOf input object: several fields, or none, may be given.", at: at)
        }
    }
}
