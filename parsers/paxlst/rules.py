"""PAXLST content rules: the ``PAX*`` issue catalogue, code lists and the checks the mapper runs.

Every check collects an :class:`~parsers.model.Issue`; nothing here raises. Codes are stable (airlines
filter on them) and documented in docs/paxlst.md; the catalogue below is the single source of the
severity and the one-line meaning of each code.
"""

from __future__ import annotations

from parsers.edifact.segment import Segment
from parsers.issues import issue
from parsers.model import Issue, Severity

__all__ = [
    "BGM_DOCUMENT_TYPES",
    "BGM_FUNCTIONS",
    "COUNTRY_ALPHA2",
    "COUNTRY_ALPHA3",
    "DOC_TYPES",
    "GENDERS",
    "ISSUE_CODES",
    "ROLES",
    "country_problem",
    "pax_issue",
]

E = Severity.ERROR
W = Severity.WARNING

ISSUE_CODES: dict[str, tuple[Severity, str]] = {
    # message header
    "PAX001": (E, "message has no BGM segment (document type unknown)"),
    "PAX002": (W, "unknown BGM document type"),
    "PAX003": (W, "BGM function code unknown for this document type"),
    "PAX004": (W, "UNH part number (S010 0070) outside 1-99: the message is read as a single message"),
    # flight legs
    "PAX010": (E, "no flight leg (TDT) in the message"),
    "PAX011": (E, "flight leg without flight identification"),
    "PAX012": (E, "flight leg without departure or arrival airport"),
    "PAX013": (E, "flight leg without departure or arrival date/time"),
    "PAX014": (W, "no leg crossing the border (LOC+125 and LOC+87): crossing leg unknown"),
    "PAX015": (W, "location qualifier not expected in a flight leg"),
    # travellers
    "PAX020": (E, "traveller without surname"),
    "PAX021": (W, "traveller without given names"),
    "PAX022": (E, "traveller without date of birth"),
    "PAX023": (W, "traveller without gender"),
    "PAX024": (W, "gender code not M, F, U or X"),
    "PAX025": (E, "traveller without nationality"),
    "PAX026": (W, "country code is not an ISO 3166 alpha-3 code"),
    "PAX027": (W, "NAD party qualifier is not FL, FM, DDU or DDT"),
    "PAX028": (W, "names not in upper case (API names are expected in MRZ style)"),
    "PAX029": (W, "date of birth after the message date"),
    # documents
    "PAX030": (W, "traveller without travel document"),
    "PAX031": (E, "travel document without number"),
    "PAX032": (W, "travel document without type"),
    "PAX033": (W, "travel document type is not a standard code"),
    "PAX034": (W, "travel document without expiry date"),
    "PAX035": (W, "travel document expired before the message date"),
    "PAX036": (W, "travel document without issuing country"),
    "PAX037": (W, "DOC code list qualifier is not 110"),
    "PAX038": (W, "one document number shared by several travellers"),
    # dates
    "PAX040": (E, "date is not a valid date in the stated format"),
    "PAX041": (W, "date segment without a value"),
    "PAX042": (W, "date value had surrounding spaces (repaired)"),
    "PAX043": (W, "date qualifier not expected here"),
    # bags and references
    "PAX050": (W, "bag measure unreadable or in an unknown unit"),
    "PAX051": (W, "bag tag unreadable or a placeholder"),
    "PAX055": (W, "reference qualifier not known"),
    "PAX056": (W, "location qualifier not expected for a traveller"),
    # counts
    "PAX060": (E, "CNT total does not match the travellers in the message"),
    "PAX061": (W, "CNT segment malformed"),
    "PAX062": (W, "CNT qualifier does not fit the document type (41 crew, 42 passengers)"),
    "PAX063": (W, "no CNT control total"),
    # structure
    "PAX070": (W, "segment not expected here (reported, not mapped)"),
    # multi-part sets (assembly.py)
    "PAX080": (W, "multi-part set incomplete: parts missing"),
    "PAX081": (W, "multi-part set: the same part received twice (the later one kept)"),
    "PAX082": (W, "multi-part set: traveller repeated in another part (kept once)"),
    "PAX083": (W, "multi-part set: parts disagree on flight legs or totals"),
}

ROLES: dict[str, str] = {
    "FL": "passenger",
    "FM": "crew",
    "DDU": "transit_passenger",
    "DDT": "transit_crew",
}

GENDERS = frozenset({"M", "F", "U", "X"})

# P passport, V visa, I/A/C identity cards, IP passport card, F approved non-standard document,
# L pilot licence, T travel permit, M military id, AC crew member certificate (WCO/IATA guide,
# edifact.md §3.2). Anything else is kept as transmitted and reported (PAX033).
DOC_TYPES = frozenset({"P", "V", "I", "A", "C", "IP", "F", "L", "T", "M", "AC"})
ACE_DOC_TYPES = frozenset({"5K", "39", "40", "ACW", "CBP"})  # CBP ACE (truck/rail) D03B profile

BGM_DOCUMENT_TYPES: dict[str, str] = {
    "745": "passenger list",
    "250": "crew list",
    "266": "flight status update",
    "336": "master crew list",
    "655": "gate pass request",
    "10": "ACE crew/passenger manifest (CBP D03B)",
}

BGM_FUNCTIONS: dict[str, frozenset[str]] = {
    "745": frozenset({"CP", "XR", "RP"}),  # C (regular crew) belongs to 250: reported in a 745
    "250": frozenset({"C", "CC", "B", "BC", "A", "D", "E", "EC", "F", "FC"}),
    "266": frozenset({"CL", "CLOB", "CLNB", "XF", "CF"}),
    "336": frozenset({"G", "H", "I"}),
    "655": frozenset(),
    "10": frozenset(),
}

COUNTRY_ALPHA3 = frozenset(
    """
    ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD BGR BHR
    BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD COG COK COL
    COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH FIN FJI FLK
    FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV
    HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO
    LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG
    MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN
    PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE
    SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON TTO
    TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE
    """.split()  # noqa: SIM905 (a readable block of codes)
) | frozenset(
    # ICAO Doc 9303 codes seen on travel documents besides ISO 3166-1
    "D GBD GBN GBO GBP GBS UNO UNA UNK XXA XXB XXC XXX XOM XPO XCC XES EUE RKS XBA XIM XCE".split()  # noqa: SIM905
)

COUNTRY_ALPHA2 = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT
    BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH
    ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT
    HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS
    LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI
    NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG
    SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG
    UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
    """.split()  # noqa: SIM905 (a readable block of codes)
)


def country_problem(code: str) -> str | None:
    """None when ``code`` is an alpha-3 country code, else why not (the value is kept as sent)."""
    if code in COUNTRY_ALPHA3:
        return None
    if code in COUNTRY_ALPHA2:
        return f"{code!r} is an alpha-2 code; alpha-3 expected"
    return f"{code!r} is not an ISO 3166 alpha-3 country code"


def pax_issue(code: str, detail: str, segment: Segment | None, message_ref: str | None) -> Issue:
    """An issue with the catalogue's severity; ``detail`` says what was found, in plain words."""
    severity, _meaning = ISSUE_CODES[code]
    return issue(code, severity, detail, segment, message_ref=message_ref)
