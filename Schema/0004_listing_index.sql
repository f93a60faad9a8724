-- A window listing (`upcoming`, `week`, `event list`) is answered from this index alone: each span-length class
-- is one range of entries in time order, and the entry carries every column a table of titles and times shows,
-- so the rows read are the rows listed and sit together, however the events were inserted. (It replaces the
-- narrower index of the same name, whose prefix it keeps for the id scans of exports and detailed reads.)
DROP INDEX event_class_span;
CREATE INDEX event_class_span ON event(span_class, span_start, span_end, status, classification, committee_id,
    precision, local_start, local_end, time_zone, wall_fold, kind, uid, title, location);
