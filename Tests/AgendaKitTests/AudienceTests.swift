import AgendaCore
import AgendaKit
import Foundation
import Testing

@Suite("Audiences")
struct AudienceTests {
    func event(_ c: Classification) -> Event {
        Event(id: 7, uid: "uid-audience-test", kind: .meeting, title: "Briefing",
              schedule: try! Schedule(.period(Period(iso: "2023-10")!), timeZone: "Europe/Rome"),
              status: .confirmed, classification: c)
    }

    @Test("The public audience asks the store for public events only; internal asks for all")
    func filters() {
        #expect(FeedExporter.filter(committees: [], window: nil, audience: .public).classifications == [.public])
        #expect(FeedExporter.filter(committees: [], window: nil, audience: .internal).classifications.isEmpty)
    }

    @Test("Asked for one event, the public audience refuses a private or confidential one by name", arguments: [
        (Classification.private, "private"), (.confidential, "confidential"),
    ])
    func refusesOne(classification: Classification, word: String) {
        #expect(throws: AgendaError.invalid(field: "audience", value: "public",
                                            expected: "internal to see event 7, which is \(word)")) {
            try Audience.public.check(event(classification))
        }
        #expect(throws: Never.self) { try Audience.internal.check(event(classification)) }
        #expect(throws: Never.self) { try Audience.public.check(event(.public)) }
    }
}
