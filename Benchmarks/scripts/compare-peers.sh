#!/usr/bin/env bash
# Exports the peers' synthetic agenda (shared/bench) with agenda and with Python's icalendar, in the same sitting,
# and prints wall time and peak memory of each (median of RUNS for agenda; one run of the peer, as it takes ~50 s).
# Usage: Benchmarks/scripts/compare-peers.sh [N=100000] [RUNS=5]   (from the repository root; needs ../shared)
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-100000}
runs=${2:-5}
bench=../shared/bench
work=${AGENDA_BENCH_DIR:-$(mktemp -d)}
venv=${AGENDA_BENCH_VENV:-.venv-bench}
[ -x "$venv/bin/python" ] || { python3 -m venv "$venv"; "$venv/bin/pip" install -q -r "$bench/requirements.txt"; }
swift build -c release --product agenda >/dev/null
bin=.build/release/agenda
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
