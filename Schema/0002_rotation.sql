-- Rotation policies and their exceptions (chairmanship projections).

-- The name a committee records a member under, for alphabetical rotations ("Republic of Korea").
ALTER TABLE membership ADD COLUMN recorded_name TEXT;

CREATE TABLE rotation_policy (
    id              INTEGER PRIMARY KEY,
    committee_id    INTEGER NOT NULL REFERENCES committee(id) ON DELETE CASCADE,
    effective_from  TEXT NOT NULL CHECK (date(effective_from) IS effective_from),
    term_months     INTEGER NOT NULL CHECK (term_months BETWEEN 1 AND 120),
    order_kind      TEXT NOT NULL CHECK (order_kind IN ('alphabetical', 'explicit')),
    anchor_state_id INTEGER NOT NULL REFERENCES state(id) ON DELETE RESTRICT,
    anchor_date     TEXT NOT NULL CHECK (date(anchor_date) IS anchor_date),
    source          TEXT,
    UNIQUE (committee_id, effective_from)
) STRICT;

-- The explicit order of a policy whose order_kind is 'explicit'.
CREATE TABLE rotation_order (
    policy_id       INTEGER NOT NULL REFERENCES rotation_policy(id) ON DELETE CASCADE,
    position        INTEGER NOT NULL CHECK (position >= 0),
    state_id        INTEGER NOT NULL REFERENCES state(id) ON DELETE RESTRICT,
    PRIMARY KEY (policy_id, position),
    UNIQUE (policy_id, state_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE rotation_exception (
    id              INTEGER PRIMARY KEY,
    committee_id    INTEGER NOT NULL REFERENCES committee(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('skip', 'shift', 'swap', 'designate')),
    state_id        INTEGER NOT NULL REFERENCES state(id) ON DELETE RESTRICT,
    other_state_id  INTEGER REFERENCES state(id) ON DELETE RESTRICT,
    date            TEXT NOT NULL CHECK (date(date) IS date),
    source          TEXT,
    CHECK ((kind = 'swap') = (other_state_id IS NOT NULL)),
    CHECK (other_state_id IS NULL OR other_state_id <> state_id)
) STRICT;
CREATE INDEX rotation_exception_committee ON rotation_exception(committee_id, date);
