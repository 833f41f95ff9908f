// Companies whose suppliers are exposed to a factor (vocabulary id or name, narrower factors included), with both facts' evidence.
// params: factor
MATCH (factor:Factor)
WHERE trim($factor) <> ''
  AND (factor.id = trim($factor) OR factor.id STARTS WITH trim($factor) + '-'
       OR (' ' + toLower(factor.name) + ' ') CONTAINS (' ' + toLower(trim($factor)) + ' ')
       OR any(alias IN coalesce(factor.aliases, [])
              WHERE (' ' + toLower(alias) + ' ') CONTAINS (' ' + toLower(trim($factor)) + ' ')))
MATCH (company:Entity)<-[supply:SUPPLIER_OF]-(supplier:Entity)-[exposure:EXPOSED_TO]->(factor)
WHERE company <> supplier
// As of a date, both facts need a validity period that covers the date and whose stating report
// was filed by then; an empty period end is an open end, an empty filing date falls back to the start.
  AND all(fact IN [supply, exposure] WHERE $as_of IS NULL
      OR any(i IN range(0, size(coalesce(fact.period_starts, [])) - 1)
        WHERE date(fact.period_starts[i]) <= $as_of
          AND (fact.period_ends[i] = '' OR $as_of < date(fact.period_ends[i]))
          AND date(CASE coalesce(fact.period_filed[i], '') WHEN '' THEN fact.period_starts[i]
                   ELSE fact.period_filed[i] END) <= $as_of))
// Each fact's evidence is its latest assertion of the fact's own profile that was known by `as_of`.
CALL (supplier, supply, company) {
  MATCH (a:Assertion {type: 'SUPPLIER_OF'})-[:SUBJECT]->(supplier)
  MATCH (a)-[:OBJECT]->(company)
  MATCH (a)-[:STATED_IN]->(d:Document)
  WHERE a.extractor + ':' + CASE coalesce(a.model, '') WHEN '' THEN '-' ELSE a.model END + ':'
        + a.prompt_version = supply.profile
    AND ($as_of IS NULL OR (a.valid_at <= $as_of AND coalesce(d.filed_at, a.valid_at) <= $as_of))
  RETURN a AS supply_assertion, d AS supply_source
  ORDER BY a.valid_at DESC, d.filed_at DESC, a.id
  LIMIT 1
}
CALL (supplier, exposure, factor) {
  MATCH (a:Assertion {type: 'EXPOSED_TO'})-[:SUBJECT]->(supplier)
  MATCH (a)-[:OBJECT]->(factor)
  MATCH (a)-[:STATED_IN]->(d:Document)
  WHERE a.extractor + ':' + CASE coalesce(a.model, '') WHEN '' THEN '-' ELSE a.model END + ':'
        + a.prompt_version = exposure.profile
    AND ($as_of IS NULL OR (a.valid_at <= $as_of AND coalesce(d.filed_at, a.valid_at) <= $as_of))
  RETURN a AS exposure_assertion, d AS exposure_source
  ORDER BY a.valid_at DESC, d.filed_at DESC, a.id
  LIMIT 1
}
RETURN company.name AS company, company.id AS company_id, company.ticker AS ticker,
       supplier.name AS supplier, supplier.id AS supplier_id, factor.name AS factor, factor.id AS factor_id,
       supply_assertion.product AS product, exposure_assertion.direction AS direction,
       exposure_assertion.channel AS channel,
       supply_source.id AS supply_document, supply_source.filed_at AS supply_filed_at,
       supply_assertion.valid_at AS supply_stated_for, supply_assertion.quote AS supply_quote,
       exposure_source.id AS exposure_document, exposure_source.filed_at AS exposure_filed_at,
       exposure_assertion.valid_at AS exposure_stated_for, exposure_assertion.quote AS exposure_quote
ORDER BY company, supplier, factor_id
