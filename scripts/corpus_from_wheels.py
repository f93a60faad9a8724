#!/usr/bin/env python3
"""Builds an ics-corpus folder (files + MANIFEST.tsv in the workplace corpus's columns) from the real-world test
calendars that the pinned icalendar and recurring-ical-events wheels ship, counting each file's VEVENTs with
Python's icalendar. Used by scripts/test when the workplace's ics-corpus is not beside the checkout."""
import importlib, os, shutil, sys
import icalendar

def count(data):
    """(VEVENTs, "yes") as icalendar reads the file: one calendar, else several; (0, "no") when it refuses it
    (the workplace corpus's manifest was counted the same way)."""
    try:
        cals = [icalendar.Calendar.from_ical(data)]
    except Exception:
        try:
            cals = icalendar.Calendar.from_ical(data, multiple=True)
        except Exception:
            return 0, "no"
        if not cals:
            return 0, "no"
    return sum(len(list(c.walk("VEVENT"))) for c in cals), "yes"

def main(out):
    os.makedirs(out, exist_ok=True)
    rows = []
    for module, sub, repo in (("icalendar", "tests", "collective/icalendar"),
                              ("recurring_ical_events", "test", "niccokunzmann/python-recurring-ical-events")):
        m = importlib.import_module(module)
        root = os.path.join(os.path.dirname(m.__file__), sub)
        version = importlib.metadata.version(module.replace("_", "-"))
        for folder, _, files in sorted(os.walk(root)):
            for f in sorted(files):
                if not f.endswith(".ics"):
                    continue
                src = os.path.join(folder, f)
                rel = os.path.relpath(src, os.path.dirname(m.__file__))
                name = module + "__" + rel.replace(os.sep, "__")
                shutil.copyfile(src, os.path.join(out, name))
                data = open(src, "rb").read()
                n, ok = count(data)
                prodid = next((l.split(b":", 1)[1].strip().decode("utf-8", "replace")
                               for l in data.splitlines() if l.upper().startswith(b"PRODID:")), "")
                rows.append([name, repo, rel, module + " " + version + " (PyPI wheel)", "", prodid.replace("\t", " "),
                             "", str(n), ok, "from the installed wheel"])
    with open(os.path.join(out, "MANIFEST.tsv"), "w") as m:
        m.write("file\trepo\tpath\tcommit\tlicense\tproducer\tquirks\tvevent_count\tparses_icalendar\tnotes\n")
        for r in rows:
            m.write("\t".join(r) + "\n")
    print(f"{len(rows)} files, {sum(int(r[7]) for r in rows if r[8] == 'yes')} VEVENTs, "
          f"{sum(r[8] == 'no' for r in rows)} refused by icalendar, in {out}")

if __name__ == "__main__":
    import importlib.metadata
    main(sys.argv[1])
