"""The store-backed build: only new work on each run, and the same result as the in-memory stages."""

from __future__ import annotations

import json

from conftest import EXAMPLES, seed_path
from storyfixtures import VOLCANO_1, article, volcano_pile

from storyline.builder import LocalEngine, build
from storyline.pipeline import export_document, ingest


def _stories(store) -> dict[str, dict]:
    return {s["id"]: s for s in store.stories()}


def _groups(stories) -> set[frozenset[str]]:
    return {frozenset(s["article_ids"]) for s in stories}


def test_a_second_build_with_nothing_new_does_nothing(store):
    ingest(store, [str(EXAMPLES)])
    first = build(store, engine=LocalEngine(1))
    before = _stories(store)
    again = build(store, engine=LocalEngine(1))
    assert first.featured == 11 and first.placed > 0 and first.analysed == first.stories
    assert (again.featured, again.pairs_checked, again.placed, again.analysed) == (0, 0, 0, 0)
    assert _stories(store) == before


def test_a_store_analysed_by_other_code_is_analysed_again(store, monkeypatch):
    import storyline.builder as builder

    ingest(store, [str(EXAMPLES)])
    first = build(store, engine=LocalEngine(1))
    before = _stories(store)
    copies = store.active_copy_pairs()
    # The same store opened by an upgraded storyline: every article and story again, and
    # the same answer (the analysis itself did not change here).
    monkeypatch.setattr(builder, "analysis_fingerprint", lambda: "another version")
    upgraded = build(store, engine=LocalEngine(1))
    assert (upgraded.featured, upgraded.analysed) == (11, first.stories)
    assert upgraded.placed == first.placed
    assert _stories(store) == before and store.active_copy_pairs() == copies
    assert store.meta(builder.ANALYSED_BY) == "another version"
    # ... and once only.
    again = build(store, engine=LocalEngine(1))
    assert (again.featured, again.placed, again.analysed) == (0, 0, 0)


def test_a_new_article_reanalyses_only_the_story_it_joins(store, seeds):
    ingest(store, [str(EXAMPLES), *(str(seed_path(p)) for p in ("000", "001", "002", "003"))])
    build(store, engine=LocalEngine(1))
    before = _stories(store)
    seeds_story = next(s for s in before.values() if len(s["article_ids"]) == 4)
    ingest(store, [str(seed_path("004"))])
    report = build(store, engine=LocalEngine(1))
    after = _stories(store)
    assert (report.featured, report.placed, report.analysed) == (1, 1, 1)
    assert report.touched == {seeds_story["id"]}
    assert len(after[seeds_story["id"]]["article_ids"]) == 5
    # Every other story is exactly as stored before (not analysed again).
    for story_id, data in before.items():
        if story_id != seeds_story["id"]:
            assert after[story_id] == data


def test_store_build_equals_the_in_memory_stages(store, seeds):
    from storyline.dates.infer import date_articles
    from storyline.dedup import find_copies, mark_copies
    from storyline.stories import group_stories

    ingest(store, [str(EXAMPLES), str(seeds)])
    build(store, engine=LocalEngine(1))
    articles = date_articles(list(store.articles(with_raw=False)))
    copies = find_copies(articles)
    in_memory = group_stories(mark_copies(articles, copies))
    assert copies, "the examples hold a syndicated copy"
    assert {c.article_id: c.original_id for c in copies} == {
        a: v for a, v in store.analysis("duplicate_of").items() if v
    }
    assert _groups(store.stories()) == {frozenset(s.article_ids) for s in in_memory}
    assert {s["id"]: s["title"] for s in store.stories()} == {s.id: s.title for s in in_memory}


def test_a_copy_ingested_later_joins_its_original(store, tmp_path):
    ingest(store, [str(EXAMPLES)])
    build(store, engine=LocalEngine(1))
    source = EXAMPLES / "wire-deal-reached.txt"
    original = next(a for a in store.articles() if a.path == str(source))
    copy = tmp_path / "reposted.txt"
    copy.write_text(source.read_text("utf-8") + "\nMore details to follow.\n", "utf-8")
    ingest(store, [str(copy)])
    report = build(store, engine=LocalEngine(1))
    reposted = next(a for a in store.articles() if a.path == str(copy))
    copy_of = store.analysis("duplicate_of")
    assert {copy_of.get(original.id), copy_of.get(reposted.id)} - {None} in (
        {original.id},
        {reposted.id},
    )
    story_of = {r["id"]: r["story_id"] for r in store.article_rows()}
    assert story_of[reposted.id] == story_of[original.id]
    assert report.analysed == 1


def test_worker_processes_give_the_same_document(tmp_path, seeds):
    from storyline.store import Store

    documents = []
    for workers in (1, 2):
        with Store(tmp_path / f"w{workers}.db") as store:
            ingest(store, [str(EXAMPLES), str(seeds)])
            build(store, engine=LocalEngine(workers))
            document = export_document(store)
            document.pop("generated_at")
            documents.append(json.dumps(document, sort_keys=True))
    assert documents[0] == documents[1]


def test_an_article_far_outside_a_story_span_starts_another():
    from storyline.stories import WINDOW_DAYS, group_stories

    pile = volcano_pile()
    last = max(a.published for a in pile)
    year, month, day = (int(x) for x in last.split("-"))
    from datetime import date, timedelta

    near = (date(year, month, day) + timedelta(days=10)).isoformat()
    far = (date(year, month, day) + timedelta(days=WINDOW_DAYS + 30)).isoformat()
    again = VOLCANO_1.replace("grounds flights", "again grounds flights")
    for when, together in ((near, True), (far, False)):
        late = article(again, "Karsk Herald", when, f"late-{when}")
        stories = group_stories([*pile, late])
        home = next(s for s in stories if late.id in s.article_ids)
        assert (pile[0].id in home.article_ids) is together


def test_the_vector_model_is_refitted_when_the_store_grows(store, seeds):
    ingest(store, [str(seed_path("000")), str(seed_path("001"))])
    first = build(store, engine=LocalEngine(1))
    placed = {r["id"]: r["story_id"] for r in store.article_rows()}
    ingest(store, [str(EXAMPLES)])
    grown = build(store, engine=LocalEngine(1))
    assert first.refit and grown.refit  # 2 originals, then 13: more than 25 % growth
    after = {r["id"]: r["story_id"] for r in store.article_rows()}
    assert all(after[a] == s for a, s in placed.items())  # placed articles keep their story
    assert store.meta("model:tfidf")["originals"] > 2


def test_a_new_version_of_a_file_replaces_the_old_one_in_its_story(store, tmp_path):
    import shutil

    pile = tmp_path / "pile"
    shutil.copytree(EXAMPLES, pile)
    ingest(store, [str(pile)])
    build(store, engine=LocalEngine(1))
    target = pile / "employers-raise-offer.txt"
    old = next(a for a in store.articles() if a.path == str(target))
    target.write_text(target.read_text("utf-8") + "\nThe union said it would reply on Monday.\n")
    ingest(store, [str(pile)])
    report = build(store, engine=LocalEngine(1))
    new = next(a for a in store.articles() if a.path == str(target))
    members = {a for s in store.stories() for a in s["article_ids"]}
    assert new.id != old.id and new.id in members and old.id not in members
    assert report.featured == 1 and report.analysed >= 1


def test_full_lsh_buckets_name_no_candidates_but_exact_copies_are_kept(
    store, tmp_path, monkeypatch
):
    from storyline import builder as builder_module
    from storyline import dedup

    ingest(store, [str(EXAMPLES)])
    wire = (EXAMPLES / "wire-deal-reached.txt").read_text("utf-8")
    record = {"text": wire, "outlet": "Harbour Mirror", "url": "https://mirror.example/deal"}
    (tmp_path / "mirror.jsonl").write_text(json.dumps(record) + "\n", "utf-8")
    ingest(store, [str(tmp_path / "mirror.jsonl")])
    articles = list(store.articles(with_raw=False))
    usual = {c.article_id for c in dedup.find_copies(articles)}
    # A bucket of two is "full" here: only the exact-text key still names candidates.
    monkeypatch.setattr(dedup, "MAX_BUCKET", 1)
    monkeypatch.setattr(builder_module, "MAX_BUCKET", 1)
    strict = dedup.find_copies(articles)
    build(store, engine=LocalEngine(1))
    stored = {a: v for a, v in store.analysis("duplicate_of").items() if v}
    assert len(usual) >= 2  # the syndicated near-copy and the mirrored wire report
    assert [c.kind for c in strict] == ["exact"]
    assert stored == {c.article_id: c.original_id for c in strict}
