import AgendaKit
import Foundation

/// HTML text built by appending escaped pieces: every value that did not come from this module goes through
/// `escape`, so no data can open a tag, an attribute or a script.
struct HTML {
    private(set) var text = ""

    static func escape(_ s: String) -> String { HTMLText.escape(s) }

    /// Percent-encodes a path segment or query value (unreserved characters only are left).
    static func urlComponent(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// Markup written by this module.
    mutating func raw(_ s: String) { text += s }
    /// Text from data, escaped.
    mutating func text(_ s: String) { text += HTML.escape(s) }
    /// `<tag attrs>escaped text</tag>`.
    mutating func element(_ tag: String, _ content: String, class cls: String? = nil) {
        text += "<\(tag)\(cls.map { " class=\"\($0)\"" } ?? "")>\(HTML.escape(content))</\(tag)>"
    }
    /// A link whose address and text are escaped.
    mutating func link(_ href: String, _ label: String, class cls: String? = nil) {
        text += "<a href=\"\(HTML.escape(href))\"\(cls.map { " class=\"\($0)\"" } ?? "")>\(HTML.escape(label))</a>"
    }
}

/// The frame of every page: language, viewport, the stylesheet, navigation and the search form.
enum Layout {
    static func page(title: String, zone: TimeZone?, body: String) -> String {
        var h = HTML()
        h.raw("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        h.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        h.raw("<title>"); h.text(title); h.raw(" · Agenda</title>")
        h.raw("<link rel=\"stylesheet\" href=\"/style.css\"></head>\n<body><header><nav>")
        h.raw("<a href=\"/\" class=\"home\">Agenda</a> <a href=\"/committees\">Committees</a> <a href=\"/feeds\">Subscribe</a>")
        h.raw("<form action=\"/search\" method=\"get\" role=\"search\"><label for=\"q\" class=\"hidden\">Search</label>")
        h.raw("<input id=\"q\" name=\"q\" type=\"search\" placeholder=\"Search (e.g. doi thoai)\"><button>Search</button></form>")
        h.raw("</nav></header>\n<main>")
        h.raw(body)
        h.raw("</main><footer>")
        if let zone { h.raw("Times in "); h.text(zone.identifier); h.raw(" (change with ?tz=Area/City). ") }
        h.raw("Only public events are shown here.</footer></body></html>\n")
        return h.text
    }

    /// The stylesheet, served at /style.css (the CSP allows no inline style or script).
    static let stylesheet = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2433;background:#fbfbfd;line-height:1.45}
        header{background:#1f3b63;color:#fff;padding:.6em 1em}header nav{display:flex;flex-wrap:wrap;gap:1em;align-items:center}
        header a{color:#fff;text-decoration:none}header a.home{font-weight:700}header form{margin-left:auto;display:flex;gap:.3em}
        input[type=search]{padding:.3em .5em;min-width:12em}main{max-width:60em;margin:0 auto;padding:1em}
        h1{font-size:1.5em}h2{font-size:1.15em;border-bottom:1px solid #d5d9e2;padding-bottom:.2em;margin-top:1.6em}
        ul.events{list-style:none;padding:0;margin:0}ul.events li{padding:.35em 0;border-bottom:1px dotted #e3e6ee}
        .time{display:inline-block;min-width:9em;font-variant-numeric:tabular-nums;color:#3b4a66}
        .venue,.where,.meta{color:#5d6b85;font-size:.9em}.badge{font-size:.75em;padding:.05em .4em;border-radius:.3em;background:#e6ebf5;margin-left:.3em}
        .badge.tentative{background:#fff4d6}.badge.postponed{background:#ffe3d6}.badge.cancelled{background:#f5d6d6}
        section.tbc h2{color:#7a4b00}dl.facts dt{font-weight:600;margin-top:.5em}dl.facts dd{margin-left:1em}
        svg.timeline{width:100%;height:auto;border:1px solid #d5d9e2;background:#fff}
        .hidden{position:absolute;left:-9999px}footer{color:#5d6b85;font-size:.85em;padding:1em;text-align:center}
        table.feeds td,table.feeds th{padding:.3em .6em;text-align:left;vertical-align:top}code{word-break:break-all}
        @media (max-width:40em){.time{display:block}header form{margin-left:0;width:100%}input[type=search]{flex:1}}

        """
}
