import LanternLanguage

/// Descriptions and deprecations: documentation, always safe, but worth listing.
extension SchemaDiffer {
    mutating func compareDescription(_ oldDescription: String?, _ newDescription: String?, _ coordinate: SchemaCoordinate,
                                     subject: String, at location: SchemaChange.Location?) {
        switch (oldDescription, newDescription) {
        case (nil, .some):
            report(.safe, .descriptionChanged, coordinate, "\(subject) gained a description.", at: location)
        case (.some, nil):
            report(.safe, .descriptionChanged, coordinate, "\(subject) lost its description.", at: location)
        case let (oldText?, newText?) where oldText != newText:
            report(.safe, .descriptionChanged, coordinate, "The description of \(subject) changed.", at: location)
        default:
            break
        }
    }

    mutating func compareDeprecation(_ oldReason: String?, _ newReason: String?, _ coordinate: SchemaCoordinate,
                                     subject: String, at location: SchemaChange.Location?) {
        switch (oldReason, newReason) {
        case let (nil, reason?):
            report(.safe, .deprecationChanged, coordinate, "\(subject) was deprecated: \(reason)", at: location)
        case (.some, nil):
            report(.safe, .deprecationChanged, coordinate, "\(subject) is no longer deprecated.", at: location)
        case let (oldText?, newText?) where oldText != newText:
            report(.safe, .deprecationChanged, coordinate, "The deprecation reason of \(subject) changed to: \(newText)", at: location)
        default:
            break
        }
    }
}
