-- The UTC start (seconds) of every occurrence of a series that ends and has at most 512 of them, in order, as
-- 8-byte little-endian integers, written with the series' extent from the same expansion (its rule, extra and
-- excluded dates applied; overrides not). A window tells from them alone whether such a series has an occurrence
-- in it, without parsing and expanding its rule. NULL: not tabled (a series that never ends, a longer one, one
-- without occurrences, or one written before this migration): a window expands its rule.
ALTER TABLE event_series ADD COLUMN occurrence_starts BLOB
    CHECK (occurrence_starts IS NULL OR (length(occurrence_starts) BETWEEN 8 AND 4096 AND length(occurrence_starts) % 8 = 0));
