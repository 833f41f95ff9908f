// Concentrated supply: sole or limited sources and counterparties with a large revenue share, with evidence.
// params: company?, min_share=0.5
// Without `company` every concentrated supply fact is listed; with it, those where it or one of its
// curated units (AWS for Amazon, in graph/curation/units.csv) is supplier or buyer.
// NOTE: the rules extractor puts "Customer X was 55% of our revenue" on `issuer SUPPLIER_OF X`, so
// `revenue_share` there is a share of the supplier's revenue, while the registry describes the buyer's.
OPTIONAL MATCH (named:Entity)
WHERE $company IS NOT NULL AND (named.id = $company OR named.ticker = toUpper(trim($company))
       OR ($company =~ '\\s*\\d{1,10}\\s*' AND named.cik = right('0000000000' + trim($company), 10))
       OR toLower(named.name) = toLower(trim($company))
       OR any(alias IN coalesce(named.aliases, []) WHERE toLower(alias) = toLower(trim($company))))
OPTIONAL MATCH (unit:Entity)-[:UNIT_OF]->(named)
WITH collect(DISTINCT named) + collect(DISTINCT unit) AS parties
MATCH (supplier:Entity)-[fact:SUPPLIER_OF]->(buyer:Entity)
WHERE ($company IS NULL OR supplier IN parties OR buyer IN parties)
// As of a date, a fact needs a validity period that covers the date and whose stating report
// was filed by then; an empty period end is an open end, an empty filing date falls back to the start.
  AND ($as_of IS NULL OR any(i IN range(0, size(coalesce(fact.period_starts, [])) - 1)
    WHERE date(fact.period_starts[i]) <= $as_of
      AND (fact.period_ends[i] = '' OR $as_of < date(fact.period_ends[i]))
      AND date(CASE coalesce(fact.period_filed[i], '') WHEN '' THEN fact.period_starts[i]
               ELSE fact.period_filed[i] END) <= $as_of))
// The evidence is the latest assertion of the fact's profile, known by `as_of`, that states the concentration.
CALL (supplier, fact, buyer) {
  MATCH (a:Assertion {type: 'SUPPLIER_OF'})-[:SUBJECT]->(supplier)
  MATCH (a)-[:OBJECT]->(buyer)
  MATCH (a)-[:STATED_IN]->(d:Document)
  WHERE a.extractor + ':' + CASE coalesce(a.model, '') WHEN '' THEN '-' ELSE a.model END + ':'
        + a.prompt_version = fact.profile
    AND ($as_of IS NULL OR (a.valid_at <= $as_of AND coalesce(d.filed_at, a.valid_at) <= $as_of))
    AND (a.sole_source IN ['sole', 'limited'] OR toFloat(a.revenue_share) >= toFloat($min_share))
  RETURN a AS latest, d AS source
  ORDER BY a.valid_at DESC, d.filed_at DESC, a.id
  LIMIT 1
}
RETURN supplier.name AS supplier, supplier.id AS supplier_id, buyer.name AS buyer, buyer.id AS buyer_id,
       CASE WHEN latest.sole_source IN ['sole', 'limited'] THEN latest.sole_source
            ELSE 'revenue_share' END AS concentration,
       latest.sole_source AS sole_source, latest.revenue_share AS revenue_share, latest.product AS product,
       CASE WHEN $as_of IS NULL THEN fact.status ELSE 'active' END AS status,
       source.id AS document, source.filed_at AS filed_at, latest.valid_at AS stated_for, latest.quote AS quote
ORDER BY CASE concentration WHEN 'sole' THEN 0 WHEN 'revenue_share' THEN 1 ELSE 2 END, buyer, supplier
