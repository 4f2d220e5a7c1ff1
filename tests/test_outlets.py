from storyline.outlets import canonical_outlet, find_outlet, outlet_from_text, outlet_from_url


def evidence(**kw):
    base = dict(field=None, url=None, agency=None, text="", copyright_owner=None, site_names=())
    base.update(kw)
    return find_outlet(**base)


def test_trust_order():
    assert evidence(field="Harbour Ledger", agency="Meridian Wire") == ("Harbour Ledger", "field")
    assert evidence(
        url="https://www.harbourledger.example/2025/03/04/x", agency="Meridian Wire"
    ) == (
        "harbourledger.example",
        "url",
    )
    assert evidence(agency="Meridian Wire", site_names=("Coast Daily",)) == (
        "Meridian Wire",
        "opener",
    )
    assert evidence(copyright_owner="Coast Media L.P.", site_names=("Coast Daily",)) == (
        "Coast Media",
        "copyright",
    )
    assert evidence(site_names=("Coast Daily",)) == ("Coast Daily", "site_name")
    assert evidence() == (None, None)


def test_self_reference_but_not_citation():
    assert outlet_from_text("As Portside News reported, the union struck.") == "Portside News"
    assert (
        outlet_from_text(
            "The union struck. As Portside News has previously reported, talks failed."
        )
        == "Portside News"
    )
    assert outlet_from_text("The union struck, reported Portside News.") is None
    assert outlet_from_text("The union struck, according to Portside News.") is None


def test_known_domains_and_suffixes():
    assert (
        outlet_from_url("https://www.nytimes.com/2024/05/05/world/x.html") == "The New York Times"
    )
    assert outlet_from_url("news.bbc.co.uk/2/hi/x.stm") == "BBC"
    assert outlet_from_url("not a url") is None
    assert canonical_outlet("Bloomberg L.P.") == "Bloomberg"


#: Real news hosts across public suffixes, with the outlet name expected from the URL alone.
HOSTS = {
    "www.haaretz.co.il": "haaretz.co.il",
    "www.ynet.co.il": "ynet.co.il",
    "www.jpost.com": "jpost.com",
    "www.abc.net.au": "abc.net.au",
    "www.theage.com.au": "theage.com.au",
    "www.news.com.au": "news.com.au",
    "www.couriermail.com.au": "couriermail.com.au",
    "www.nation.co.ke": "nation.co.ke",
    "www.standardmedia.co.ke": "standardmedia.co.ke",
    "www.the-star.co.ke": "the-star.co.ke",
    "www.hurriyetdailynews.com": "hurriyetdailynews.com",
    "www.sabah.com.tr": "sabah.com.tr",
    "www.milliyet.com.tr": "milliyet.com.tr",
    "www3.nhk.or.jp": "nhk.or.jp",
    "mainichi.jp": "mainichi.jp",
    "www.japantimes.co.jp": "japantimes.co.jp",
    "www.asahi.com": "asahi.com",
    "www.independent.co.uk": "independent.co.uk",
    "www.telegraph.co.uk": "telegraph.co.uk",
    "news.sky.com": "sky.com",
    "www.bbc.co.uk": "BBC",
    "feeds.bbci.co.uk": "bbci.co.uk",
    "www.whitehouse.gov": "whitehouse.gov",
    "www.state.gov": "state.gov",
    "www.gov.uk": "gov.uk",
    "www.nzherald.co.nz": "nzherald.co.nz",
    "www.stuff.co.nz": "stuff.co.nz",
    "www.news24.com": "news24.com",
    "www.iol.co.za": "iol.co.za",
    "timesofindia.indiatimes.com": "indiatimes.com",
    "www.thehindu.com": "thehindu.com",
    "www.ndtv.com": "ndtv.com",
    "www.folha.uol.com.br": "uol.com.br",
    "g1.globo.com": "globo.com",
    "www.lemonde.fr": "lemonde.fr",
    "www.spiegel.de": "spiegel.de",
    "www.scmp.com": "scmp.com",
    "www.straitstimes.com": "straitstimes.com",
    "www.dawn.com": "dawn.com",
    "www.thestar.com.my": "thestar.com.my",
    "www.bangkokpost.com": "bangkokpost.com",
    "www.nytimes.com": "The New York Times",
    "edition.cnn.com": "CNN",
    "apnews.com": "AP",
    "uk.reuters.com": "reuters.com",
    "www.theguardian.com": "The Guardian",
    "example-news.netlify.app": "example-news.netlify.app",
    "blog.example-news.github.io": "example-news.github.io",
}


def test_outlets_of_real_hosts_across_public_suffixes():
    assert len(HOSTS) >= 40
    wrong = {
        host: outlet_from_url(f"https://{host}/2024/05/05/a-story")
        for host, expected in HOSTS.items()
        if outlet_from_url(f"https://{host}/2024/05/05/a-story") != expected
    }
    assert wrong == {}


def test_hosts_under_no_listed_suffix_keep_two_labels():
    assert outlet_from_url("https://news.harbourledger.example/x") == "harbourledger.example"
    assert outlet_from_url("http://192.168.0.4/x") is None
    assert outlet_from_url("http://intranet/x") is None


def test_wire_source_reads_origin_not_citation():
    from storyline.outlets import wire_agency, wire_source

    assert wire_source("PORTVILLE (AP) — The council voted on Monday.") == "AP"
    assert wire_source("LONDON, May 8 (Reuters) - Talks resumed.") == "Reuters"
    assert wire_source("Portville, 8 May 2026 (dpa/Harbour) - Talks resumed.") == "dpa"
    assert wire_source("Talks on the ferry strike resumed, the AP reports.") == "AP"
    assert wire_source("Talks resumed.\n\nCopyright 2026 The Associated Press.") == "AP"
    assert wire_source("Talks resumed, according to Reuters.") is None
    assert wire_source("Talks resumed, Reuters reported on Monday.") is None
    assert wire_source("The crews rallied.\n© AP Photo") is None  # a photo credit
    assert wire_source("The pa (father) of the family said.") is None
    assert wire_agency("Agence France-Presse") == "AFP"
    assert wire_agency("Harbour Ledger") is None
