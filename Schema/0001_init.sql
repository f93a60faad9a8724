-- Agenda schema, version 1.
-- Dates are ISO 8601 text: a calendar date 'YYYY-MM-DD' is checked with date(x) IS x, which rejects 2023-02-30
-- (SQLite would normalise it to 2023-03-02). A "partial date" is 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD': what the
-- source says, never more. Instants are INTEGER seconds since 1970-01-01T00:00:00Z.

CREATE TABLE state (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    iso2        TEXT UNIQUE CHECK (iso2 IS NULL OR (length(iso2) = 2 AND iso2 GLOB '[A-Z][A-Z]'))
) STRICT;

CREATE TABLE organisation (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    short_name  TEXT,
    local_name  TEXT,
    kind        TEXT NOT NULL CHECK (kind IN
                    ('intergovernmental', 'association', 'company', 'embassy', 'government', 'other')),
    state_id    INTEGER REFERENCES state(id) ON DELETE RESTRICT,
    city        TEXT,
    founded     TEXT CHECK (founded IS NULL OR founded GLOB '[0-9][0-9][0-9][0-9]'
                    OR founded GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'
                    OR (founded GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND date(founded) IS founded)),
    notes       TEXT
) STRICT;

-- "Italy became an ASEAN Development Partner in September 2020": subject, kind, object, since (partial date).
CREATE TABLE organisation_relation (
    id          INTEGER PRIMARY KEY,
    subject_id  INTEGER NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (length(trim(kind)) > 0),
    object_id   INTEGER NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
    since       TEXT CHECK (since IS NULL OR since GLOB '[0-9][0-9][0-9][0-9]'
                    OR since GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'
                    OR (since GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND date(since) IS since)),
    source      TEXT,
    CHECK (subject_id <> object_id),
    UNIQUE (subject_id, kind, object_id)
) STRICT;

CREATE TABLE person (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    honorific   TEXT,
    notes       TEXT
) STRICT;

-- A title held over time ("President", Italy-ASEAN Association, from .. to). Unknown bounds stay NULL.
CREATE TABLE position (
    id              INTEGER PRIMARY KEY,
    person_id       INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    title           TEXT NOT NULL CHECK (length(trim(title)) > 0),
    organisation_id INTEGER REFERENCES organisation(id) ON DELETE SET NULL,
    start_date      TEXT CHECK (start_date IS NULL OR start_date GLOB '[0-9][0-9][0-9][0-9]*'),
    end_date        TEXT CHECK (end_date IS NULL OR end_date GLOB '[0-9][0-9][0-9][0-9]*'),
    is_former       INTEGER NOT NULL DEFAULT 0 CHECK (is_former IN (0, 1)),
    CHECK (start_date IS NULL OR end_date IS NULL OR end_date >= start_date),
    UNIQUE (person_id, title, organisation_id)
) STRICT;

CREATE TABLE committee (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32 AND code NOT GLOB '*[^A-Za-z0-9_-]*'),
    name            TEXT NOT NULL CHECK (length(trim(name)) > 0),
    parent_id       INTEGER REFERENCES organisation(id) ON DELETE RESTRICT,
    seat_city       TEXT,
    time_zone       TEXT NOT NULL CHECK (length(time_zone) > 0),
    notes           TEXT
) STRICT;

-- A state's membership of a committee, represented by an embassy, over dates (NULL = unknown / open).
CREATE TABLE membership (
    id              INTEGER PRIMARY KEY,
    committee_id    INTEGER NOT NULL REFERENCES committee(id) ON DELETE CASCADE,
    state_id        INTEGER NOT NULL REFERENCES state(id) ON DELETE RESTRICT,
    embassy_id      INTEGER REFERENCES organisation(id) ON DELETE SET NULL,
    start_date      TEXT CHECK (start_date IS NULL OR date(start_date) IS start_date),
    end_date        TEXT CHECK (end_date IS NULL OR date(end_date) IS end_date),
    CHECK (start_date IS NULL OR end_date IS NULL OR end_date >= start_date)
) STRICT;
CREATE INDEX membership_committee ON membership(committee_id, state_id);

CREATE TRIGGER membership_no_overlap_insert BEFORE INSERT ON membership
WHEN EXISTS (SELECT 1 FROM membership m
             WHERE m.committee_id = NEW.committee_id AND m.state_id = NEW.state_id
               AND coalesce(m.start_date, '0000-01-01') <= coalesce(NEW.end_date, '9999-12-31')
               AND coalesce(NEW.start_date, '0000-01-01') <= coalesce(m.end_date, '9999-12-31'))
BEGIN
    SELECT RAISE(ABORT, 'membership overlaps an existing membership of the same state');
END;
CREATE TRIGGER membership_no_overlap_update BEFORE UPDATE ON membership
WHEN EXISTS (SELECT 1 FROM membership m
             WHERE m.id <> NEW.id AND m.committee_id = NEW.committee_id AND m.state_id = NEW.state_id
               AND coalesce(m.start_date, '0000-01-01') <= coalesce(NEW.end_date, '9999-12-31')
               AND coalesce(NEW.start_date, '0000-01-01') <= coalesce(m.end_date, '9999-12-31'))
BEGIN
    SELECT RAISE(ABORT, 'membership overlaps an existing membership of the same state');
END;

-- A recorded chairmanship term: end inclusive; handover_date is when the chair actually passed, if known.
CREATE TABLE chair_term (
    id              INTEGER PRIMARY KEY,
    committee_id    INTEGER NOT NULL REFERENCES committee(id) ON DELETE CASCADE,
    membership_id   INTEGER NOT NULL REFERENCES membership(id) ON DELETE RESTRICT,
    start_date      TEXT NOT NULL CHECK (date(start_date) IS start_date),
    end_date        TEXT NOT NULL CHECK (date(end_date) IS end_date),
    handover_date   TEXT CHECK (handover_date IS NULL OR date(handover_date) IS handover_date),
    source          TEXT,
    uid             TEXT NOT NULL UNIQUE,
    sequence        INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0),
    created_at      INTEGER NOT NULL,
    modified_at     INTEGER NOT NULL,
    CHECK (end_date >= start_date)
) STRICT;
CREATE INDEX chair_term_committee ON chair_term(committee_id, start_date);

CREATE TRIGGER chair_term_no_overlap_insert BEFORE INSERT ON chair_term
WHEN EXISTS (SELECT 1 FROM chair_term t
             WHERE t.committee_id = NEW.committee_id
               AND t.start_date <= NEW.end_date AND NEW.start_date <= t.end_date)
BEGIN
    SELECT RAISE(ABORT, 'chair term overlaps an existing term of the same committee');
END;
CREATE TRIGGER chair_term_no_overlap_update BEFORE UPDATE ON chair_term
WHEN EXISTS (SELECT 1 FROM chair_term t
             WHERE t.id <> NEW.id AND t.committee_id = NEW.committee_id
               AND t.start_date <= NEW.end_date AND NEW.start_date <= t.end_date)
BEGIN
    SELECT RAISE(ABORT, 'chair term overlaps an existing term of the same committee');
END;
CREATE TRIGGER chair_term_member_of_committee BEFORE INSERT ON chair_term
WHEN (SELECT committee_id FROM membership WHERE id = NEW.membership_id) IS NOT NEW.committee_id
BEGIN
    SELECT RAISE(ABORT, 'chair term member does not belong to the committee');
END;

-- An event's schedule is one of: 'timed' (local_start/local_end 'YYYY-MM-DDTHH:MM[:SS]' wall times in
-- time_zone), 'date' (all-day, local_start..local_end inclusive 'YYYY-MM-DD'), or a period known only to a
-- precision: 'month' ('YYYY-MM'), 'quarter' ('YYYY-Qn'), 'year' ('YYYY'), where local_end is NULL.
-- span_start/span_end is the UTC span [start, end) of the schedule in time_zone: windows are index range
-- queries on it. A span longer than 400 days is refused, which bounds the range scan (see AgendaDatabase).
CREATE TABLE event (
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
    CHECK (span_end > span_start AND span_end - span_start <= 400 * 86400),
    CHECK (CASE precision
        WHEN 'timed' THEN local_start GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]*'
                      AND local_end GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]*'
                      AND local_end > local_start
        WHEN 'date' THEN date(local_start) IS local_start AND date(local_end) IS local_end
                      AND local_end >= local_start
        WHEN 'month' THEN local_start GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]' AND local_end IS NULL
                      AND substr(local_start, 6, 2) BETWEEN '01' AND '12'
        WHEN 'quarter' THEN local_start GLOB '[0-9][0-9][0-9][0-9]-Q[1-4]' AND local_end IS NULL
        WHEN 'year' THEN local_start GLOB '[0-9][0-9][0-9][0-9]' AND local_end IS NULL
        END)
) STRICT;
CREATE INDEX event_span ON event(span_start, span_end);
CREATE INDEX event_committee_span ON event(committee_id, span_start);

-- Who took part, as what: a person (with the title held at the event) or an organisation.
CREATE TABLE event_participant (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    person_id       INTEGER REFERENCES person(id) ON DELETE CASCADE,
    organisation_id INTEGER REFERENCES organisation(id) ON DELETE CASCADE,
    role            TEXT,
    title_at_event  TEXT,
    ordinal         INTEGER NOT NULL DEFAULT 0,
    CHECK ((person_id IS NULL) <> (organisation_id IS NULL))
) STRICT;
CREATE INDEX event_participant_event ON event_participant(event_id, ordinal);

CREATE TABLE event_topic (
    event_id        INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    ordinal         INTEGER NOT NULL,
    topic           TEXT NOT NULL CHECK (length(trim(topic)) > 0),
    PRIMARY KEY (event_id, ordinal)
) STRICT, WITHOUT ROWID;

-- Full-text search over events, people and organisations. The store writes `folded` text: lower case, no
-- diacritics, đ -> d (unicode61 alone keeps Vietnamese đ), so "doi thoai" finds "Đối thoại".
CREATE VIRTUAL TABLE search_index USING fts5(
    entity UNINDEXED,
    entity_id UNINDEXED,
    folded,
    tokenize = 'unicode61 remove_diacritics 2'
);
