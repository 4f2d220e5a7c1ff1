"""Benchmarks: ``make bench`` runs every module listed in ``bench.__main__.SUITES``.

Each suite module has ``run(shared: Path) -> str`` returning a Markdown section;
the runner writes the sections into docs/benchmarks.md between
``<!-- bench:NAME -->`` markers, so suites can be re-run one at a time
(``python -m bench NAME``) without losing the others' results.
"""
