"""The package's layers, read from the ``import`` statements of every module (``ast``).

model/errors -> stages -> store -> builder/pipeline/features -> engines, web, cli, evaluate,
api and the package's front door (``storyline/__init__``, which re-exports the API)
(docs/architecture.md): a module imports only from its own layer or those below, no two
modules import each other (directly or round a longer loop), no module takes another's
private ``_name``, and only the store runs SQL.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "storyline"

#: Layers, lowest first. A module belongs to the first layer one of whose prefixes it starts
#: with; every other module is a stage (functions over the model's dataclasses).
FOUNDATION = ("storyline.model", "storyline.errors", "storyline.version")
STORE = ("storyline.store",)
BUILD = ("storyline.builder", "storyline.steps", "storyline.pipeline", "storyline.features")
TOP = (
    "storyline.api",
    "storyline.progress",
    "storyline.engines",
    "storyline.web",
    "storyline.cli",
    "storyline.terminal",
    "storyline.listings",
    "storyline.__main__",
    "storyline.evaluate",
)
LAYERS = ("foundation", "stages", "store", "build", "top")

#: Private names that may be taken across modules: (importing module, the private name).
#: None: a name another module needs is public.
ALLOWED_PRIVATE: set[tuple[str, str]] = set()
#: Modules outside the store that may run SQL (none: the store owns every statement).
ALLOWED_SQL: set[str] = set()


def _name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


#: The package itself: ``import storyline`` gives the one-call API (``storyline.api``).
FRONT_DOOR = "storyline"


def layer(module: str) -> int:
    if module == FRONT_DOOR:
        return 4
    for index, prefixes in ((0, FOUNDATION), (2, STORE), (3, BUILD), (4, TOP)):
        exact = prefixes is FOUNDATION
        if any(module == p or (not exact and module.startswith(p + ".")) for p in prefixes):
            return index
    return 1


def _package(module: str) -> str:
    return module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]


def imports(module: str, source: str | None = None) -> list[tuple[str, str | None, str, int]]:
    """(imported module, name taken from it or None, the local name, line) for each
    storyline import in ``module`` (its file, or ``source``), at any depth: imports inside
    functions count, they run too."""
    found = []
    text = MODULES[module].read_text("utf-8") if source is None else source
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            found += [
                (a.name, None, a.asname or a.name, node.lineno)
                for a in node.names
                if a.name in MODULES
            ]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = _package(module).split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target not in MODULES:
                continue
            for alias in node.names:
                sub, local = f"{target}.{alias.name}", alias.asname or alias.name
                taken = (sub, None) if sub in MODULES else (target, alias.name)
                found.append((*taken, local, node.lineno))
    return found


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_uses(module: str, source: str | None = None) -> set[str]:
    """Private names of other modules this one takes: ``from x import _n`` and ``x._n``."""
    found = imports(module, source)
    used = {f"{t}.{n}" for t, n, _, _ in found if n and _private(n) and t != module}
    bound = {local: t for t, n, local, _ in found if n is None and t != module}
    text = MODULES[module].read_text("utf-8") if source is None else source
    for node in ast.walk(ast.parse(text)):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in bound
            and _private(node.attr)
        ):
            used.add(f"{bound[node.value.id]}.{node.attr}")
    return used


def test_every_module_imports_only_its_own_layer_or_those_below():
    upward = [
        f"{m}:{line} ({LAYERS[layer(m)]}) imports {t} ({LAYERS[layer(t)]})"
        for m in MODULES
        for t, _, _, line in imports(m)
        if layer(t) > layer(m)
    ]
    assert upward == []


def test_the_layers_are_assigned_as_documented():
    assert [layer(m) for m in ("storyline.model", "storyline.dedup", "storyline.dates.infer")] == [
        0,
        1,
        1,
    ]
    assert [
        layer(m)
        for m in ("storyline.store", "storyline.store.search", "storyline.builder", "storyline.cli")
    ] == [2, 2, 3, 4]
    assert layer("storyline.web.search") == 4 and layer("storyline.storeroom") == 1


def test_no_import_cycles():
    graph = {m: {t for t, _, _, _ in imports(m) if t != m} for m in MODULES}
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*path[path.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_no_module_takes_another_modules_private_names():
    taken = {(m, name) for m in MODULES for name in private_uses(m)}
    assert taken - ALLOWED_PRIVATE == set()
    assert ALLOWED_PRIVATE - taken == set(), "an allowed private use is gone: drop its entry"


def test_only_the_store_runs_sql():
    calls = {"execute", "executemany", "executescript"}
    running = set()
    for module, path in MODULES.items():
        if layer(module) == 2:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in calls
            ):
                running.add(module)
    assert running - ALLOWED_SQL == set()
    assert ALLOWED_SQL - running == set(), "an allowed module runs no SQL now: drop its entry"


def test_the_checks_see_what_they_look_for():
    """Invented import lines, read as if they were a stage's: each kind of violation shows."""
    source = (
        "from .store import Store\n"
        "from .dedup import _rank, check_pair\n"
        "def f():\n"
        "    from . import stories as st\n"
        "    return st._text, st.article_text\n"
    )
    found = imports("storyline.timeline", source)
    assert [(t, n) for t, n, _, _ in found] == [
        ("storyline.store", "Store"),
        ("storyline.dedup", "_rank"),
        ("storyline.dedup", "check_pair"),
        ("storyline.stories", None),
    ]
    assert layer("storyline.store") > layer("storyline.timeline")
    assert private_uses("storyline.timeline", source) == {
        "storyline.dedup._rank",
        "storyline.stories._text",
    }
