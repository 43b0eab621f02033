import LanternLanguage

/// Directive definitions: removed, added, their arguments, locations and repeatability.
extension SchemaDiffer {
    mutating func compareDirectives() {
        for oldDirective in old.directives {
            let coordinate = SchemaCoordinate.directive(oldDirective.name)
            guard let newDirective = new.directive(named: oldDirective.name) else {
                report(.breaking, .directiveRemoved, coordinate, "Directive \(coordinate) was removed.",
                       at: location(of: oldDirective, in: old))
                continue
            }
            let at = location(of: newDirective, in: new)
            compareArguments(oldDirective.arguments, newDirective.arguments, of: .directive(oldDirective.name))
            if oldDirective.isRepeatable && !newDirective.isRepeatable {
                report(.breaking, .directiveRepeatableRemoved, coordinate, "Directive \(coordinate) is no longer repeatable.", at: at)
            } else if !oldDirective.isRepeatable && newDirective.isRepeatable {
                report(.safe, .directiveRepeatableAdded, coordinate, "Directive \(coordinate) is now repeatable.", at: at)
            }
            for place in oldDirective.locations where !newDirective.locations.contains(place) {
                report(.breaking, .directiveLocationRemoved, coordinate,
                       "Directive \(coordinate) can no longer be used on \(place.rawValue).",
                       at: location(ofLocation: place, in: oldDirective, of: old))
            }
            for place in newDirective.locations where !oldDirective.locations.contains(place) {
                report(.safe, .directiveLocationAdded, coordinate, "Directive \(coordinate) can now be used on \(place.rawValue).",
                       at: location(ofLocation: place, in: newDirective, of: new))
            }
            compareDescription(oldDirective.description, newDirective.description, coordinate,
                               subject: "Directive \(coordinate)", at: at)
        }
        for newDirective in new.directives where old.directive(named: newDirective.name) == nil {
            let coordinate = SchemaCoordinate.directive(newDirective.name)
            report(.safe, .directiveAdded, coordinate, "Directive \(coordinate) was added.", at: location(of: newDirective, in: new))
        }
    }
}
