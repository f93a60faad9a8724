-- The series carry their event's classification, first in the extent index. A window lists one audience's events:
-- `upcoming` and the public feed leave out private and confidential ones. The scan of the series ranged over every
-- series whose extent spans the window and then read each listed one's event row, which the classification test
-- dropped when it was not the audience's: at 1,000,000 events, 40 % of the series are private or confidential,
-- so 40 % of a week's random row reads (one page each) and of its scan were for nothing. The column is written
-- with the series row (`writeSeries`, the one place that inserts it) and kept equal to the event's by the trigger
-- below when only the event's class changes.
ALTER TABLE event_series ADD COLUMN classification TEXT NOT NULL DEFAULT 'public'
    CHECK (classification = 'public' OR classification = 'private' OR classification = 'confidential');
UPDATE event_series SET classification = (SELECT e.classification FROM event e WHERE e.id = event_series.event_id);
CREATE TRIGGER event_series_classification AFTER UPDATE OF classification ON event
WHEN NEW.classification IS NOT OLD.classification
BEGIN
    UPDATE event_series SET classification = NEW.classification WHERE event_id = NEW.id;
END;
DROP INDEX event_series_extent;
CREATE INDEX event_series_extent
    ON event_series(classification, series_end, series_start, occurrence_starts, rrule, rdates, exdates);
