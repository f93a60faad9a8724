-- Marks the file as an agenda database ('AGND'), so that another application's SQLite file is never mistaken
-- for one.
PRAGMA application_id = 1095192132;

-- Events: wall times that a DST change repeats are told apart by wall_fold (bit 0: the start is the second
-- occurrence, bit 1: the end is), and the order of a timed event is checked on its UTC span, not on the wall
-- text (01:45 in the first occurrence to 01:15 in the second is 30 minutes, not a negative length).
CREATE TABLE event_new (
    id              INTEGER PRIMARY KEY,
    uid             TEXT NOT NULL UNIQUE CHECK (length(uid) BETWEEN 8 AND 255),
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
INSERT INTO event_new(id, uid, kind, title, alt_title, status, classification, precision, local_start, local_end,
                      time_zone, span_start, span_end, committee_id, chair_id, location, notes, source, sequence,
                      created_at, modified_at, wall_fold, span_class)
SELECT id, uid, kind, title, alt_title, status, classification, precision, local_start, local_end,
       time_zone, span_start, span_end, committee_id, chair_id, location, notes, source, sequence,
       created_at, modified_at, 0, CASE
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
        ELSE 15 END
FROM event;
DROP TABLE event;
ALTER TABLE event_new RENAME TO event;
CREATE INDEX event_span ON event(span_start, span_end);
CREATE INDEX event_committee_span ON event(committee_id, span_start);
CREATE INDEX event_class_span ON event(span_class, span_start, span_end);

-- Every change to what a committee's chair projection depends on (policies, their order, exceptions,
-- memberships, recorded terms) raises its rotation_revision and stamps rotation_modified_at, which feeds use as
-- the SEQUENCE and DTSTAMP of projected terms: subscribers see a projection change as an update.
ALTER TABLE committee ADD COLUMN rotation_revision INTEGER NOT NULL DEFAULT 0 CHECK (rotation_revision >= 0);
ALTER TABLE committee ADD COLUMN rotation_modified_at INTEGER NOT NULL DEFAULT 0;
UPDATE committee SET rotation_revision = 1, rotation_modified_at = unixepoch();

CREATE TRIGGER rotation_policy_revision_insert AFTER INSERT ON rotation_policy BEGIN
    UPDATE committee SET rotation_revision = rotation_revision + 1, rotation_modified_at = unixepoch()
    WHERE id = NEW.committee_id;
END;
CREATE TRIGGER rotation_policy_revision_update AFTER UPDATE ON rotation_policy BEGIN
    UPDATE committee SET rotation_revision = rotation_revision + 1, rotation_modified_at = unixepoch()
    WHERE id IN (NEW.committee_id, OLD.committee_id);
END;
CREATE TRIGGER rotation_policy_revision_delete AFTER DELETE ON rotation_policy BEGIN
    UPDATE committee SET rotation_revision = rotation_revision + 1, rotation_modified_at = unixepoch()
    WHERE id = OLD.committee_id;
END;
CREATE TRIGGER rotation_order_revision_insert AFTER INSERT ON rotation_order BEGIN
    UPDATE committee SET rotation_revision = rotation_revision + 1, rotation_modified_at = unixepoch()
    WHERE id = (SELECT committee_id FROM rotation_policy WHERE id = NEW.policy_id);
END;
CREATE TRIGGER rotation_order_revision_delete AFTER DELETE ON rotation_order BEGIN
    UPDATE committee SET rotation_revision = rotation_revision + 1, rotation_modified_at = unixepoch()
    WHERE id = (SELECT committee_id FROM rotation_policy WHERE id = OLD.policy_id);
END;
CREATE TRIGGER rotation_exception_revision_insert AFTER INSERT ON rotation_exception BEGIN
    UPDATE committee SET rotation_revision = rotation_revision + 1, rotation_modified_at = unixepoch()
    WHERE id = NEW.committee_id;
END;
CREATE TRIGGER rotation_exception_revision_update AFTER UPDATE ON rotation_exception BEGIN
    UPDATE committee SET rotation_revision = rotation_revision + 1, rotation_modified_at = unixepoch()
    WHERE id IN (NEW.committee_id, OLD.committee_id);
END;
CREATE TRIGGER rotation_exception_revision_delete AFTER DELETE ON rotation_exception BEGIN
    UPDATE committee SET rotation_revision = rotation_revision + 1, rotation_modified_at = unixepoch()
    WHERE id = OLD.committee_id;
END;
CREATE TRIGGER membership_revision_insert AFTER INSERT ON membership BEGIN
    UPDATE committee SET rotation_revision = rotation_revision + 1, rotation_modified_at = unixepoch()
    WHERE id = NEW.committee_id;
END;
CREATE TRIGGER membership_revision_update AFTER UPDATE ON membership BEGIN
    UPDATE committee SET rotation_revision = rotation_revision + 1, rotation_modified_at = unixepoch()
    WHERE id IN (NEW.committee_id, OLD.committee_id);
END;
CREATE TRIGGER membership_revision_delete AFTER DELETE ON membership BEGIN
    UPDATE committee SET rotation_revision = rotation_revision + 1, rotation_modified_at = unixepoch()
    WHERE id = OLD.committee_id;
END;
CREATE TRIGGER chair_term_revision_insert AFTER INSERT ON chair_term BEGIN
    UPDATE committee SET rotation_revision = rotation_revision + 1, rotation_modified_at = unixepoch()
    WHERE id = NEW.committee_id;
END;
CREATE TRIGGER chair_term_revision_update AFTER UPDATE ON chair_term BEGIN
    UPDATE committee SET rotation_revision = rotation_revision + 1, rotation_modified_at = unixepoch()
    WHERE id IN (NEW.committee_id, OLD.committee_id);
END;
CREATE TRIGGER chair_term_revision_delete AFTER DELETE ON chair_term BEGIN
    UPDATE committee SET rotation_revision = rotation_revision + 1, rotation_modified_at = unixepoch()
    WHERE id = OLD.committee_id;
END;

-- A chair term lies within its member's membership (the store says so in words first; this is the backstop).
CREATE TRIGGER chair_term_within_membership BEFORE INSERT ON chair_term
WHEN EXISTS (SELECT 1 FROM membership m WHERE m.id = NEW.membership_id
             AND (coalesce(m.start_date, '0000-01-01') > NEW.start_date
                  OR coalesce(m.end_date, '9999-12-31') < NEW.end_date))
BEGIN
    SELECT RAISE(ABORT, 'chair term lies outside the membership of its member');
END;
CREATE TRIGGER membership_keeps_terms BEFORE UPDATE OF start_date, end_date ON membership
WHEN EXISTS (SELECT 1 FROM chair_term t WHERE t.membership_id = NEW.id
             AND (coalesce(NEW.start_date, '0000-01-01') > t.start_date
                  OR coalesce(NEW.end_date, '9999-12-31') < t.end_date))
BEGIN
    SELECT RAISE(ABORT, 'membership would no longer cover its recorded chair terms');
END;

-- Committee codes are unique ignoring case (the store compares them so; feed file names depend on it).
CREATE UNIQUE INDEX committee_code_nocase ON committee(code COLLATE NOCASE);

-- Calendar dates that exist: SQLite's date() passes '2023-02-30' through unchanged, so the CHECKs of 0001 and
-- 0002 let such a day in; date(x, '+0 days') normalises it ('2023-03-02') and the comparison fails.

CREATE TRIGGER membership_real_dates_insert BEFORE INSERT ON membership
WHEN (NEW.start_date IS NOT NULL AND date(NEW.start_date, '+0 days') IS NOT NEW.start_date) OR (NEW.end_date IS NOT NULL AND date(NEW.end_date, '+0 days') IS NOT NEW.end_date)
BEGIN
    SELECT RAISE(ABORT, 'membership date does not exist in the calendar');
END;

CREATE TRIGGER membership_real_dates_update BEFORE UPDATE ON membership
WHEN (NEW.start_date IS NOT NULL AND date(NEW.start_date, '+0 days') IS NOT NEW.start_date) OR (NEW.end_date IS NOT NULL AND date(NEW.end_date, '+0 days') IS NOT NEW.end_date)
BEGIN
    SELECT RAISE(ABORT, 'membership date does not exist in the calendar');
END;

CREATE TRIGGER chair_term_real_dates_insert BEFORE INSERT ON chair_term
WHEN (NEW.start_date IS NOT NULL AND date(NEW.start_date, '+0 days') IS NOT NEW.start_date) OR (NEW.end_date IS NOT NULL AND date(NEW.end_date, '+0 days') IS NOT NEW.end_date) OR (NEW.handover_date IS NOT NULL AND date(NEW.handover_date, '+0 days') IS NOT NEW.handover_date)
BEGIN
    SELECT RAISE(ABORT, 'chair term date does not exist in the calendar');
END;

CREATE TRIGGER chair_term_real_dates_update BEFORE UPDATE ON chair_term
WHEN (NEW.start_date IS NOT NULL AND date(NEW.start_date, '+0 days') IS NOT NEW.start_date) OR (NEW.end_date IS NOT NULL AND date(NEW.end_date, '+0 days') IS NOT NEW.end_date) OR (NEW.handover_date IS NOT NULL AND date(NEW.handover_date, '+0 days') IS NOT NEW.handover_date)
BEGIN
    SELECT RAISE(ABORT, 'chair term date does not exist in the calendar');
END;

CREATE TRIGGER rotation_policy_real_dates_insert BEFORE INSERT ON rotation_policy
WHEN (NEW.effective_from IS NOT NULL AND date(NEW.effective_from, '+0 days') IS NOT NEW.effective_from) OR (NEW.anchor_date IS NOT NULL AND date(NEW.anchor_date, '+0 days') IS NOT NEW.anchor_date)
BEGIN
    SELECT RAISE(ABORT, 'rotation policy date does not exist in the calendar');
END;

CREATE TRIGGER rotation_policy_real_dates_update BEFORE UPDATE ON rotation_policy
WHEN (NEW.effective_from IS NOT NULL AND date(NEW.effective_from, '+0 days') IS NOT NEW.effective_from) OR (NEW.anchor_date IS NOT NULL AND date(NEW.anchor_date, '+0 days') IS NOT NEW.anchor_date)
BEGIN
    SELECT RAISE(ABORT, 'rotation policy date does not exist in the calendar');
END;

CREATE TRIGGER rotation_exception_real_dates_insert BEFORE INSERT ON rotation_exception
WHEN (NEW.date IS NOT NULL AND date(NEW.date, '+0 days') IS NOT NEW.date)
BEGIN
    SELECT RAISE(ABORT, 'rotation exception date does not exist in the calendar');
END;

CREATE TRIGGER rotation_exception_real_dates_update BEFORE UPDATE ON rotation_exception
WHEN (NEW.date IS NOT NULL AND date(NEW.date, '+0 days') IS NOT NEW.date)
BEGIN
    SELECT RAISE(ABORT, 'rotation exception date does not exist in the calendar');
END;
