#!/usr/bin/env python3
"""Checks a feed with recurring events against the occurrences the agenda lists.

Usage: interop_series.py FEED.ics OCCURRENCES.json FROM UNTIL [--khal]

OCCURRENCES.json is `agenda event list --json --include-cancelled --audience internal --from FROM --until UNTIL`
for the same database: every occurrence of every series in the window (overrides applied, cancelled ones
included), and the single events. `icalendar` + `recurring-ical-events` and `ical` must expand the feed to exactly
those occurrences (UID, start and end instants, status, title); khal must list each timed one at the same local
time (Europe/Rome) and each all-day one on the same day.
"""
import argparse
import datetime as dt
import json
import sys
import tempfile
import zoneinfo

import icalendar
import recurring_ical_events
from ical.calendar_stream import IcsCalendarStream

from interop_check import failures, fail, khal_import

UTC = dt.timezone.utc
ROME = zoneinfo.ZoneInfo("Europe/Rome")


def instant(v):
    """A DTSTART/DTEND value as a comparable key: UTC date-time, or the date itself for all-day."""
    if isinstance(v, dt.datetime):
        if v.tzinfo is None:
            return ("floating", v.isoformat())
        return v.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return v.isoformat()


def expected(events):
    out = []
    for e in events:
        if e["precision"] == "timed":
            out.append((e["uid"], e["startUTC"], e["endUTC"]))
        elif e["precision"] == "date":
            last = dt.date.fromisoformat(e["end"]) + dt.timedelta(days=1)
            out.append((e["uid"], e["start"], last.isoformat()))
    return sorted(out)


def in_gap(wall, zone):
    """Whether a wall time does not exist in a zone (a DST gap skips it)."""
    naive = dt.datetime.fromisoformat(wall)
    z = zoneinfo.ZoneInfo(zone)
    back = naive.replace(tzinfo=z).astimezone(UTC).astimezone(z).replace(tzinfo=None)
    return back != naive


def gap_deviations(got, want, events):
    """Occurrences whose start falls in a DST gap: the peers end them at the gap's wall clock plus the nominal
    length (a zero-length meeting at 03:30), the agenda after the exact duration, as RFC 5545 §3.8.5.3 says ("the
    same exact duration will apply to all the members of the generated recurrence set"). Those pairs are set
    aside and reported; any other difference fails."""
    gaps = {(e["uid"], e["startUTC"]) for e in events
            if e["precision"] == "timed" and e.get("occurrence") and in_gap(e["occurrence"], e["timeZone"])}
    extra = [g for g in set(got) - set(want) if (g[0], g[1]) in gaps]
    missing = [w for w in set(want) - set(got) if (w[0], w[1]) in gaps]
    if len(extra) == len(missing):
        return sorted(set(got) - set(extra)), sorted(set(want) - set(missing)), len(extra)
    return got, want, 0


def status_of(e):
    return {"confirmed": "CONFIRMED", "tentative": "TENTATIVE", "postponed": "TENTATIVE",
            "cancelled": "CANCELLED"}[e["status"]]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("feed")
    ap.add_argument("events")
    ap.add_argument("start")
    ap.add_argument("end")
    ap.add_argument("--khal", action="store_true")
    args = ap.parse_args()
    data = open(args.feed, "rb").read()
    events = [e for e in json.load(open(args.events)) if e["precision"] in ("timed", "date")]
    want = expected(events)
    a = dt.datetime.fromisoformat(args.start).replace(tzinfo=UTC)
    b = dt.datetime.fromisoformat(args.end).replace(tzinfo=UTC)
    series = sum(1 for e in events if e.get("occurrence"))
    if series == 0:
        fail("the listing holds no occurrence of a series")

    cal = icalendar.Calendar.from_ical(data)
    found = recurring_ical_events.of(cal).between(a, b)
    got = sorted((str(c["UID"]), instant(c["DTSTART"].dt), instant(c["DTEND"].dt)) for c in found)
    got, want_r, deviations = gap_deviations(got, want, events)
    if deviations:
        print(f"recurring-ical-events: {deviations} occurrence(s) starting in a DST gap end after the nominal length, "
              "not the exact duration (RFC 5545 §3.8.5.3); set aside")
    if got != want_r:
        extra, missing = sorted(set(got) - set(want)), sorted(set(want) - set(got))
        fail(f"recurring-ical-events: {len(got)} occurrences, agenda lists {len(want)}; extra {extra[:5]}, missing {missing[:5]}")
    # Titles and statuses of each occurrence, overrides included.
    by_key = {(e["uid"], e["startUTC"] if e["precision"] == "timed" else e["start"]): e for e in events}
    for c in found:
        key = (str(c["UID"]), instant(c["DTSTART"].dt))
        e = by_key.get(key)
        if e is None:
            continue
        if str(c.get("STATUS")) != status_of(e):
            fail(f"recurring-ical-events: {key}: STATUS {c.get('STATUS')} != {status_of(e)}")
        if e["title"] not in str(c.get("SUMMARY")):
            fail(f"recurring-ical-events: {key}: SUMMARY {c.get('SUMMARY')!r} lacks {e['title']!r}")
    print(f"icalendar {icalendar.__version__} + recurring-ical-events: {len(got)} occurrences "
          f"({series} of series) match `agenda event list`")

    ical_cal = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    ical_got = []
    for ev in ical_cal.timeline_tz(UTC).overlapping(a, b):
        ical_got.append((ev.uid, instant(ev.dtstart), instant(ev.dtend)))
    ical_got.sort()
    ical_got, want_i, deviations = gap_deviations(ical_got, want, events)
    if deviations:
        print(f"ical: {deviations} occurrence(s) starting in a DST gap end after the nominal length (RFC 5545 §3.8.5.3); set aside")
    if ical_got != want_i:
        extra, missing = sorted(set(ical_got) - set(want)), sorted(set(want) - set(ical_got))
        fail(f"ical: {len(ical_got)} occurrences, agenda lists {len(want)}; extra {extra[:5]}, missing {missing[:5]}")
    print(f"ical: {len(ical_got)} occurrences match")

    if args.khal:
        check_khal(args.feed, events, a, b)
    if failures:
        print(f"{len(failures)} interop failures in {args.feed}", file=sys.stderr)
        sys.exit(1)
    print(f"interop: {args.feed}: series OK")


def check_khal(path, events, a, b):
    with tempfile.TemporaryDirectory() as tmp:
        khal = khal_import(path, tmp)
        if khal is None:
            return
        # khal lists by local day; ask for the window's days, a day either side, and keep what starts inside.
        first = (a.astimezone(ROME).date() - dt.timedelta(days=1)).isoformat()
        last = (b.astimezone(ROME).date() + dt.timedelta(days=1)).isoformat()
        r = khal("list", "--format", "{uid}|{start}", "--day-format", "", first, last)
        listed = set(l for l in r.stdout.splitlines() if "|" in l)
        checked = 0
        for e in events:
            if e["precision"] == "timed":
                s = dt.datetime.fromisoformat(e["startUTC"].replace("Z", "+00:00")).astimezone(ROME)
                want = f"{e['uid']}|{s.strftime('%Y-%m-%d %H:%M')}"
            else:
                want = f"{e['uid']}|{e['start']}"
            if want not in listed:
                fail(f"khal: {want} not listed")
            checked += 1
        print(f"khal: {checked} occurrences listed at the agenda's local times")


if __name__ == "__main__":
    main()
