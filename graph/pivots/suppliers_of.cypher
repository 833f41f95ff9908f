// Suppliers of a company (by ticker, CIK or name), with the quote, document and dates behind each.
// params: company
MATCH (named:Entity)
WHERE named.id = $company OR named.ticker = toUpper(trim($company))
   OR ($company =~ '\\s*\\d{1,10}\\s*' AND named.cik = right('0000000000' + trim($company), 10))
   OR toLower(named.name) = toLower(trim($company))
   OR any(alias IN coalesce(named.aliases, []) WHERE toLower(alias) = toLower(trim($company)))
// The named entity's curated units (AWS for Amazon, in graph/curation/units.csv) count as the
// entity, and their rows name the unit in the buyer columns.
CALL (named) {
  RETURN named AS buyer
  UNION
  MATCH (unit:Entity)-[:UNIT_OF]->(named)
  RETURN unit AS buyer
}
MATCH (supplier:Entity)-[fact:SUPPLIER_OF]->(buyer)
// As of a date, a fact needs a validity period that covers the date and whose stating report
// was filed by then; an empty period end is an open end, an empty filing date falls back to the start.
WHERE $as_of IS NULL OR any(i IN range(0, size(coalesce(fact.period_starts, [])) - 1)
  WHERE date(fact.period_starts[i]) <= $as_of
    AND (fact.period_ends[i] = '' OR $as_of < date(fact.period_ends[i]))
    AND date(CASE coalesce(fact.period_filed[i], '') WHEN '' THEN fact.period_starts[i]
             ELSE fact.period_filed[i] END) <= $as_of)
// The evidence comes from the fact's own extraction profile and, as of a date, only from
// assertions that speak for a date up to it in documents filed by then.
CALL (supplier, fact, buyer) {
  MATCH (a:Assertion {type: 'SUPPLIER_OF'})-[:SUBJECT]->(supplier)
  MATCH (a)-[:OBJECT]->(buyer)
  MATCH (a)-[:STATED_IN]->(d:Document)
  WHERE a.extractor + ':' + CASE coalesce(a.model, '') WHEN '' THEN '-' ELSE a.model END + ':'
        + a.prompt_version = fact.profile
    AND ($as_of IS NULL OR (a.valid_at <= $as_of AND coalesce(d.filed_at, a.valid_at) <= $as_of))
  WITH a, d ORDER BY a.valid_at DESC, d.filed_at DESC, a.id
  RETURN head(collect(a)) AS latest, head(collect(d)) AS source, min(a.valid_at) AS first_seen,
         max(a.valid_at) AS last_seen, count(DISTINCT d) AS documents
}
WITH supplier, fact, buyer, latest, source, first_seen, last_seen, documents
WHERE latest IS NOT NULL
RETURN supplier.name AS supplier, supplier.id AS supplier_id, buyer.name AS buyer, buyer.id AS buyer_id,
       latest.product AS product, latest.sole_source AS sole_source, latest.revenue_share AS revenue_share,
       CASE WHEN $as_of IS NULL THEN fact.status ELSE 'active' END AS status,
       first_seen, last_seen, documents,
       source.id AS document, source.filed_at AS filed_at, latest.valid_at AS stated_for, latest.quote AS quote
ORDER BY status, supplier, supplier_id
