// What changed for a company between two dates: facts that appeared, reappeared or were not reaffirmed, with evidence.
// params: company, from_date, to_date
// A fact is "not_reaffirmed" when it was visible on from_date but not on to_date, and "appeared" or
// "reappeared" (visible before from_date too) the other way round. `as_of`, when earlier, caps to_date.
MATCH (named:Entity)
WHERE named.id = $company OR named.ticker = toUpper(trim($company))
   OR ($company =~ '\\s*\\d{1,10}\\s*' AND named.cik = right('0000000000' + trim($company), 10))
   OR toLower(named.name) = toLower(trim($company))
   OR any(alias IN coalesce(named.aliases, []) WHERE toLower(alias) = toLower(trim($company)))
// The named entity's curated units (AWS for Amazon, in graph/curation/units.csv) count as the
// entity, and their rows name the unit in the company columns.
CALL (named) {
  RETURN named AS company
  UNION
  MATCH (unit:Entity)-[:UNIT_OF]->(named)
  RETURN unit AS company
}
// Fact edges join two entities and carry the profile they were derived with; assertion links do neither.
MATCH (company)-[fact]-(other:Entity)
WHERE fact.profile IS NOT NULL
// A fact between a unit and its owner is found from both ends.
WITH DISTINCT fact
WITH fact, date($from_date) AS since,
     CASE WHEN $as_of IS NOT NULL AND $as_of < date($to_date) THEN $as_of ELSE date($to_date) END AS until,
     [i IN range(0, size(coalesce(fact.period_starts, [])) - 1) | {
        start: date(fact.period_starts[i]),
        end: CASE fact.period_ends[i] WHEN '' THEN null ELSE date(fact.period_ends[i]) END,
        filed: date(CASE coalesce(fact.period_filed[i], '') WHEN '' THEN fact.period_starts[i]
                    ELSE fact.period_filed[i] END)}] AS periods
// A period is visible on a date when it covers the date and its stating report was filed by then.
WITH fact, since, until,
     [p IN periods WHERE p.start <= since AND (p.end IS NULL OR since < p.end) AND p.filed <= since] AS at_start,
     [p IN periods WHERE p.start <= until AND (p.end IS NULL OR until < p.end) AND p.filed <= until] AS at_end,
     [p IN periods WHERE p.start < since AND p.filed <= since] AS before_start
WITH fact, since, until, at_start, at_end,
     CASE
       WHEN size(at_start) > 0 AND size(at_end) = 0 THEN 'not_reaffirmed'
       WHEN size(at_start) = 0 AND size(at_end) > 0 AND size(before_start) > 0 THEN 'reappeared'
       WHEN size(at_start) = 0 AND size(at_end) > 0 THEN 'appeared'
     END AS change
WHERE change IS NOT NULL
WITH fact, change, startNode(fact) AS subject, endNode(fact) AS object,
     CASE change WHEN 'not_reaffirmed' THEN at_start[0] ELSE at_end[0] END AS period,
     CASE change WHEN 'not_reaffirmed' THEN since ELSE until END AS cutoff
// The evidence is the latest statement known on the date the fact was visible: to_date for a
// fact that appeared, from_date for one that was not reaffirmed.
CALL (fact, subject, object, cutoff) {
  MATCH (a:Assertion)-[:SUBJECT]->(subject)
  WHERE a.type = type(fact)
  MATCH (a)-[:OBJECT]->(object)
  MATCH (a)-[:STATED_IN]->(d:Document)
  WHERE a.extractor + ':' + CASE coalesce(a.model, '') WHEN '' THEN '-' ELSE a.model END + ':'
        + a.prompt_version = fact.profile
    AND a.valid_at <= cutoff AND coalesce(d.filed_at, a.valid_at) <= cutoff
  RETURN a AS latest, d AS source
  ORDER BY a.valid_at DESC, d.filed_at DESC, a.id
  LIMIT 1
}
// The report that ended the period is the stream's next report: same issuer and form, dated at the end.
OPTIONAL CALL (source, period, change) {
  MATCH (silent:Document)
  WHERE change = 'not_reaffirmed' AND silent.valid_at = period.end
    AND silent.issuer_cik = source.issuer_cik AND silent.form = source.form
  RETURN silent.id AS silent_document
  ORDER BY silent.filed_at, silent.id
  LIMIT 1
}
RETURN change, type(fact) AS relation, subject.name AS subject, subject.id AS subject_id,
       object.name AS object, object.id AS object_id, period.start AS period_from, period.end AS period_to,
       source.id AS document, source.filed_at AS filed_at, latest.valid_at AS stated_for, latest.quote AS quote,
       silent_document
ORDER BY change, relation, subject, object
