-- The closed sets of `event` (kind, status, class, precision) and of `event_override` (status) are checked with OR
-- rather than IN. SQLite codes a CHECK's IN list of more than two values as a temporary b-tree, built again each
-- time the statement runs: every event inserted opened, filled and closed four of them. On a bulk load that was
-- about a quarter of the writing thread's instructions (callgrind: 80,027 b-trees opened for 20,000 events). The
-- rules are the same, value for value (NULL included: the NOT NULL constraints stand apart), so no row needs
-- checking again and the tables are not rebuilt: the CHECK texts are edited in place, the procedure SQLite
-- documents for changing constraints (lang_altertable.html, "Making Other Kinds Of Table Schema Changes"),
-- inside this migration's transaction, and `writable_schema = RESET` reads the schema again before it commits.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(replace(replace(replace(sql,
    'kind IN (''meeting'', ''working-session'', ''dialogue'', ''conference'',
                        ''summit'', ''reception'', ''ceremony'', ''project'', ''milestone'', ''award'', ''other'')',
    'kind = ''meeting'' OR kind = ''working-session'' OR kind = ''dialogue'' OR kind = ''conference''
                        OR kind = ''summit'' OR kind = ''reception'' OR kind = ''ceremony'' OR kind = ''project''
                        OR kind = ''milestone'' OR kind = ''award'' OR kind = ''other'''),
    'status IN (''tentative'', ''confirmed'', ''postponed'', ''cancelled'')',
    'status = ''tentative'' OR status = ''confirmed'' OR status = ''postponed'' OR status = ''cancelled'''),
    'classification IN (''public'', ''private'', ''confidential'')',
    'classification = ''public'' OR classification = ''private'' OR classification = ''confidential'''),
    'precision IN (''timed'', ''date'', ''month'', ''quarter'', ''year'')',
    'precision = ''timed'' OR precision = ''date'' OR precision = ''month'' OR precision = ''quarter''
                        OR precision = ''year''')
WHERE type = 'table' AND name IN ('event', 'event_override');
PRAGMA writable_schema = RESET;
