import AgendaCore
import AgendaKit
import Foundation

/// `/committees/CODE`: who chairs now and next, the chair timeline, members, the committee's upcoming events and
/// its feeds.
enum CommitteePage {
    static func render(_ o: CommitteeOverview, listing: AgendaListing, feeds: [FeedLink], zone: TimeZone) -> String {
        let c = o.committee
        var h = HTML()
        h.raw("<h1>"); h.text("\(c.name) (\(c.code))"); h.raw("</h1><p class=\"meta\">")
        h.text([c.seatCity, c.timeZone].compactMap { $0 }.joined(separator: " · "))
        h.raw("</p><dl class=\"facts\"><dt>Chair today ("); h.text(o.today.description); h.raw(")</dt><dd class=\"chair-now\">")
        if let t = o.current { term(t, into: &h) } else { h.text("none recorded or projected") }
        h.raw("</dd><dt>Next chair</dt><dd class=\"chair-next\">")
        if let t = o.next { term(t, into: &h) } else { h.text("none recorded or projected") }
        h.raw("</dd></dl><h2>Chair rotation</h2>")
        h.raw(ChairTimeline.svg(o))
        h.raw("<p class=\"meta\">Solid: recorded terms. Hatched: projected from the rotation policy. The red line is today.</p>")
        if !o.members.isEmpty {
            h.raw("<h2>Members</h2><ul>")
            for m in o.members {
                h.raw("<li>"); h.text(m.state + (m.embassy.map { " — \($0)" } ?? "")); h.raw("</li>")
            }
            h.raw("</ul>")
        }
        h.raw("<h2>Coming up</h2>")
        EventList.render(listing, into: &h, emptyText: "Nothing is scheduled.")
        h.raw("<h2>Subscribe</h2>")
        FeedsPage.table(feeds, into: &h)
        return Layout.page(title: c.name, zone: zone, body: h.text)
    }

    static func term(_ t: ProjectedTerm, into h: inout HTML) {
        h.text("\(t.member), \(t.start) – \(t.end) (\(t.kind.rawValue)\(t.note.map { "; \($0)" } ?? ""))")
    }

    /// `/committees`: every committee with its chair today.
    static func index(_ overviews: [CommitteeOverview], zone: TimeZone) -> String {
        var h = HTML()
        h.raw("<h1>Committees</h1><ul>")
        for o in overviews {
            h.raw("<li>"); h.link("/committees/\(HTML.urlComponent(o.committee.code))", "\(o.committee.name) (\(o.committee.code))")
            if let t = o.current { h.raw(" <span class=\"meta\">chair: "); h.text(t.member); h.raw("</span>") }
            h.raw("</li>")
        }
        h.raw("</ul>")
        return Layout.page(title: "Committees", zone: zone, body: h.text)
    }
}

/// The chair terms of a committee as an inline SVG picture: one bar per term across the years around today,
/// recorded terms solid, projected ones hatched, today as a red line, years marked below. No script, no style
/// attribute (the page's CSP allows neither): presentation attributes only.
enum ChairTimeline {
    static let width = 960.0, barTop = 28.0, barHeight = 44.0, height = 110.0
    static let palette = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
                          "#9c755f", "#bab0ac", "#8cd17d", "#86bcb6"]

    static func svg(_ o: CommitteeOverview) -> String {
        let first = o.span.lowerBound.dayNumber, last = o.span.upperBound.dayNumber + 1
        let scale = width / Double(max(1, last - first))
        func x(_ d: LocalDate) -> Double { (Double(min(max(d.dayNumber, first), last) - first) * scale).rounded(toPlaces: 1) }
        let members = Array(Set(o.terms.map(\.member))).sorted()
        func colour(_ m: String) -> String { palette[(members.firstIndex(of: m) ?? 0) % palette.count] }
        var h = HTML()
        h.raw("<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-labelledby=\"tl-title\">")
        h.raw("<title id=\"tl-title\">"); h.text("Chair terms of \(o.committee.code), \(o.span.lowerBound) to \(o.span.upperBound)"); h.raw("</title>")
        h.raw("<defs><pattern id=\"hatch\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">")
        h.raw("<rect width=\"8\" height=\"8\" fill=\"#ffffff\" fill-opacity=\"0.55\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"#ffffff\" stroke-width=\"3\"/></pattern></defs>")
        for t in o.terms {
            let x0 = x(t.start), x1 = x(t.end.adding(days: 1))
            let projected = t.kind == .projected
            h.raw("<g class=\"term \(t.kind.rawValue)\"><title>")
            h.text("\(t.member): \(t.start) – \(t.end), \(t.kind.rawValue)\(t.note.map { " (\($0))" } ?? "")")
            h.raw("</title><rect x=\"\(x0)\" y=\"\(barTop)\" width=\"\(max(1, x1 - x0))\" height=\"\(barHeight)\" fill=\"\(colour(t.member))\" stroke=\"#ffffff\" stroke-width=\"1\"/>")
            if projected {
                h.raw("<rect x=\"\(x0)\" y=\"\(barTop)\" width=\"\(max(1, x1 - x0))\" height=\"\(barHeight)\" fill=\"url(#hatch)\"/>")
            }
            let label = t.member
            if x1 - x0 > Double(label.count) * 6.5 + 6 {
                h.raw("<text x=\"\((x0 + 4).rounded(toPlaces: 1))\" y=\"\(barTop + 27)\" font-size=\"12\" fill=\"#111111\">"); h.text(label); h.raw("</text>")
            }
            h.raw("</g>")
        }
        // Years.
        var year = o.span.lowerBound.year + 1
        while let jan = LocalDate(year: year, month: 1, day: 1), jan <= o.span.upperBound {
            let xx = x(jan)
            h.raw("<line x1=\"\(xx)\" y1=\"\(barTop - 6)\" x2=\"\(xx)\" y2=\"\(barTop + barHeight + 6)\" stroke=\"#8792a8\" stroke-width=\"1\"/>")
            h.raw("<text x=\"\(xx + 3)\" y=\"\(barTop + barHeight + 22)\" font-size=\"12\" fill=\"#3b4a66\">\(year)</text>")
            year += 1
        }
        let tx = x(o.today)
        h.raw("<line class=\"today\" x1=\"\(tx)\" y1=\"4\" x2=\"\(tx)\" y2=\"\(barTop + barHeight + 8)\" stroke=\"#d62728\" stroke-width=\"2\"/>")
        h.raw("<text x=\"\(min(tx + 4, width - 110))\" y=\"16\" font-size=\"12\" fill=\"#d62728\">today \(o.today)</text>")
        h.raw("</svg>")
        return h.text
    }
}

extension Double {
    func rounded(toPlaces n: Int) -> Double {
        let f = pow(10, Double(n))
        return (self * f).rounded() / f
    }
}

/// A public feed and its addresses.
struct FeedLink {
    var title: String
    var https: String
    var webcal: String
}

/// `/feeds`: every public feed with its https and webcal address.
enum FeedsPage {
    static func render(_ feeds: [FeedLink], zone: TimeZone) -> String {
        var h = HTML()
        h.raw("<h1>Subscribe</h1><p>Copy an address into Outlook, Google Calendar, Apple Calendar or Thunderbird (\"add calendar from URL\"), or open the webcal link. Internal feeds are reached only through secret links that the secretariat hands out.</p>")
        table(feeds, into: &h)
        return Layout.page(title: "Subscribe", zone: zone, body: h.text)
    }

    static func table(_ feeds: [FeedLink], into h: inout HTML) {
        h.raw("<table class=\"feeds\"><tr><th>Feed</th><th>Links</th></tr>")
        for f in feeds {
            h.raw("<tr><td>"); h.text(f.title); h.raw("</td><td>")
            h.link(f.webcal, "subscribe (webcal)", class: "webcal"); h.raw(" · ")
            h.link(f.https, "download", class: "https"); h.raw("<br><code>"); h.text(f.https); h.raw("</code></td></tr>")
        }
        h.raw("</table>")
    }
}
