// Companies exposed to a factor, matched by vocabulary id or name, narrower factors included.
// params: factor
// "export controls" also finds "export controls on gallium", by whole words of the name or an id prefix.
MATCH (factor:Factor)
WHERE trim($factor) <> ''
  AND (factor.id = trim($factor) OR factor.id STARTS WITH trim($factor) + '-'
       OR (' ' + toLower(factor.name) + ' ') CONTAINS (' ' + toLower(trim($factor)) + ' ')
       OR any(alias IN coalesce(factor.aliases, [])
              WHERE (' ' + toLower(alias) + ' ') CONTAINS (' ' + toLower(trim($factor)) + ' ')))
MATCH (company:Entity)-[fact:EXPOSED_TO]->(factor)
// As of a date, a fact needs a validity period that covers the date and whose stating report
// was filed by then; an empty period end is an open end, an empty filing date falls back to the start.
WHERE $as_of IS NULL OR any(i IN range(0, size(coalesce(fact.period_starts, [])) - 1)
  WHERE date(fact.period_starts[i]) <= $as_of
    AND (fact.period_ends[i] = '' OR $as_of < date(fact.period_ends[i]))
    AND date(CASE coalesce(fact.period_filed[i], '') WHEN '' THEN fact.period_starts[i]
             ELSE fact.period_filed[i] END) <= $as_of)
// The evidence comes from the fact's own extraction profile and, as of a date, only from
// assertions that speak for a date up to it in documents filed by then.
CALL (company, fact, factor) {
  MATCH (a:Assertion {type: 'EXPOSED_TO'})-[:SUBJECT]->(company)
  MATCH (a)-[:OBJECT]->(factor)
  MATCH (a)-[:STATED_IN]->(d:Document)
  WHERE a.extractor + ':' + CASE coalesce(a.model, '') WHEN '' THEN '-' ELSE a.model END + ':'
        + a.prompt_version = fact.profile
    AND ($as_of IS NULL OR (a.valid_at <= $as_of AND coalesce(d.filed_at, a.valid_at) <= $as_of))
  WITH a, d ORDER BY a.valid_at DESC, d.filed_at DESC, a.id
  RETURN head(collect(a)) AS latest, head(collect(d)) AS source, min(a.valid_at) AS first_seen,
         max(a.valid_at) AS last_seen, count(DISTINCT d) AS documents
}
WITH company, fact, factor, latest, source, first_seen, last_seen, documents
WHERE latest IS NOT NULL
RETURN company.name AS company, company.id AS company_id, company.ticker AS ticker,
       factor.name AS factor, factor.id AS factor_id, latest.direction AS direction,
       latest.channel AS channel, latest.magnitude AS magnitude,
       CASE WHEN $as_of IS NULL THEN fact.status ELSE 'active' END AS status,
       first_seen, last_seen, documents,
       source.id AS document, source.filed_at AS filed_at, latest.valid_at AS stated_for, latest.quote AS quote
ORDER BY status, company, factor_id
