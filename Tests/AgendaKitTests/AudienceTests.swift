import AgendaCore
import AgendaKit
import Testing

@Suite("Audiences")
struct AudienceTests {
    @Test("public sees only public events; internal sees every class", arguments: Classification.allCases)
    func allows(_ c: Classification) {
        #expect(Audience.public.allows(c) == (c == .public))
        #expect(Audience.internal.allows(c))
    }
}
