import LanternSchema

/// The `baseline` option: the breaking changes from an earlier version of the SDL, as errors
/// located where the change is (in the current SDL, or in the baseline for a removal).
enum BaselineCheck {
    static func diagnostics(schema: Schema, baseline: Codegen.SDLFile, accepted: [String],
                            configPath: String) -> [CodegenDiagnostic] {
        let old: Schema
        do {
            old = try Schema.build(sources: [Source(baseline.text, name: baseline.path)])
        } catch {
            return Codegen.diagnostics(for: error, defaultFile: baseline.path, prefix: "invalid baseline: ")
        }
        let accepted = Set(accepted)
        return SchemaDiff.breakingChanges(old: old, new: schema)
            .filter { !accepted.contains($0.coordinate.description) }
            .map { change in
                let message = "breaking change: \(change.message) (to accept it, add \"\(change.coordinate)\" to acceptedBreakingChanges)"
                guard let location = change.location else {
                    return CodegenDiagnostic(file: configPath, line: 1, column: 1, message: message)
                }
                return CodegenDiagnostic(file: location.file, line: location.line, column: location.column, message: message)
            }
    }
}
