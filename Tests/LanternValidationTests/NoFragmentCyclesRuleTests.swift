import Testing
@testable import LanternValidation

/// §5.5.2.2 Fragment Spreads Must Not Form Cycles.
@Suite("NoFragmentCycles")
struct NoFragmentCyclesTests {
    @Test("accepts a valid document")
    func valid0() {
        expectValid("{ dog { ...A } } fragment A on Dog { name ...B } fragment B on Dog { barks }")
    }

    @Test("rejects: { dog { ...fragA } } fragment fragA on Dog { ...fragB } frag")
    func invalid0() {
        expectErrors("{ dog { ...fragA } } fragment fragA on Dog { ...fragB } fragment fragB on Dog { ...fragA }", at: [[(1, 46), (1, 81)]],
                     messages: ["Cannot spread fragment 'fragA' within itself via 'fragB'."])
    }

    @Test("rejects: { dog { ...fragA } } fragment fragA on Dog { ...fragB, ...fr")
    func invalid1() {
        expectErrors("{ dog { ...fragA } } fragment fragA on Dog { ...fragB, ...fragC } fragment fragB on Dog { ...fragA, ...fragC } fragment fragC on Dog { ...fragA, ...fragB }", at: [[(1, 46), (1, 91)], [(1, 46), (1, 101), (1, 136)], [(1, 101), (1, 146)]],
                     messages: ["Cannot spread fragment 'fragA' within itself via 'fragB'.", "Cannot spread fragment 'fragA' within itself via 'fragB', 'fragC'.", "Cannot spread fragment 'fragB' within itself via 'fragC'."])
    }
}

@Suite struct FragmentsInCyclesTests {
    @Test func onlyFragmentsOnACycleAreFound() throws {
        let document = try Parser.parse("""
            { dog { ...A ...D } }
            fragment A on Dog { ...B } fragment B on Dog { owner { pets { ...C } } } fragment C on Dog { ...A name }
            fragment D on Dog { ...E } fragment E on Dog { name } fragment F on Dog { ...F }
            """)
        var spreads: [String: [FragmentSpread]] = [:]
        for fragment in document.fragments { spreads[fragment.name.value] = ValidationContext.spreads(in: fragment.selectionSet) }
        #expect(ValidationContext.fragmentsInCycles(spreads) == ["A", "B", "C", "F"])
    }
}
