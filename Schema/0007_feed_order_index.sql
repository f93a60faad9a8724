-- One order for listings and feeds: by start, the shorter span first, then UID. Events of the same span used to be
-- listed by id (the order they were stored) and written to feeds by UID, which made SQLite sort every run of equal
-- spans of a feed, whole rows and all (about a tenth of a 100,000-event export's reading). With the UID in the
-- index, neither a listing nor a feed is ever sorted, and a feed read into another agenda lists in the same order.
DROP INDEX event_span;
CREATE INDEX event_span ON event(span_start, span_end, uid);
