-- People and organisations are looked up by name without regard to case (`name = ? COLLATE NOCASE`: a participant,
-- a chair, an embassy, as typed or as an imported invitation names them). The UNIQUE indexes on those names compare
-- bytes (BINARY), so they could not answer such a lookup, and each one read the whole table: an import of
-- invitations with their attendees into a directory of 20,000 people read 20,000 names for every attendee. These
-- indexes answer it directly.
CREATE INDEX person_name_nocase ON person(name COLLATE NOCASE);
CREATE INDEX organisation_name_nocase ON organisation(name COLLATE NOCASE);
CREATE INDEX organisation_short_name_nocase ON organisation(short_name COLLATE NOCASE);
