#!/usr/bin/env bash
# Exports, parses, imports and loads the peers' synthetic agenda (shared/bench) with agenda and with its peers
# (Python's icalendar and ical, libical), in the same sitting, printing wall time and peak memory of each (export:
# median of RUNS for agenda; one run of the peer, as it takes ~50 s).
# Usage: Benchmarks/scripts/compare-peers.sh [N=100000] [RUNS=5]   (from the repository root; needs ../shared)
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-100000}
runs=${2:-5}
bench=../shared/bench
work=${AGENDA_BENCH_DIR:-$(mktemp -d)}
venv=${AGENDA_BENCH_VENV:-.venv-bench}
[ -x "$venv/bin/python" ] || { python3 -m venv "$venv"; "$venv/bin/pip" install -q -r "$bench/requirements.txt"; }
# The build the README's figures are of (a statically linked Swift runtime starts ~10 ms sooner), in its own folder
# so that it neither replaces nor is replaced by a dynamic release build; AGENDA_BIN to time another binary.
bin=${AGENDA_BIN:-.build-static/release/agenda}
[ -n "${AGENDA_BIN:-}" ] || swift build -c release --static-swift-stdlib --scratch-path .build-static --product agenda >/dev/null
[ -f "$work/$n/events.jsonl" ] || "$venv/bin/python" "$bench/gen_agenda.py" "$n" --out "$work" --no-ics
"$venv/bin/python" Benchmarks/scripts/peer_to_scenario.py "$work/$n/events.jsonl" "$work/scenario-$n.json"
rm -f "$work/agenda-$n.sqlite"*
"$bin" load "$work/scenario-$n.json" --db "$work/agenda-$n.sqlite" >/dev/null
echo "agenda export, $n events ($runs runs):"
for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e s %M KB" "$bin" export --audience internal --keep-cancelled-days 100000 \
        --db "$work/agenda-$n.sqlite" > "$work/agenda-$n.ics"
done 2>&1 | sort -n | awk '{a[NR]=$0} END {print "  median: " a[int((NR+1)/2)]}'
echo "python icalendar (peer_export.py), $n events:"
/usr/bin/time -f "  %e s %M KB" "$venv/bin/python" "$bench/peer_export.py" "$n" --data "$work" 2>&1 | sed 's/^/  /'

# Parsing and importing the peers' agenda.ics (written by icalendar; built on first use).
[ -f "$work/$n/agenda.ics" ] || "$venv/bin/python" "$bench/gen_agenda.py" "$n" --out "$work"
ics="$work/$n/agenda.ics"
echo "parse $ics ($(du -m "$ics" | cut -f1) MB):"
# Parsing alone: ICalendar's streaming reader, as `agenda import` runs it (read-ics, built from Benchmarks/Tools).
swift build -c release --package-path Benchmarks --product read-ics >/dev/null
for flag in "" --values; do
    for _ in $(seq "$runs"); do
        /usr/bin/time -f "%e s %M KB" Benchmarks/.build/release/read-ics "$ics" $flag 2>&1 >/dev/null
    done | sort -n | awk -v f="${flag:-(lines)}" '{a[NR]=$0} END {print "  agenda reader " f ", median: " a[int((NR+1)/2)]}'
done
rm -f "$work/parse-$n.sqlite"*
"$bin" init --db "$work/parse-$n.sqlite" >/dev/null
/usr/bin/time -f "  agenda import --dry-run (read, map and check every event, write nothing): %e s %M KB" \
    "$bin" import --dry-run --db "$work/parse-$n.sqlite" "$ics" >/dev/null 2>"$work/parse.time" || true
tail -1 "$work/parse.time"
if [ -f /usr/include/libical/ical.h ]; then
    cc -O2 -o "$work/libical_check" scripts/libical_check.c -lical
    # (libical reports restriction failures in the peer's VTIMEZONEs, COMMENT; its exit code is not the point here.)
    { /usr/bin/time -f "  libical (parse + restriction check): %e s %M KB" "$work/libical_check" "$ics" 2>&1 >/dev/null || true; } | tail -1
fi
/usr/bin/time -f "  python icalendar + ical (peer_parse.py --lib both): %e s %M KB" \
    "$venv/bin/python" "$bench/peer_parse.py" "$ics" --lib both 2>&1 | sed 's/^/  /'
echo "import $ics into an empty database:"
rm -f "$work/import-$n.sqlite"*
/usr/bin/time -f "  agenda import: %e s %M KB" "$bin" import --db "$work/import-$n.sqlite" "$ics" 2>&1 >/dev/null | tail -1
echo "load $work/scenario-$n.json into an empty database:"
rm -f "$work/load-$n.sqlite"*
/usr/bin/time -f "  agenda load: %e s %M KB" "$bin" load "$work/scenario-$n.json" --db "$work/load-$n.sqlite" 2>&1 >/dev/null | tail -1
