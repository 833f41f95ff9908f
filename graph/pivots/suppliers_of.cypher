// Suppliers of a company (by ticker, CIK or name), with the quote, document and date behind each.
// params: company
MATCH (buyer:Entity)
WHERE buyer.ticker = toUpper($company) OR buyer.cik = $company OR buyer.id = $company
   OR toLower(buyer.name) = toLower($company)
MATCH (supplier:Entity)-[fact:SUPPLIER_OF]->(buyer)
// Each fact edge is backed by assertions; the latest one gives the evidence shown.
CALL (supplier, buyer) {
  MATCH (a:Assertion {type: 'SUPPLIER_OF'})-[:SUBJECT]->(supplier)
  MATCH (a)-[:OBJECT]->(buyer)
  MATCH (a)-[:STATED_IN]->(d:Document)
  RETURN a.quote AS quote, d.id AS document, a.valid_at AS stated_for
  ORDER BY a.valid_at DESC, a.id
  LIMIT 1
}
RETURN supplier.name AS supplier, buyer.name AS buyer, fact.status AS status,
       fact.first_seen AS first_seen, fact.last_seen AS last_seen, fact.documents AS documents,
       document, stated_for, quote
ORDER BY status, supplier
