-- Recurring events (RFC 5545 §3.8.5). A series is an event (its row holds the first occurrence, DTSTART, so every
-- rule of the event table still holds) plus one row here: the rule in its canonical text, extra and excluded dates
-- as JSON arrays of wall times in the event's zone (written as its start is), and the UTC extent of the whole
-- series, so a window finds the series by this index and expands only them, in memory, for the window.
CREATE TABLE event_series (
    event_id        INTEGER PRIMARY KEY REFERENCES event(id) ON DELETE CASCADE,
    rrule           TEXT CHECK (rrule IS NULL OR (rrule GLOB 'FREQ=*' AND length(rrule) <= 1000)),
    rdates          TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(rdates) AND json_type(rdates) = 'array'),
    exdates         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(exdates) AND json_type(exdates) = 'array'),
    series_start    INTEGER NOT NULL,
    -- NULL: the series never ends.
    series_end      INTEGER,
    CHECK (rrule IS NOT NULL OR rdates <> '[]'),
    CHECK (series_end IS NULL OR series_end > series_start)
) STRICT;
CREATE INDEX event_series_extent ON event_series(series_end, series_start);

-- One occurrence changed on its own (RECURRENCE-ID): moved (its own start and end, in the event's form), renamed,
-- relocated, re-noted or cancelled. NULL columns keep the series' value.
CREATE TABLE event_override (
    event_id        INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    recurrence_id   TEXT NOT NULL CHECK (length(recurrence_id) BETWEEN 10 AND 19),
    local_start     TEXT,
    local_end       TEXT,
    wall_fold       INTEGER NOT NULL DEFAULT 0 CHECK (wall_fold BETWEEN 0 AND 3),
    title           TEXT CHECK (title IS NULL OR length(trim(title)) > 0),
    location        TEXT,
    notes           TEXT,
    status          TEXT CHECK (status IS NULL OR status IN ('tentative', 'confirmed', 'postponed', 'cancelled')),
    sequence        INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0),
    modified_at     INTEGER NOT NULL,
    PRIMARY KEY (event_id, recurrence_id),
    CHECK ((local_start IS NULL) = (local_end IS NULL))
) STRICT, WITHOUT ROWID;
