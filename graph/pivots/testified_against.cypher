// People who testified against an organization, company or person: one row per witness and hearing, with the quote.
// params: organization
MATCH (named:Entity)
WHERE named.id = $organization OR named.ticker = toUpper(trim($organization))
   OR ($organization =~ '\\s*\\d{1,10}\\s*' AND named.cik = right('0000000000' + trim($organization), 10))
   OR toLower(named.name) = toLower(trim($organization))
   OR any(alias IN coalesce(named.aliases, []) WHERE toLower(alias) = toLower(trim($organization)))
// The named entity's curated units (AWS for Amazon, in graph/curation/units.csv) count as the
// entity, and their rows name the unit in the target columns.
CALL (named) {
  RETURN named AS target
  UNION
  MATCH (unit:Entity)-[:UNIT_OF]->(named)
  RETURN unit AS target
}
MATCH (person:Entity)-[fact:TESTIFIED_AGAINST]->(target)
// As of a date, a fact needs a validity period that covers the date and whose stating report
// was filed by then; an empty period end is an open end, an empty filing date falls back to the start.
WHERE $as_of IS NULL OR any(i IN range(0, size(coalesce(fact.period_starts, [])) - 1)
  WHERE date(fact.period_starts[i]) <= $as_of
    AND (fact.period_ends[i] = '' OR $as_of < date(fact.period_ends[i]))
    AND date(CASE coalesce(fact.period_filed[i], '') WHEN '' THEN fact.period_starts[i]
             ELSE fact.period_filed[i] END) <= $as_of)
MATCH (a:Assertion {type: 'TESTIFIED_AGAINST'})-[:SUBJECT]->(person)
MATCH (a)-[:OBJECT]->(target)
MATCH (a)-[:STATED_IN]->(d:Document)
WHERE a.extractor + ':' + CASE coalesce(a.model, '') WHEN '' THEN '-' ELSE a.model END + ':'
      + a.prompt_version = fact.profile
  AND ($as_of IS NULL OR (a.valid_at <= $as_of AND coalesce(d.filed_at, a.valid_at) <= $as_of))
// One row per hearing document: its first statement against the target is the quote shown.
WITH person, target, d, a ORDER BY a.char_start, a.id
WITH person, target, d, collect(a) AS statements
WITH person, target, d, statements[0] AS first, size(statements) AS statements
RETURN person.name AS person, person.id AS person_id, target.name AS target, target.id AS target_id,
       coalesce(first.hearing, d.title) AS hearing, first.committee AS committee,
       coalesce(d.event_date, d.valid_at, d.filed_at) AS hearing_date, statements,
       d.id AS document, d.filed_at AS filed_at, first.valid_at AS stated_for, first.quote AS quote,
       first.stance_quote AS stance_quote
ORDER BY hearing_date, person, document
