#!/usr/bin/env python3
"""Checks an exported feed with independent iCalendar implementations.

Usage: interop_check.py FEED.ics EXPECTED_EVENTS.json [--terms TERMS.json] [--khal N]

EXPECTED_EVENTS.json is `agenda event list --json --include-cancelled` (or `upcoming --json`) for the same events;
TERMS.json is `agenda chair history CODE --json`. The feed must parse without error in `icalendar` and in `ical`;
event counts, UIDs, start/end instants (timed events) or days (all-day and imprecise events) and all-day-ness must
match; `recurring-ical-events` must find every event; with --khal N, khal imports the feed and lists N sampled
timed events at the right local times (Europe/Rome) and all-day events on the right days.
"""
import argparse
import calendar
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import zoneinfo

import icalendar
import recurring_ical_events
from ical.calendar_stream import IcsCalendarStream

UTC = dt.timezone.utc
failures = []


def fail(msg):
    failures.append(msg)
    if len(failures) <= 20:
        print("FAIL:", msg, file=sys.stderr)


def days_of(e):
    """First and last day (inclusive) of an all-day or imprecise expected event."""
    p, s = e["precision"], e["start"]
    if p == "date":
        return dt.date.fromisoformat(s), dt.date.fromisoformat(e["end"])
    if p == "month":
        y, m = int(s[:4]), int(s[5:7])
        return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])
    if p == "quarter":
        y, q = int(s[:4]), int(s[6])
        last = q * 3
        return dt.date(y, last - 2, 1), dt.date(y, last, calendar.monthrange(y, last)[1])
    y = int(s)
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def utc(s):
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00"))


def expected_map(events, terms):
    exp = {}
    for e in events:
        if e["precision"] == "timed":
            exp[e["uid"]] = ("timed", utc(e["startUTC"]), utc(e["endUTC"]), e)
        else:
            first, last = days_of(e)
            exp[e["uid"]] = ("date", first, last + dt.timedelta(days=1), e)
    for t in terms:
        exp[t["uid"]] = ("date", dt.date.fromisoformat(t["start"]),
                         dt.date.fromisoformat(t["end"]) + dt.timedelta(days=1), t)
    return exp


def compare(lib, uid, kind, start, end, got_start, got_end):
    if kind == "timed":
        if not isinstance(got_start, dt.datetime) or got_start.tzinfo is None:
            return fail(f"{lib}: {uid}: DTSTART {got_start!r} is not an aware date-time")
        if got_start.astimezone(UTC) != start or got_end.astimezone(UTC) != end:
            fail(f"{lib}: {uid}: {got_start.astimezone(UTC)}..{got_end.astimezone(UTC)} != {start}..{end}")
    else:
        if isinstance(got_start, dt.datetime) or isinstance(got_end, dt.datetime):
            return fail(f"{lib}: {uid}: expected all-day, got {got_start!r}")
        if got_start != start or got_end != end:
            fail(f"{lib}: {uid}: {got_start}..{got_end} != {start}..{end}")


def check_icalendar(data, exp):
    cal = icalendar.Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    uids = [str(v["UID"]) for v in events]
    if len(uids) != len(set(uids)):
        fail("icalendar: duplicate UIDs")
    if set(uids) != set(exp):
        fail(f"icalendar: UIDs differ: {len(set(uids) - set(exp))} extra, {len(set(exp) - set(uids))} missing")
    tzids = {str(c["TZID"]) for c in cal.walk("VTIMEZONE")}
    for v in events:
        uid = str(v["UID"])
        if uid not in exp:
            continue
        kind, start, end, e = exp[uid]
        compare("icalendar", uid, kind, start, end, v["DTSTART"].dt, v["DTEND"].dt)
        tzid = v["DTSTART"].params.get("TZID")
        if tzid and tzid not in tzids:
            fail(f"icalendar: {uid}: TZID {tzid} has no VTIMEZONE")
        if "title" in e:
            summary = str(v["SUMMARY"])
            if e["title"] not in summary:
                fail(f"icalendar: {uid}: SUMMARY {summary!r} lacks the title {e['title']!r}")
            if e.get("notes"):
                notes = e["notes"].replace("\r\n", "\n").replace("\r", "\n")
                if notes not in str(v["DESCRIPTION"]):
                    fail(f"icalendar: {uid}: DESCRIPTION lacks the notes")
            status = {"confirmed": "CONFIRMED", "tentative": "TENTATIVE", "postponed": "TENTATIVE",
                      "cancelled": "CANCELLED"}[e["status"]]
            if str(v["STATUS"]) != status:
                fail(f"icalendar: {uid}: STATUS {v['STATUS']} != {status}")
            if e["precision"] in ("month", "quarter", "year") and str(v.get("X-AGENDA-PRECISION")) != e["precision"]:
                fail(f"icalendar: {uid}: precision not carried")
    print(f"icalendar {icalendar.__version__}: {len(events)} events parsed and matched")
    return cal


def check_ical(data, exp):
    cal = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    uids = [e.uid for e in cal.events]
    if set(uids) != set(exp) or len(uids) != len(exp):
        fail(f"ical: {len(uids)} events, UIDs differ from the database's {len(exp)}")
    for ev in cal.events:
        if ev.uid in exp:
            kind, start, end, _ = exp[ev.uid]
            compare("ical", ev.uid, kind, start, end, ev.dtstart, ev.dtend)
    print(f"ical: {len(cal.events)} events parsed and matched")


def check_recurring(cal, exp):
    found = recurring_ical_events.of(cal).between((1990, 1, 1), (2100, 1, 1))
    uids = {str(e["UID"]) for e in found}
    if uids != set(exp):
        fail(f"recurring-ical-events: found {len(uids)} of {len(exp)} events")
    # A window by days: every all-day event overlapping it, no other.
    a, b = dt.date(2023, 10, 1), dt.date(2023, 11, 1)
    got = {str(e["UID"]) for e in recurring_ical_events.of(cal).between(a, b)
           if not isinstance(e["DTSTART"].dt, dt.datetime)}
    want = {u for u, (k, s, e, _) in exp.items() if k == "date" and s < b and e > a}
    if got != want:
        fail(f"recurring-ical-events: October 2023 all-day events {len(got)} != {len(want)}")
    print(f"recurring-ical-events: {len(found)} events found; {len(want)} all-day events in October 2023 matched")


def khal_import(path, tmp):
    """Imports a feed into a fresh khal calendar in `tmp` (local zone Europe/Rome); returns a function that runs
    khal with that configuration, or None after recording the failure."""
    khal = os.path.join(os.path.dirname(sys.executable), "khal")
    os.makedirs(f"{tmp}/cal")
    conf = f"{tmp}/khal.conf"
    with open(conf, "w") as f:
        f.write(f"""[calendars]
[[agenda]]
path = {tmp}/cal
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = Europe/Rome
default_timezone = Europe/Rome
[default]
default_calendar = agenda
[sqlite]
path = {tmp}/khal.db
""")
    env = dict(os.environ, XDG_DATA_HOME=tmp, XDG_CONFIG_HOME=tmp)

    def run(*args):
        return subprocess.run([khal, "-c", conf, *args], env=env, capture_output=True, text=True)

    r = run("import", "--batch", "-a", "agenda", path)
    if r.returncode != 0:
        fail(f"khal import failed: {r.stderr[-2000:]}")
        return None
    return run


def check_khal(path, exp, sample):
    rome = zoneinfo.ZoneInfo("Europe/Rome")
    with tempfile.TemporaryDirectory() as tmp:
        khal = khal_import(path, tmp)
        if khal is None:
            return
        timed = sorted((u for u, v in exp.items() if v[0] == "timed"))[:sample]
        dated = sorted((u for u, v in exp.items() if v[0] == "date"))[:sample]
        checked = 0
        for uid in timed + dated:
            kind, start, end, _ = exp[uid]
            if kind == "timed":
                local = start.astimezone(rome)
                day, want = local.date(), local.strftime("%Y-%m-%d %H:%M")
            else:
                day, want = start, start.strftime("%Y-%m-%d")
            r = khal("list", "--format", "{uid}|{start}", "--day-format", "",
                     day.isoformat(), (day + dt.timedelta(days=1)).isoformat())
            lines = [l for l in r.stdout.splitlines() if l.startswith(uid + "|")]
            if not lines:
                fail(f"khal: {uid} not listed on {day}: {r.stdout[:300]} {r.stderr[:300]}")
            elif lines[0].split("|", 1)[1] != want:
                fail(f"khal: {uid} starts {lines[0].split('|', 1)[1]!r}, expected {want!r} (Europe/Rome)")
            checked += 1
        print(f"khal: imported the feed; {checked} events listed at the right local times")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("feed")
    ap.add_argument("events")
    ap.add_argument("--terms")
    ap.add_argument("--khal", type=int, default=0)
    args = ap.parse_args()
    data = open(args.feed, "rb").read()
    for n, line in enumerate(data.split(b"\r\n")):
        if len(line) > 75:
            fail(f"line {n + 1} has {len(line)} octets")
    if data.replace(b"\r\n", b"").find(b"\n") >= 0:
        fail("a bare LF outside CRLF")
    events = json.load(open(args.events))
    terms = json.load(open(args.terms)) if args.terms else []
    exp = expected_map(events, terms)
    cal = check_icalendar(data, exp)
    check_ical(data, exp)
    check_recurring(cal, exp)
    if args.khal:
        check_khal(args.feed, exp, args.khal)
    if failures:
        print(f"{len(failures)} interop failures in {args.feed}", file=sys.stderr)
        sys.exit(1)
    print(f"interop: {args.feed}: {len(exp)} events OK")


if __name__ == "__main__":
    main()
