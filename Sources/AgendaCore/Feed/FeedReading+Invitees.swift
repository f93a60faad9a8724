import ICalendar

extension FeedReading {
    /// The people an invitation names (RFC 5545 §3.8.4.3 ORGANIZER, §3.8.4.1 ATTENDEE) as the event's
    /// participants, by their common name (CN): the organiser first, then each attendee in the file's order, each
    /// once (the organiser is usually listed among the attendees too; an ORGANIZER without CN takes the name of the
    /// attendee with its address). A group (CUTYPE=GROUP) is an organisation; a room or a resource is a place, not a
    /// participant. Roles: `organiser`, `chair` (ROLE=CHAIR), `optional` (OPT-PARTICIPANT), `for information`
    /// (NON-PARTICIPANT), `declined` (PARTSTAT=DECLINED); a required participant has none. Only names are kept:
    /// the agenda holds no e-mail addresses. Someone named by address alone (no CN, or a CN that is an address) is
    /// left out, and that is noted.
    static func invitees(_ c: ICalendarReader.RawComponent, notes: inout [String]) -> [Participant] {
        struct Invitee { var name: String?; var address: String?; var group: Bool; var role: String? }
        func withoutScheme(_ text: String) -> String {
            text.lowercased().hasPrefix("mailto:") ? String(text.dropFirst("mailto:".count)) : text
        }
        func address(_ line: ICalendarReader.ContentLine) -> String? {
            let bare = withoutScheme(line.value.trimmedSpace)
            return bare.isEmpty ? nil : bare.lowercased()
        }
        // A name is one line: line breaks (RFC 6868's ^n), tabs and other control characters become spaces. A CN
        // that is an e-mail address (Google writes the address there when it knows no name) is no name: kept, it
        // would be published as the participant in the agenda's feeds.
        func name(_ line: ICalendarReader.ContentLine) -> String? {
            guard let cn = line.parameter("CN") else { return nil }
            let words = cn.split { $0.isWhitespace || $0.unicodeScalars.contains { $0.properties.generalCategory == .control } }
            guard !words.isEmpty else { return nil }
            let name = words.joined(separator: " ")
            let bare = withoutScheme(name)
            if words.count == 1, bare.contains("@"), bare.first != "@", bare.last != "@" { return nil }
            return name
        }
        var found: [Invitee] = []
        if let o = c.first("ORGANIZER") {
            found.append(Invitee(name: name(o), address: address(o), group: false, role: "organiser"))
        }
        for a in c.all("ATTENDEE") {
            let type = a.parameter("CUTYPE")?.uppercased()
            if type == "ROOM" || type == "RESOURCE" { continue }
            var role: String?
            switch a.parameter("ROLE")?.uppercased() {
            case "CHAIR": role = "chair"
            case "OPT-PARTICIPANT": role = "optional"
            case "NON-PARTICIPANT": role = "for information"
            default: break
            }
            if a.parameter("PARTSTAT")?.uppercased() == "DECLINED" { role = "declined" }
            let invitee = Invitee(name: name(a), address: address(a), group: type == "GROUP", role: role)
            // The organiser again, as an attendee: named from here when the ORGANIZER line had no CN; a chair
            // keeps that role.
            if let i = found.indices.first(where: { i in
                found[i].role == "organiser" && invitee.address != nil && found[i].address == invitee.address
            }) {
                if found[i].name == nil { found[i].name = invitee.name }
                if invitee.role == "chair" { found[i].role = "chair" }
                continue
            }
            found.append(invitee)
        }
        var seen: Set<String> = []
        var participants: [Participant] = []
        var unnamed = 0
        for invitee in found {
            guard let name = invitee.name else { unnamed += 1; continue }
            guard seen.insert(TextFolding.fold(name)).inserted else { continue }
            participants.append(Participant(invitee.group ? .organisation(name) : .person(name), role: invitee.role))
        }
        if unnamed > 0 { note("ORGANIZER or ATTENDEE named by address alone (no CN): not kept as a participant", in: &notes) }
        return participants
    }
}
