#!/usr/bin/env bash
# agenda serve against the limit (nginx serving the same bytes that `agenda publish` wrote) and a peer (Radicale
# serving the same calendar), with wrk, in one sitting, on 127.0.0.1 only; every run is bounded in time.
#   (a) conditional polls: If-None-Match with the current ETag (a 304 where the server supports it);
#   (b) full downloads of the 10,000-event feed.
# Then agenda serve's peak memory under 256 concurrent connections.
# Usage: Benchmarks/scripts/serve-bench.sh [EVENTS=10000] [SECONDS=10]
# Needs: wrk and nginx (Debian), Radicale (PyPI; installed into .venv-bench when missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
events=${1:-10000}
secs=${2:-10}
for tool in wrk nginx; do command -v $tool >/dev/null || { echo "serve-bench: $tool missing (apt-get install wrk nginx)"; exit 1; }; done
venv=.venv-bench
[ -x $venv/bin/radicale ] || { python3 -m venv $venv; $venv/bin/pip install -q --disable-pip-version-check radicale; }
bin=${AGENDA_BIN:-.build-static/release/agenda}
[ -x "$bin" ] || swift build -c release --static-swift-stdlib --scratch-path .build-static --product agenda
work=$(mktemp -d)
chmod 755 "$work"   # nginx's workers run as another user
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; sleep 0.5; rm -rf "$work" 2>/dev/null || true; }
trap cleanup EXIT
# Radicale's PUT of the whole calendar takes most of a minute; wait for it (bounded).
wait_for() { for _ in $(seq 1 300); do curl -s -o /dev/null "$1" && return 0; sleep 0.2; done; return 1; }
export AGENDA_NOW=2023-03-01T08:00:00Z NO_COLOR=1

"$bin" generate --events "$events" --db "$work/a.sqlite" >/dev/null
"$bin" publish "$work/pub" --db "$work/a.sqlite" >/dev/null
size=$(stat -c %s "$work/pub/all.ics")
echo "feed: $events events generated; public all.ics is $size bytes; wrk -t2 -c64 -d${secs}s --latency"

# nginx: the same bytes from the published folder.
cat > "$work/nginx.conf" <<CONF
worker_processes 2;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
    access_log off;
    types { text/calendar ics; }
    sendfile on;
    server { listen 127.0.0.1:18081; root $work/pub; add_header Cache-Control "public, max-age=300"; }
}
CONF
nginx -c "$work/nginx.conf" & pids+=($!)

# agenda serve.
"$bin" serve --db "$work/a.sqlite" --port 18082 > "$work/serve.out" 2> /dev/null & pids+=($!)
serve_pid=$!

# Radicale with the same calendar, uploaded whole.
mkdir -p "$work/radicale"
cat > "$work/radicale.conf" <<CONF
[server]
hosts = 127.0.0.1:18083
[auth]
type = none
[rights]
type = owner_only
[storage]
filesystem_folder = $work/radicale
[logging]
level = warning
CONF
$venv/bin/radicale --config "$work/radicale.conf" > /dev/null 2>&1 & pids+=($!)
sleep 3
# Radicale needs a user (any name and password with auth none); every request to it carries one.
auth="Authorization: Basic $(printf agenda:x | base64)"
curl -sf -H "$auth" -X PUT -H "Content-Type: text/calendar; charset=utf-8" --data-binary "@$work/pub/all.ics" \
    http://127.0.0.1:18083/agenda/all.ics/ > /dev/null || echo "radicale: upload failed"

declare -A url=([nginx]=http://127.0.0.1:18081/all.ics [agenda]=http://127.0.0.1:18082/feeds/all.ics
                [radicale]=http://127.0.0.1:18083/agenda/all.ics/)
run() { # name, label, extra wrk args
    local name=$1 label=$2; shift 2
    local out
    local extra=() conns=64 dur=$secs
    # Radicale answers one 10,000-event GET in about a second, one at a time: with 64 connections no request
    # completes within wrk's run, so it gets 4 connections and twice the time.
    [ "$name" = radicale ] && { extra=(-H "$auth"); conns=4; dur=$((secs * 2)); }
    out=$(wrk -t2 -c$conns -d"${dur}s" --timeout 30s --latency "${extra[@]}" "$@" "${url[$name]}" 2>&1)
    local rps p99 non2xx
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p99=$(awk '$1=="99%" {print $2}' <<<"$out")
    non2xx=$(awk '/Non-2xx or 3xx/ {print $NF}' <<<"$out")
    printf "| %-9s | %-24s | %11s | %12s | %10s | %s |\n" "$name" "$label" "$conns" "$rps" "$p99" "${non2xx:-0}"
}
echo
echo "| server    | request                  | connections | requests/s   | p99        | non-2xx/3xx |"
echo "|-----------|--------------------------|-------------|--------------|------------|-------------|"
for name in nginx agenda radicale; do
    etag=$(curl -s -H "$auth" -D - -o /dev/null "${url[$name]}" | awk 'tolower($1)=="etag:" {print $2}' | tr -d '\r')
    code=$(curl -s -H "$auth" -o /dev/null -w "%{http_code}" -H "If-None-Match: $etag" "${url[$name]}")
    run "$name" "(a) poll, answered $code" -H "If-None-Match: $etag"
    run "$name" "(b) full download"
done
echo
rss() { awk '/VmRSS/ {print $2}' /proc/$serve_pid/status; }
hwm() { awk '/VmHWM/ {print $2}' /proc/$serve_pid/status; }
before=$(rss)
wrk -t2 -c256 -d"${secs}s" --timeout 30s "${url[agenda]}" > /dev/null 2>&1
echo "agenda serve memory: RSS $before KB before 256 connections, $(rss) KB after, peak $(hwm) KB"
