#!/usr/bin/env python3
"""Converts the peers' synthetic agenda (shared/bench/gen_agenda.py events.jsonl) into an Agenda scenario file, so
that `agenda export` and Python's icalendar serialise the same events.

Usage: peer_to_scenario.py EVENTS.jsonl OUT.json [--single]

Recurring events keep their RRULE and EXDATEs (wall times in the event's zone, or dates); with --single they are
single events at their first occurrence (the agenda the window figures before 2026-12-01 were measured on). ORGANIZER is dropped (feeds carry no attendees), X-AGENDA-COMMITTEE goes into the notes; descriptions, titles, locations,
zones, statuses and classes are carried over.
"""
import datetime as dt
import json
import sys

src, out = sys.argv[1], sys.argv[2]
single = "--single" in sys.argv[3:]
events = []
for line in open(src, encoding="utf-8"):
    e = json.loads(line)
    tz = e["tzid"] or "UTC"
    if e["all_day"]:
        start = e["start"]
        last = (dt.date.fromisoformat(e["end"]) - dt.timedelta(days=1)).isoformat()
        sched = {"start": start, "timeZone": tz} if last == start else {"start": start, "end": last, "timeZone": tz}
    else:
        sched = {"start": e["start"][:16] if e["start"].endswith(":00") else e["start"],
                 "end": e["end"][:16] if e["end"].endswith(":00") else e["end"], "timeZone": tz}
    def wall(x):
        return x[:16] if len(x) > 16 and x.endswith(":00") else x
    extra = {}
    if e.get("rrule") and not single:
        extra["rrule"] = e["rrule"]
        if e.get("exdates"):
            extra["exdates"] = [wall(x) for x in e["exdates"]]
    notes = e["description"] + (f"\nCommittee: {e['committee']}" if e["committee"] else "")
    events.append({
        "uid": e["uid"], "kind": "meeting", "title": e["title"], "schedule": sched,
        "status": e["status"].lower(), "classification": e["class"].lower(),
        "location": e["location"], "topics": e["categories"], "notes": notes, **extra,
    })
json.dump({"description": "peers' synthetic agenda", "recorded": "2026-01-15T08:00:00Z", "events": events},
          open(out, "w", encoding="utf-8"), ensure_ascii=False)
print(f"{len(events)} events -> {out}")
