#!/usr/bin/env python3
"""Import checked by an independent reader: every .ics of a corpus folder is imported into an empty agenda and
exported again, and recurring-ical-events (with icalendar) expands the original and our export over 1990-2035.
Each imported event (by UID; by start time for files whose events have no UID) must have the same occurrences,
as UTC instants (floating times and all-day dates by their wall times). Files icalendar cannot read, files we
refuse whole and refused events are left out. A difference is an error unless KNOWN below names the file and why
the agenda reads it otherwise.

usage: import_compare.py AGENDA_BINARY CORPUS_FOLDER
"""
import datetime, glob, json, os, subprocess, sys, tempfile, warnings

import icalendar
import recurring_ical_events

warnings.filterwarnings("ignore")

# Files where the agenda and recurring-ical-events disagree on purpose, with the reason.
KNOWN = {
    # RFC 5545 forbids these combinations; each reader picks a meaning.
    "Kozea-Radicale__recurrence.ics": "a DATE UNTIL on a timed series includes its day (the last 4th Thursday)",
    "peterbraden-ical.js__test7.ics": "DTSTART;TZID=…;VALUE=DATE is an all-day date, not midnight in the zone",
    "recurring_ical_events__test__calendars__issue_201_mixed_datetime_and_date.ics":
        "a DATE DTSTART with a DATE-TIME DTEND stays all-day",
    "recurring_ical_events__test__calendars__issue_201_test_matrix.ics":
        "a DATE DTSTART with a DATE-TIME DTEND or an hours DURATION stays all-day",
    "icalendar__tests__calendars__issue_1633_rdate_with_dates.ics":
        "RDATE;VALUE=PERIOD:19970101/19970102 (dates, not times) takes DTSTART's time of day",
    "icalendar__tests__calendars__issue_1633_rdate_with_dates_and_tzid.ics":
        "RDATE;VALUE=PERIOD of dates takes DTSTART's time of day",
    # The file contradicts itself; the agenda follows the name.
    "pimutils-khal__tz_windows_format.ics":
        "TZID 'New Zealand Standard Time' is Pacific/Auckland (CLDR), its VTIMEZONE holds CET's offsets",
    # Exchange writes UNTIL as the organiser's midnight starting the last day, in UTC.
    "recurring_ical_events__test__calendars__issue_28_rrule_with_UTC_endinginZ.ics":
        "UNTIL=20200916T230000Z of an all-day series is 17 September in the file's zone (London), included",
    # recurring-ical-events reads a TZID it does not know, with no VTIMEZONE, as floating.
    "jens-maus-node-ical__Office-2012-owa.ics":
        "TZID '(GMT+10:00) Canberra, Melbourne, Sydney' is Australia/Sydney (CLDR's display name as Outlook 2010 wrote it)",
    # The agenda keeps IANA zones: rules no zone has are kept as the standard offset, with a note.
    "icalendar__tests__calendars__issue_722_timezone_transition_ambiguity.ics":
        "an invented zone (+12 until May 2024, then +10) is kept as fixed +12",
    # The agenda keeps an event whose value it can repair (noted; refused under --strict), where
    # recurring-ical-events (skip_bad_series) leaves the event or series out.
    "kewisch-ical.js__google_birthday.ics":
        "RDATE:20131210Z (a DATE with UTC's mark, Google's) is read as that day; recurring-ical-events skips the series",
    "u01jmg3-ics-parser__issue-340.ics":
        "DTEND:None is left out and the event kept without an end; recurring-ical-events skips the event",
    "icalendar__tests__calendars__invalid_duration.ics":
        "a DURATION that does not read is left out and the event kept without an end; recurring-ical-events skips it",
    "jens-maus-node-ical__bad_custom_ms_tz.ics":
        "DURATION:-PT1W1D2H3M4S (not a duration) is left out and the event kept as its day; recurring-ical-events skips it",
    # recurring-ical-events finds no occurrence (its VTIMEZONE's TZID is not a zone it knows).
    "icalendar__tests__calendars__issue_165_missing_event.ics":
        "recurring-ical-events expands nothing; the agenda reads the zone as Europe/Berlin by its offsets",
}

START, END = (1990, 1, 1), (2035, 1, 1)


def occurrences(path):
    """{uid: {start}} as recurring-ical-events expands the file, or None when icalendar cannot read it."""
    try:
        cal = icalendar.Calendar.from_ical(open(path, "rb").read())
        out = {}
        for e in recurring_ical_events.of(cal, skip_bad_series=True).between(START, END):
            if e.name != "VEVENT":
                continue
            s = e.get("DTSTART").dt
            if isinstance(s, datetime.datetime):
                key = s.astimezone(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ") if s.tzinfo else s.strftime("%Y%m%dT%H%M%S")
            else:
                key = s.strftime("%Y%m%d")
            out.setdefault(str(e.get("UID")), set()).add(key)
        return out
    except Exception:
        return None


def same(a, b):
    # A floating time placed in UTC by the agenda reads as that UTC time.
    return a == b or {k.rstrip("Z") for k in a} == {k.rstrip("Z") for k in b}


def main(agenda, corpus):
    files = sorted(glob.glob(os.path.join(corpus, "*.ics")))
    compared = agreed = known = 0
    failures = []
    for path in files:
        name = os.path.basename(path)
        original = occurrences(path)
        if original is None:
            continue
        with tempfile.TemporaryDirectory() as work:
            db, out = os.path.join(work, "a.sqlite"), os.path.join(work, "out.ics")
            r = subprocess.run([agenda, "import", path, "--db", db, "--json"], capture_output=True, text=True)
            try:
                report = json.loads(r.stdout)[0]
            except (ValueError, IndexError):
                continue
            if not report.get("written") or report.get("added", 0) == 0:
                continue
            subprocess.run([agenda, "export", "--db", db, "-o", out, "--audience", "internal",
                            "--keep-cancelled-days", "36500"], check=True, capture_output=True)
            ours = occurrences(out)
        if ours is None:
            failures.append(f"{name}: recurring-ical-events cannot read our export of it")
            continue
        # A series split where an occurrence changed the rest of it (RANGE=THISANDFUTURE) carries on under the UID
        # "UID/original start": its occurrences are the series' for recurring-ical-events.
        for uid in [u for u in ours if u not in original and "/" in u]:
            parent = uid.rsplit("/", 1)[0]
            while parent not in original and "/" in parent:
                parent = parent.rsplit("/", 1)[0]
            if parent in original:
                ours.setdefault(parent, set()).update(ours.pop(uid))
        refused = {x["uid"] for x in report.get("refused", [])}
        if "None" in original:  # events without UID get one made at import: compare the whole file
            original = {"*": set().union(*[v for k, v in original.items() if k not in refused])}
            ours = {"*": set().union(*ours.values()) if ours else set()}
        differences = [(uid, sorted(original.get(uid, set()) ^ ours.get(uid, set()))[:3])
                       for uid in sorted(set(original) | set(ours))
                       if uid not in refused and not same(original.get(uid, set()), ours.get(uid, set()))]
        compared += 1
        if not differences:
            agreed += 1
        elif name in KNOWN:
            known += 1
        else:
            failures.append(f"{name}: {differences[:2]}")
    for f in failures:
        print("import-compare: DIFFERS", f)
    print(f"import-compare: {compared} files imported and exported; {agreed} agree with recurring-ical-events, "
          f"{known} differ as documented, {len(failures)} differ otherwise")
    return 1 if failures or compared == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
