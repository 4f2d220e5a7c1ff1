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
