import AgendaCore
import AgendaKit
import Foundation

/// `/events/ID`: one public event with its time (the viewer's and the venue's), place, committee, participants with
/// the titles they held at the time, source, and an "add to my calendar" link.
enum EventPage {
    static func render(_ e: Event, zone: TimeZone, base: String, now: Date) -> String {
        let listing = AgendaListing([e], viewer: zone)
        let item = listing.days.first?.items.first ?? listing.undated.first?.items.first
        var h = HTML()
        h.raw("<article class=\"event\"><h1>"); h.text(e.title); h.raw("</h1>")
        if let alt = e.altTitle { h.raw("<p class=\"meta\" lang=\"und\">"); h.text(alt); h.raw("</p>") }
        h.raw("<dl class=\"facts\"><dt>When</dt><dd>")
        if let day = listing.days.first { h.text(day.header + ", ") }
        if let p = listing.undated.first { h.text(p.header) } else { h.text(item?.time ?? e.schedule.label) }
        if let v = item?.venueTime { h.raw("<br><span class=\"venue\">local time "); h.text(v); h.raw("</span>") }
        h.raw("</dd>")
        if e.series != nil {
            // A series: how it repeats and its next occurrences (as changed; cancelled ones left out), at the venue.
            h.raw("<dt>Repeats</dt><dd>"); h.text(e.repetitionWords); h.raw("</dd>")
            if let next = try? e.nextOccurrencesText(now: now) {
                h.raw("<dt>Next</dt><dd>"); h.text(next)
                if e.schedule.timeZone != zone.identifier { h.raw(" <span class=\"venue\">"); h.text("(\(e.schedule.timeZone))"); h.raw("</span>") }
                h.raw("</dd>")
            }
        }
        h.raw("<dt>Status</dt><dd>"); h.text(e.status.rawValue); h.raw("</dd>")
        if let l = e.location { h.raw("<dt>Where</dt><dd>"); h.text(l); h.raw("</dd>") }
        if let c = e.committee {
            h.raw("<dt>Committee</dt><dd>"); h.link("/committees/\(HTML.urlComponent(c))", c); h.raw("</dd>")
        }
        if let chair = e.chair { h.raw("<dt>Chaired by</dt><dd>"); h.text(chair); h.raw("</dd>") }
        if !e.participants.isEmpty {
            h.raw("<dt>Participants</dt><dd><ul>")
            for p in e.participants { h.raw("<li>"); h.text(p.label); h.raw("</li>") }
            h.raw("</ul></dd>")
        }
        if !e.topics.isEmpty { h.raw("<dt>Topics</dt><dd>"); h.text(e.topics.joined(separator: ", ")); h.raw("</dd>") }
        if let n = e.notes { h.raw("<dt>Notes</dt><dd>"); h.text(n); h.raw("</dd>") }
        if let s = e.source {
            h.raw("<dt>Source</dt><dd>")
            if s.hasPrefix("https://") || s.hasPrefix("http://") { h.link(s, s) } else { h.text(s) }
            h.raw("</dd>")
        }
        h.raw("</dl>")
        if let id = e.id {
            h.raw("<p>"); h.link("/events/\(id).ics", "Add to my calendar (.ics)", class: "add"); h.raw("</p>")
        }
        h.raw("</article>")
        return Layout.page(title: e.title, zone: zone, body: h.text)
    }
}

/// `/search?q=`: events (public ones), people and organisations, ignoring case and diacritics.
enum SearchPage {
    static func render(_ site: SiteData, query: String, zone: TimeZone) throws -> String {
        var h = HTML()
        h.raw("<h1>Search</h1>")
        let q = query.trimmingCharacters(in: .whitespaces)
        if q.isEmpty {
            h.raw("<p class=\"meta\">Type words to find; case and diacritics do not matter (\"doi thoai\" finds \"Đối thoại\").</p>")
            return Layout.page(title: "Search", zone: zone, body: h.text)
        }
        let hits: (events: [Event], others: [String])
        do {
            hits = try site.search(q)
        } catch AgendaError.invalid(field: "query", _, _) {
            // Only punctuation or operators ("*", a lone quote): nothing to look for, said on the page.
            h.raw("<p class=\"meta\">"); h.text("“\(q)” holds no word or number to search for."); h.raw("</p>")
            return Layout.page(title: "Search", zone: zone, body: h.text)
        }
        h.raw("<p class=\"meta\">"); h.text("\(hits.events.count + hits.others.count) found for “\(q)”"); h.raw("</p>")
        if !hits.events.isEmpty {
            h.raw("<h2>Events</h2>")
            let listing = AgendaListing(hits.events, viewer: zone)
            EventList.render(listing.days.flatMap(\.items) + listing.undated.flatMap(\.items), into: &h)
        }
        if !hits.others.isEmpty {
            h.raw("<h2>People and organisations</h2><ul>")
            for o in hits.others { h.raw("<li>"); h.text(o); h.raw("</li>") }
            h.raw("</ul>")
        }
        return Layout.page(title: "Search: \(q)", zone: zone, body: h.text)
    }
}
