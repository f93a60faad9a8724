-- Events may carry any UID of 1 to 255 characters, as RFC 5545 allows: calendars imported from other producers
-- use short ones ("event1"). SQLite cannot change a CHECK in place, so the table is rebuilt (same columns, same
-- rules otherwise).
CREATE TABLE event_new (
    id              INTEGER PRIMARY KEY,
    uid             TEXT NOT NULL UNIQUE CHECK (length(uid) BETWEEN 1 AND 255),
    kind            TEXT NOT NULL CHECK (kind IN ('meeting', 'working-session', 'dialogue', 'conference',
                        'summit', 'reception', 'ceremony', 'project', 'milestone', 'award', 'other')),
    title           TEXT NOT NULL CHECK (length(trim(title)) > 0),
    alt_title       TEXT,
    status          TEXT NOT NULL CHECK (status IN ('tentative', 'confirmed', 'postponed', 'cancelled')),
    classification  TEXT NOT NULL DEFAULT 'public' CHECK (classification IN ('public', 'private', 'confidential')),
    precision       TEXT NOT NULL CHECK (precision IN ('timed', 'date', 'month', 'quarter', 'year')),
    local_start     TEXT NOT NULL,
    local_end       TEXT,
    time_zone       TEXT NOT NULL CHECK (length(time_zone) > 0),
    span_start      INTEGER NOT NULL,
    span_end        INTEGER NOT NULL,
    committee_id    INTEGER REFERENCES committee(id) ON DELETE SET NULL,
    chair_id        INTEGER REFERENCES person(id) ON DELETE SET NULL,
    location        TEXT,
    notes           TEXT,
    source          TEXT,
    sequence        INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0),
    created_at      INTEGER NOT NULL,
    modified_at     INTEGER NOT NULL,
    wall_fold       INTEGER NOT NULL DEFAULT 0 CHECK (wall_fold BETWEEN 0 AND 3),
    -- The length class of the span: class k holds spans of at most 2^k hours (k = 0...13), class 14 up to
    -- 400 days. A window [a, b) reads, per class, the spans starting in [a - longest of the class, b): rows read
    -- stay proportional to rows returned, whatever the mix of hour-long meetings and year-long "date TBC" items.
    -- Written by the store (AgendaCore's SpanClass); the CHECK below holds every writer to the same rule.
    span_class      INTEGER NOT NULL,
    CHECK (span_end > span_start AND span_end - span_start <= 400 * 86400),
    CHECK (precision = 'timed' OR wall_fold = 0),
    CHECK (span_class = CASE
            WHEN span_end - span_start <= 3600 THEN 0
            WHEN span_end - span_start <= 7200 THEN 1
            WHEN span_end - span_start <= 14400 THEN 2
            WHEN span_end - span_start <= 28800 THEN 3
            WHEN span_end - span_start <= 57600 THEN 4
            WHEN span_end - span_start <= 115200 THEN 5
            WHEN span_end - span_start <= 230400 THEN 6
            WHEN span_end - span_start <= 460800 THEN 7
            WHEN span_end - span_start <= 921600 THEN 8
            WHEN span_end - span_start <= 1843200 THEN 9
            WHEN span_end - span_start <= 3686400 THEN 10
            WHEN span_end - span_start <= 7372800 THEN 11
            WHEN span_end - span_start <= 14745600 THEN 12
            WHEN span_end - span_start <= 29491200 THEN 13
            WHEN span_end - span_start <= 34560000 THEN 14
            ELSE 15 END),
    CHECK (CASE precision
        WHEN 'timed' THEN local_start GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]*'
                      AND local_end GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]*'
        WHEN 'date' THEN date(local_start, '+0 days') IS local_start AND date(local_end, '+0 days') IS local_end
                      AND local_end >= local_start
        WHEN 'month' THEN local_start GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]' AND local_end IS NULL
                      AND substr(local_start, 6, 2) BETWEEN '01' AND '12'
        WHEN 'quarter' THEN local_start GLOB '[0-9][0-9][0-9][0-9]-Q[1-4]' AND local_end IS NULL
        WHEN 'year' THEN local_start GLOB '[0-9][0-9][0-9][0-9]' AND local_end IS NULL
        END)
) STRICT;
INSERT INTO event_new(id, uid, kind, title, alt_title, status, classification, precision, local_start, local_end, time_zone, span_start, span_end, committee_id, chair_id, location, notes, source, sequence, created_at, modified_at, wall_fold, span_class)
SELECT id, uid, kind, title, alt_title, status, classification, precision, local_start, local_end, time_zone, span_start, span_end, committee_id, chair_id, location, notes, source, sequence, created_at, modified_at, wall_fold, span_class FROM event;
DROP TABLE event;
ALTER TABLE event_new RENAME TO event;
CREATE INDEX event_span ON event(span_start, span_end);
CREATE INDEX event_committee_span ON event(committee_id, span_start);

-- A window listing (`upcoming`, `week`, `event list`) is answered from this index alone: each span-length class
-- is one range of entries in time order, and the entry carries every column a table of titles and times shows,
-- so the rows read are the rows listed and sit together, however the events were inserted. (It replaces the
-- narrower index of the same name, whose prefix it keeps for the id scans of exports and detailed reads.)
CREATE INDEX event_class_span ON event(span_class, span_start, span_end, status, classification, committee_id,
    precision, local_start, local_end, time_zone, wall_fold, kind, uid, title, location);
