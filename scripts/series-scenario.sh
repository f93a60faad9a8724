# A database of series: monthly with overrides (moved, renamed, cancelled), split "this and following", weekly
# across DST in New York with EXDATE and RDATE, daily all-day with COUNT, yearly BYWEEKNO, and a single event.
set -euo pipefail
bin=$1; db=$2
"$bin" committee add ACR --name "ASEAN Committee in Rome" --tz Europe/Rome --db "$db" >/dev/null
"$bin" event add --db "$db" --committee ACR --title "ACR monthly meeting" --start "2026-01-15 10:00" --end +2h --repeat "monthly on the 3rd thursday" --until 2026-12-31 >/dev/null
"$bin" event edit 1 --db "$db" --occurrence 2026-03-19 --start "2026-03-20 15:00" --location "Embassy of Viet Nam" >/dev/null
"$bin" event edit 1 --db "$db" --occurrence 2026-05-21 --title "ACR meeting with the Italy-ASEAN Association" >/dev/null
"$bin" event cancel 1 --db "$db" --occurrence 2026-04-16 --reason "Easter" >/dev/null
"$bin" event edit 1 --db "$db" --from-occurrence 2026-09-17 --start "2026-09-17 11:00" --title "ACR meeting (new time)" >/dev/null
"$bin" event add --db "$db" --title "Heads of mission lunch" --start "2026-02-24 12:30" --end +90m --tz America/New_York --repeat "every 2 weeks on tuesday" --class private >/dev/null
"$bin" event add --db "$db" --title "Dialogue week" --start 2026-06-01 --all-day --tz Asia/Bangkok --rrule "FREQ=DAILY;COUNT=5" --kind dialogue >/dev/null
"$bin" event add --db "$db" --title "Week-20 retreat" --start "2026-05-11 09:00" --end +8h --tz Europe/Rome --rrule "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO" >/dev/null
"$bin" event add --db "$db" --title "Late-night call" --start "2026-03-28 02:30" --end +1h --tz Europe/Rome --repeat daily --count 4 >/dev/null
"$bin" event add --db "$db" --title "Italy-ASEAN High-Level Dialogue" --start "2026-10-20 09:00" --end +8h --tz Asia/Bangkok >/dev/null
