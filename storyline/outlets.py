"""Which outlet an article is from, and how that was found.

In order: an explicit field, the URL's domain, a wire opener ("(Bloomberg) --"),
the text's reference to itself ("As Breitbart News reported"), a copyright
line, a site-name line. Citing another outlet (", reported Bloomberg",
"according to Reuters") is not evidence: those forms are never matched.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

#: Domains whose outlet name is not the domain's own first label, title-cased.
KNOWN_DOMAINS = {
    "nytimes.com": "The New York Times",
    "washingtonpost.com": "The Washington Post",
    "wsj.com": "The Wall Street Journal",
    "ft.com": "Financial Times",
    "bbc.co.uk": "BBC",
    "bbc.com": "BBC",
    "cnn.com": "CNN",
    "apnews.com": "AP",
    "theguardian.com": "The Guardian",
    "guardian.co.uk": "The Guardian",
    "aljazeera.com": "Al Jazeera",
    "timesofisrael.com": "The Times of Israel",
    "foxnews.com": "Fox News",
    "nbcnews.com": "NBC News",
    "cbsnews.com": "CBS News",
    "breitbart.com": "Breitbart",
}
_LEGAL_SUFFIX = re.compile(
    r",?\s+(?:L\.?P\.?|Inc\.?|Ltd\.?|LLC|Corp\.?|Co\.?|plc|GmbH|S\.A\.)$", re.IGNORECASE
)
_SELF_REFERENCE = re.compile(
    r"(?:^|[.!?]\s+|\n)As\s+(?P<name>(?:[A-Z][\w&'.-]*\s+){0,3}[A-Z][\w&'.-]*)\s+"
    r"(?:has\s+|had\s+|previously\s+|first\s+|exclusively\s+)*reported\b"
)


def canonical_outlet(name: str) -> str:
    """ "Bloomberg L.P." and "Bloomberg" are one outlet."""
    name = " ".join(name.split()).strip(" .,:;|-")
    previous = None
    while previous != name:
        previous, name = name, _LEGAL_SUFFIX.sub("", name).strip()
    return name


def registered_domain(host: str) -> str:
    """The name a registrant holds under a public suffix: ``news.haaretz.co.il`` is
    ``haaretz.co.il``, ``abc.net.au`` stays itself, ``x.netlify.app`` stays itself (a
    private suffix).

    Read with the public suffix list bundled by ``tld`` (a trafilatura dependency; no
    network). A host under no listed suffix (``.example``, ``.local``) keeps its last two
    labels."""
    from tld import get_tld  # installed with trafilatura

    parts = host.split(".")
    suffix = get_tld(host, fix_protocol=True, fail_silently=True)
    if isinstance(suffix, str) and suffix and host != suffix and host.endswith("." + suffix):
        labels = suffix.count(".") + 2
        domain = ".".join(parts[-labels:])
        # "www.gov.uk": a site whose suffix is itself a name (gov.uk) is that name.
        return domain.removeprefix("www.") if domain.count(".") > 1 else domain
    return ".".join(parts[-2:])


def outlet_from_url(url: str | None) -> str | None:
    """The outlet a URL names: a known outlet's name, else its registered domain."""
    if not url:
        return None
    host = (urlparse(url if "//" in url else "//" + url).hostname or "").lower().rstrip(".")
    if not host or "." not in host or host.replace(".", "").isdigit() or ":" in host:
        return None  # no host, or an IP address: no outlet name to read
    domain = registered_domain(host)
    return KNOWN_DOMAINS.get(domain, domain)


def _same_name(name: str, domain: str) -> bool:
    letters = re.sub(r"[^a-z0-9]", "", name.lower())
    label = re.sub(r"[^a-z0-9]", "", domain.lower().split(".")[0])
    return bool(letters) and (letters == label or letters.removeprefix("the") == label)


def outlet_from_text(text: str) -> str | None:
    match = _SELF_REFERENCE.search(text)
    return canonical_outlet(match.group("name")) if match else None


def find_outlet(
    *,
    field: str | None,
    url: str | None,
    agency: str | None,
    text: str,
    copyright_owner: str | None,
    site_names: tuple[str, ...],
    html_site_name: str | None = None,
) -> tuple[str | None, str | None]:
    """(outlet, how it was found) from the evidence in trust order."""
    if field:
        return canonical_outlet(field), "field"
    from_url = outlet_from_url(url)
    if from_url:
        named = html_site_name or (site_names[0] if site_names else None)
        if named and _same_name(named, from_url):  # "tidewaytimes.example" is "Tideway Times"
            return canonical_outlet(named), "url"
        return from_url, "url"
    if agency:
        return canonical_outlet(agency), "opener"
    from_text = outlet_from_text(text)
    if from_text:
        return from_text, "self_reference"
    if copyright_owner:
        return canonical_outlet(copyright_owner), "copyright"
    if html_site_name:
        return canonical_outlet(html_site_name), "site_name"
    if site_names:
        return canonical_outlet(site_names[0]), "site_name"
    return None, None


# -- wire origin --------------------------------------------------------------------------

#: News agencies whose stories other sites carry, by the names they are printed under
#: (a generic lexicon, not any one corpus's sources).
WIRE_AGENCIES: dict[str, tuple[str, ...]] = {
    "AP": ("AP", "Associated Press", "The Associated Press"),
    "Reuters": ("Reuters", "Thomson Reuters"),
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse"),
    "dpa": ("dpa", "DPA", "Deutsche Presse-Agentur"),
    "Xinhua": ("Xinhua", "Xinhua News Agency"),
    "Bloomberg": ("Bloomberg", "Bloomberg News"),
    "UPI": ("UPI", "United Press International"),
    "ANI": ("ANI", "Asian News International"),
    "PTI": ("PTI", "Press Trust of India"),
    "IANS": ("IANS", "Indo-Asian News Service"),
    "PA": ("PA", "PA Media", "Press Association"),
    "Anadolu": ("Anadolu", "Anadolu Agency", "AA"),
    "Kyodo": ("Kyodo", "Kyodo News"),
    "Yonhap": ("Yonhap",),
    "TASS": ("TASS",),
    "EFE": ("EFE",),
    "ANSA": ("ANSA",),
    "Europa Press": ("Europa Press",),
    "SPA": ("SPA", "Saudi Press Agency"),
    "WAM": ("WAM",),
    "CNA": ("CNA", "Central News Agency"),
    "Interfax": ("Interfax",),
    "Canadian Press": ("CP", "The Canadian Press", "Canadian Press"),
    "AAP": ("AAP", "Australian Associated Press"),
}
_AGENCY_OF = {alias.lower(): name for name, aliases in WIRE_AGENCIES.items() for alias in aliases}
_ALIASES = "|".join(
    re.escape(a) for a in sorted({a for v in WIRE_AGENCIES.values() for a in v}, key=len)[::-1]
)
#: "(AP) —", "WASHINGTON (Reuters) -", "17 May 2023 (dpa/MIA) -": an opener in the lead.
_WIRE_OPENER = re.compile(
    rf"\((?P<name>{_ALIASES})(?:\s*/\s*[\w .-]{{1,20}})?\)\s*(?:-{{1,2}}|—|–|:)", re.IGNORECASE
)
#: "..., the AP reports." / "Reuters reports.": a digest naming the report it sums up.
_WIRE_REPORTS = re.compile(
    rf"(?:,|^|\.\s)\s*(?:the\s+)?(?P<name>{_ALIASES})\s+reports\s*[.:]", re.IGNORECASE
)
#: "© 2026 The Associated Press. All rights reserved." / "Copyright 2026 Reuters".
_WIRE_COPYRIGHT = re.compile(
    rf"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{{4}}\s*)?(?P<name>{_ALIASES})\b"
    r"(?!\s*(?:photo|image|picture|video|graphic|/))",  # "© AP Photo" credits a picture
    re.IGNORECASE,
)
#: How far into the text a wire opener may stand (a caption or a dateline may come first).
WIRE_LEAD_CHARS = 600


def wire_agency(name: str | None) -> str | None:
    """The agency a printed name is (``"The Associated Press"`` → ``"AP"``), or None."""
    if not name:
        return None
    return _AGENCY_OF.get(canonical_outlet(name).lower())


def wire_source(text: str, raw: str | None = None, agency: str | None = None) -> str | None:
    """The news agency a page's story comes from, when the page says so: a wire opener
    in its lead, a copyright line, or a digest's "the AP reports". A citation
    ("according to Reuters", "Reuters reported on Monday") is not origin."""
    found = wire_agency(agency)
    if found:
        return found
    for source in (text, raw or ""):
        lead = source[:WIRE_LEAD_CHARS]
        for pattern in (_WIRE_OPENER, _WIRE_REPORTS):
            match = pattern.search(lead)
            if match:
                name = match.group("name")
                # "AA", "CP", "PA", "AP" only in capitals: "(ap)" and "pa" are other words
                if len(name) > 3 or name.isupper() or name.lower() == "dpa":
                    return _AGENCY_OF[name.lower()]
        match = _WIRE_COPYRIGHT.search(source[-WIRE_LEAD_CHARS:]) or _WIRE_COPYRIGHT.search(lead)
        if match:
            return _AGENCY_OF[match.group("name").lower()]
    match = _WIRE_REPORTS.search(text[-WIRE_LEAD_CHARS:])
    return _AGENCY_OF[match.group("name").lower()] if match else None
