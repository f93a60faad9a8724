import AgendaCore
import AgendaKit
import Foundation

/// Lists of events as the pages show them: the viewer's time, the venue's when it differs, where, which committee.
enum EventList {
    static func render(_ items: [AgendaListing.Item], into h: inout HTML) {
        h.raw("<ul class=\"events\">")
        for item in items {
            let e = item.event
            h.raw("<li><span class=\"time\">"); h.text(item.time); h.raw("</span> ")
            h.link(e.id.map { "/events/\($0)" } ?? "#", e.title, class: "title")
            if e.status != .confirmed { h.raw(" <span class=\"badge \(e.status.rawValue)\">"); h.text(e.status.rawValue); h.raw("</span>") }
            if let c = e.committee {
                h.raw(" <a class=\"badge\" href=\"/committees/\(HTML.escape(HTML.urlComponent(c)))\">"); h.text(c); h.raw("</a>")
            }
            if let v = item.venueTime { h.raw("<br><span class=\"venue\">local time "); h.text(v); h.raw("</span>") }
            if let l = e.location { h.raw("<br><span class=\"where\">"); h.text(l); h.raw("</span>") }
            h.raw("</li>")
        }
        h.raw("</ul>")
    }

    /// Days, then the "date TBC" periods in their own section.
    static func render(_ listing: AgendaListing, into h: inout HTML, emptyText: String) {
        if listing.days.isEmpty { h.raw("<p class=\"meta\">"); h.text(emptyText); h.raw("</p>") }
        for day in listing.days {
            h.raw("<section class=\"day\"><h2>"); h.text(day.header); h.raw("</h2>")
            render(day.items, into: &h)
            h.raw("</section>")
        }
        if !listing.undated.isEmpty {
            h.raw("<section class=\"tbc\" id=\"tbc\"><h2>Date to be confirmed</h2>")
            for period in listing.undated {
                h.raw("<h3>"); h.text(period.header); h.raw("</h3>")
                render(period.items, into: &h)
            }
            h.raw("</section>")
        }
    }
}

/// `/`: what is coming, by day in the viewer's zone, then the items whose date is known only to a month, quarter
/// or year ("October 2023 — date TBC").
enum AgendaPage {
    static func render(_ site: SiteData, from: Date, days: Int, zone: TimeZone) throws -> String {
        let listing = try site.listing(from: from, days: days, zone: zone)
        var h = HTML()
        let first = LocalDate(from, in: zone)
        h.raw("<h1>Upcoming</h1><p class=\"meta\">")
        h.text("From \(AgendaListing.dayHeader(first)), \(days) days; dates to be confirmed within two years.")
        let next = first.adding(days: days)
        h.raw(" <a href=\"/?from=\(next)&amp;days=\(days)&amp;tz=\(HTML.escape(HTML.urlComponent(zone.identifier)))\">Later →</a></p>")
        EventList.render(listing, into: &h, emptyText: "Nothing is scheduled in these days.")
        return Layout.page(title: "Upcoming", zone: zone, body: h.text)
    }
}
