-- Secret links to feeds (`agenda token add`, served by `agenda serve` at /s/SECRET/…). Only a SHA-256 hash of the
-- secret is kept: the secret is printed once and cannot be recovered from the database. A token sees one audience,
-- and one committee's feeds when committee_id is set. Revoked tokens stay listed, with the time of revocation.
CREATE TABLE feed_token (
    id              INTEGER PRIMARY KEY,
    label           TEXT NOT NULL CHECK (length(trim(label)) BETWEEN 1 AND 200),
    audience        TEXT NOT NULL CHECK (audience IN ('public', 'internal')),
    committee_id    INTEGER REFERENCES committee(id) ON DELETE CASCADE,
    secret_hash     BLOB NOT NULL UNIQUE CHECK (typeof(secret_hash) = 'blob' AND length(secret_hash) = 32),
    created_at      INTEGER NOT NULL,
    revoked_at      INTEGER,
    CHECK (revoked_at IS NULL OR revoked_at >= created_at)
) STRICT;
