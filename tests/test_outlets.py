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
