"""Trigger words, role titles and cue phrases that the relation patterns are built from.

Everything here is general English of filings, calls and hearings. The rules version hashes
this file together with the pattern modules, so editing a list changes the extraction profile.
"""

from __future__ import annotations

import re

# Words that make a sentence worth running through spaCy at all. A sentence without any of
# them cannot hold a relation that the patterns look for.
RELATION_TRIGGERS = (
    r"suppl(?:y|ier|iers|ied|ies)|vendor|foundr(?:y|ies)|manufactur|subcontract|purchase[sd]?\s+\w+\s+from|"
    r"underwrit|trustee|customer|client|orders?\s+from|compet|acqui|merger|subsidiar|owns|"
    r"officer|president|director|chair|counsel|secretary|treasurer|controller|founder|/s/|"
    r"investor\s+relations|testi(?:fy|mony)|committee|depend|rel(?:y|ies|iant)\s+on|accounted\s+for|"
    r"adopting|deploying|building\s+(?:[\w-]+\s+){0,4}with|standing\s+up|runs\s+on"
)

# Cues that the sentence describes an effect on, or a risk to, the company.
ADVERSE_CUES = (
    r"advers|negativ|harm|disrupt|headwind|pressure|reduc|declin|loss|shortage|restrict|"
    r"limit|curtail|combat|challeng|unfavorabl|damag|interrupt|constrain|uncertaint|risk"
)
BENEFICIAL_CUES = r"benefi|positive|favorabl|strength|capitaliz|tailwind|improv|boost"
NEUTRAL_CUES = (
    r"affect|impact|expos|fluctuat|volatil|subject\s+to|sensitiv|depend|influenc|"
    r"change[sd]?\s+in|vary|varies|effect\s+on|governed\s+by|prices?\s+(?:and|of)|denominated"
)
EXPOSURE_CUES = f"(?:{ADVERSE_CUES}|{BENEFICIAL_CUES}|{NEUTRAL_CUES})"
# A sentence that refers back to the factors named in the sentence before it.
BACK_REFERENCE = r"\b(?:these|such|those)\s+(?:raw\s+)?(?:materials|commodities|metals|currencies|inputs|ingredients)\b"

# A hedge or a risk cue that must sit in the same sentence as a named company before the company
# counts as a dependency (EXPOSED_TO a company rather than a factor).
COMPANY_DEPENDENCY = (
    r"dependent\s+(?:up)?on|depends?\s+(?:up)?on|whose\s+loss|loss\s+of|rel(?:y|ies)\s+(?:heavily\s+)?on|"
    r"relationship\s+(?:with\s+\S+\s+)?may\s+have\s+an\s+adverse"
)

# Role titles of officers and directors. `chief ... officer` covers every C-level variant.
ROLE_UNIT = (
    r"(?:(?:executive|senior|group|corporate|regional|global|independent|lead)\s+)*"
    r"(?:vice\s+)?(?:"
    r"chief(?:\s+[a-z&]+){1,3}\s+officer|president|chairman|chairwoman|chairperson|chair|"
    r"director|general\s+counsel|corporate\s+secretary|secretary|treasurer|controller|"
    r"ceo|cfo|coo|cto|cao|founder|co-founder|managing\s+director|head\s+of\s+investor\s+relations"
    r")"
)
# "Director, Investor Relations" and "Director of Macroeconomic Analysis" name the function after
# the title word; the function is capitalized, which keeps "director of a company" out.
ROLE_QUALIFIER = r"(?:\s+of\s+(?:the\s+)?|,\s+)(?-i:[A-Z][\w&]*(?:\s+(?:and\s+|&\s+)?[A-Z][\w&]*){0,3})"

# Words that open a role title; a run of capitalized words stops being a name at one of them.
TITLE_WORDS = frozenset({
    "chief", "president", "vice", "executive", "senior", "director", "chairman", "chairwoman",
    "chairperson", "chair", "general", "secretary", "treasurer", "controller", "principal",
    "officer", "founder", "co-founder", "managing", "head", "ceo", "cfo", "coo", "cto", "group",
    "corporate", "independent", "lead", "global", "regional", "analyst", "operator",
})

# Capitalized words that precede names in call introductions and cannot be part of a name.
NON_NAME_WORDS = frozenset({
    "i", "i'm", "we", "our", "the", "and", "with", "today", "joining", "thank", "thanks", "good",
    "please", "also", "me", "us", "my", "name", "is", "are", "here", "on", "call", "operator",
    "senator", "chairman", "ranking", "member", "mr", "mrs", "ms", "dr", "hello", "hi", "welcome",
    "by", "date", "signature", "title", "pursuant", "statement", "testimony", "before", "from",
})

# Services whose provider is named in a list that ends ", as <role>".
SERVICE_ROLES = (
    r"(?:representatives?\s+of\s+the\s+(?:several\s+)?underwriters|underwriters?|trustee|"
    r"indenture\s+trustee|placement\s+agents?|dealer\s+managers?|administrative\s+agent|"
    r"transfer\s+agent|paying\s+agent|auditors?|independent\s+(?:registered\s+public\s+)?accounting\s+firm|"
    r"legal\s+counsel|financial\s+advisors?)"
)

# Career wording of a person's biography: "served from 2002 to 2004 as", "joined Cisco in 2010 as",
# "prior to joining", "was a member of the board of". Companies named in a biography are a
# person's past employers and boards, not the issuer's trading partners.
CAREER_CUES = (
    r"\b(?:has\s+|had\s+)?served\s+(?:(?:from|since|between)\s+\d{4}\s+(?:(?:to|until|through|and)\s+\d{4}\s+)?"
    r"|(?:most\s+)?recently\s+)?(?:as|on\s+the\s+boards?)\b"
    r"|\bjoined\s+(?:(?-i:[A-Z])[\w&.,-]*\s+){1,5}in\s+\d{4}"
    r"|\bprior\s+to\s+(?:joining|that|this)\b"
    r"|\bwas\s+employed\s+(?:at|by)\b"
    r"|\bheld\s+(?:a\s+variety\s+of|various|several)\b"
    r"|\bspent\s+(?:[\w-]+\s+){1,3}years?\s+(?:at|with)\b"
    r"|\b(?:is|was|has\s+been)\s+a\s+(?:member|director)\s+of\s+the\s+boards?\b"
    r"|\bworked\s+as\b|\bbegan\s+(?:his|her|their)\s+career\b"
)
# A person as the subject of a sentence: a personal pronoun, or a courtesy title before a name.
PERSONAL_SUBJECT = r"\b(?:he|she|his|her)\b|\b(?-i:(?:Mr|Ms|Mrs|Dr)\.\s+[A-Z])"
# Sections about people only: Item 10 of a 10-K, "Directors, Executive Officers and Corporate Governance".
PEOPLE_SECTIONS = frozenset({"Item 10"})

# Cues that a list of named organizations that follows supplies the issuer.
SUPPLIER_LIST_CUES = (
    r"(?:suppliers?|vendors?|foundr(?:y|ies)|subcontractors?|contract\s+manufacturers|manufacturers|"
    r"sources?|partners)\s*(?:,\s*)?(?:such\s+as|including|includes?|include,?\s+at\s+this\s+time:|include:?)"
    r"|(?:suppliers?|vendors?|sources?)\s+(?:whose|that|which|who)\s+[^.;:]{0,150}?\binclude[sd]?,?(?:\s+at\s+this\s+time)?:?"
    r"|purchase[sd]?\s+(?:[\w-]+\s+){1,3}from|source[sd]?\s+(?:[\w-]+\s+){0,3}from|rel(?:y|ies)\s+on\s+(?:suppliers\s+such\s+as\s+)?"
)
# A named organization followed by one of these is a supplier of the issuer.
SUPPLIER_APPOSITIVES = (
    r",?\s+(?:the|our|a|an|one\s+of\s+our)\s+(?:sole|single|only|primary|principal|key|main|largest)?\s*"
    r"(?:suppliers?|sources?|vendors?|foundry|manufacturers?)\b"
)
SOLE_SOURCE = r"\b(?:sole|single|only\s+one)\b"
LIMITED_SOURCE = r"\blimited\s+number\s+of\b|\bvery\s+limited\b"

CUSTOMER_LIST_CUES = r"customers?\s*(?:,\s*)?(?:such\s+as|including|include:?|includes)"
ORDER_CUES = r"(?:secured|received|won|booked|announced)\s+(?:[\w-]+\s+){0,4}orders?\s+from\s+(?:[\w-]+\s+){0,3}"

COMPETITOR_LIST_CUES = (
    r"(?:competitors?|competition|compete[sd]?|competing)\b[^.;]{0,60}?(?:such\s+as|include:?|including|includes|from|with|against)"
    r"|such\s+as"
)
COMPETITOR_APPOSITIVE = r"as\s+(?:a|an)\s+(?:competing|competitor)|,\s+(?:a|an|our)\s+(?:main\s+|key\s+|principal\s+)?competitor"

SUBSIDIARY_NOUN = r"(?:wholly[- ]owned\s+|majority[- ]owned\s+|indirect\s+|direct\s+)?subsidiar(?:y|ies)"

# In testimony, words with which a witness blames or accuses an organization or person.
BLAME_CUES = (
    r"improperly|illegally|unlawful|misled|misleading|deceiv|lied|failed\s+to|did\s+nothing|"
    r"refused|chose\s+not\s+to|knows?\s+the\s+harm|knew\s+the\s+harm|must\s+be\s+held\s+accountable|"
    r"held\s+accountable|cannot\s+trust|can't\s+trust|negligen|reckless|abuse[ds]?|exploit|"
    r"violat|breach|harmful|enables|wrongdoing|accountable"
)
# Phrases with which a witness addresses or names the body they testify to.
TESTIMONY_ADDRESS = (
    r"members\s+of\s+the\s+(?:sub)?committee|testi(?:fy|mony)\s+before|appear\s+before|"
    r"testify\s+at\s+this\s+hearing|ranking\s*member|distinguished\s*members"
)

# Organization names that an NER model tags but that are not companies or bodies in any relation.
NON_ENTITY_ORGS = frozenset({
    "company", "the company", "registrant", "board", "board of directors", "management",
    "gaap", "non-gaap", "form 10-k", "form 10-q", "form 8-k", "annual report", "notes", "indenture",
    "item", "part", "table of contents", "data center", "investor relations", "ceo", "cfo",
    "ai", "soc", "gpu", "cpu", "dpu", "api", "saas", "cloud", "os", "ios", "esg", "r&d",
    "ip", "ipr&d", "nav", "ebitda", "eps",
})

# Last words of names that NER tags as organizations but that name a law, a plan or a program
# ("Robinson-Patman Act", "Employee Stock Purchase Plan") rather than a company. A company named
# like that ("The Index") is lost.
NON_COMPANY_LAST_WORDS = frozenset({
    "act", "acts", "law", "laws", "treaty", "directive", "regulation", "regulations", "rule", "rules",
    "code", "program", "programs", "programme", "plan", "plans", "agreement", "agreements", "index",
    "indices", "initiative", "initiatives", "principles", "standards",
})

# Last words that end company names but no personal name. NER tags some short company names as
# people ("Samas Groep", "Alert Innovation"); a span that ends in one of these is a company.
COMPANY_NAME_ENDINGS = frozenset({
    "technologies", "technology", "electronics", "semiconductor", "semiconductors", "microelectronics",
    "industries", "logistics", "logistica", "holdings", "group", "groep", "gruppe", "corporation",
    "incorporated", "laboratories", "pharmaceuticals", "therapeutics", "motors", "airlines",
    "communications", "networks", "systems", "solutions", "software", "enterprises", "consolidated",
    "innovation", "innovations", "interconnect", "manufacturing", "inc", "corp", "ltd", "llc", "plc",
    "gmbh", "srl",
})

# Names of anonymised parties ("Customer A", "Direct Customer B") that never become entities.
ANONYMISED_PARTY = re.compile(
    r"^(?:the\s+)?(?:direct\s+|indirect\s+)?(?:customer|supplier|partner|vendor|party|licensee|"
    r"distributor|counterparty|company|entity|client)s?\s+[A-Z](?:\b|$)",
    re.IGNORECASE,
)

# Words that mark an organization name as a government body rather than a company.
GOVERNMENT_WORDS = re.compile(
    r"\b(?:committee|subcommittee|senate|house\s+of|congress|department|agency|commission|"
    r"administration|bureau|ministry|government|federal\s+reserve|treasury|court|parliament|"
    r"office\s+of|regulators?)\b|^(?:SEC|FTC|FAA|FDA|DOJ|EPA|CBO|USG|IRS|FCC|CFTC|NHTSA|BIS)$",
    re.IGNORECASE,
)

# Factor surfaces too ambiguous to spot in prose: pronouns, verbs or product words in filings.
AMBIGUOUS_FACTOR_SURFACES = frozenset({
    "us", "won", "pet", "dollar", "memory", "chips", "semiconductors", "semiconductor chips",
    "wafers", "silicon wafers", "power costs", "dram", "hbm", "high bandwidth memory", "eu",
    "cad", "real", "pound",
})
# Factors a filer's home market is usually described in without any risk meant.
HOME_COUNTRIES = frozenset({"United States"})
# Factor abbreviations matched only in capitals ("UK", "PRC", "HFCS"); in lower case they are
# other words or noise.
CAPITALS_ONLY = frozenset({
    "usd", "eur", "jpy", "rmb", "cny", "gbp", "inr", "mxn", "chf", "krw", "twd", "brl", "ils",
    "prc", "uk", "us", "usa", "uae", "apac", "hfcs", "gdpr",
})
