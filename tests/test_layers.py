"""The package's layers, read from the ``import`` statements of every module (``ast``).

model/errors -> stages -> store -> builder/pipeline/features -> engines, web, cli, evaluate,
api and the package's front door (``storyline/__init__``, which re-exports the API)
(docs/architecture.md): a module imports only from its own layer or those below, no two
modules import each other (directly or round a longer loop), no module takes another's
private ``_name``, only the store runs SQL or holds an SQL statement, no stage opens a
database itself, and no module is over 600 lines.
"""

from __future__ import annotations

import ast
import re
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
#: Longest module, in lines; a longer one is split along its seams.
MAX_LINES = 600
#: Modules allowed over ``MAX_LINES`` (none: every split of issue 16 has landed).
ALLOWED_LONG: set[str] = set()
#: Database modules no stage imports (it gets its data from the builder, never a database).
DATABASE_MODULES = ("sqlite3", "sqlite_utils", "apsw")
#: A string that reads as an SQL statement (keywords in capitals, as the store writes them).
SQL_STATEMENT = re.compile(
    r"^\s*(SELECT\b.*\bFROM\b|INSERT\s+(OR\s+[A-Z]+\s+)?INTO\b|UPDATE\s+\w+\s+SET\b"
    r"|DELETE\s+FROM\b|REPLACE\s+INTO\b|(CREATE|DROP)\s+(TEMP\w*\s+|VIRTUAL\s+)?"
    r"(TABLE|INDEX|VIEW|TRIGGER)\b|PRAGMA\s+\w+|WITH\s+\w+(\s*\([^)]*\))?\s+AS\s*\()",
    re.DOTALL,
)


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
        if isinstance(node, ast.Attribute) and _private(node.attr):
            owner = _dotted(node.value)
            if owner in bound:
                used.add(f"{bound[owner]}.{node.attr}")
    return used


def _dotted(node: ast.expr) -> str | None:
    """``a.b.c`` for the expression ``a.b.c`` (names and attributes only), else None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return None if base is None else f"{base}.{node.attr}"
    return None


def named_imports(module: str, source: str | None = None) -> list[tuple[str, int]]:
    """Storyline modules imported by name at run time (``importlib.import_module``,
    ``__import__``, ``errors.require``), which the ``import`` statements do not show."""
    text = MODULES[module].read_text("utf-8") if source is None else source
    found = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Call) and node.args:
            func = _dotted(node.func) or ""
            first = node.args[0]
            if (
                func.rpartition(".")[2] in {"import_module", "__import__", "require"}
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
                and first.value.split(".")[0] == "storyline"
            ):
                found.append((first.value, node.lineno))
    return found


def sql_statements(module: str, source: str | None = None) -> list[int]:
    """Lines of the string constants (f-string parts too) that read as SQL statements."""
    text = MODULES[module].read_text("utf-8") if source is None else source
    return sorted(
        node.lineno
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and SQL_STATEMENT.match(node.value)
    )


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


def test_no_module_imports_storyline_by_name():
    assert [f"{m}:{line} imports {t}" for m in MODULES for t, line in named_imports(m)] == []


def test_only_the_store_holds_sql_statements():
    outside = [f"{m}:{line}" for m in MODULES if layer(m) != 2 for line in sql_statements(m)]
    assert outside == []
    assert sum(len(sql_statements(m)) for m in MODULES if layer(m) == 2) > 50


def database_imports(module: str, source: str | None = None) -> list[tuple[str, int]]:
    """(database module, line) for each ``import`` of one (``DATABASE_MODULES``)."""
    text = MODULES[module].read_text("utf-8") if source is None else source
    found = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level:
            names = [node.module or ""]
        else:
            continue
        found += [(n, node.lineno) for n in names if n.split(".")[0] in DATABASE_MODULES]
    return found


def test_no_stage_opens_a_database():
    opening = [
        f"{m}:{line} imports {name}"
        for m in MODULES
        if layer(m) < 2
        for name, line in database_imports(m)
    ]
    assert opening == []


def test_no_module_is_over_600_lines():
    long = {m for m, p in MODULES.items() if len(p.read_text("utf-8").splitlines()) > MAX_LINES}
    assert long - ALLOWED_LONG == set()
    assert ALLOWED_LONG - long == set(), "an allowed long module is split now: drop its entry"


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
    dotted = "import storyline.dedup\nx = storyline.dedup._rank\n"
    assert private_uses("storyline.timeline", dotted) == {"storyline.dedup._rank"}
    dynamic = (
        "import importlib\n"
        "from .errors import require\n"
        "web = importlib.import_module('storyline.web.app')\n"
        "np = require('numpy', 'stories')\n"
        "st = require('storyline.store', 'x')\n"
    )
    assert named_imports("storyline.timeline", dynamic) == [
        ("storyline.web.app", 3),
        ("storyline.store", 5),
    ]
    sql = (
        "a = 'SELECT id FROM articles WHERE story = ?'\n"
        "b = f'UPDATE analysis SET story = {x}'\n"
        "c = TQ\n    INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)TQ\n"
        "d = 'Select the stories with this id; delete from the list.'\n"
        "e = 'WITH recent AS (SELECT 1)'\n"
    ).replace("TQ", '"' * 3)
    assert sql_statements("storyline.timeline", sql) == [1, 2, 3, 6]
    databases = "import sqlite3\nfrom sqlite_utils.db import Table\nfrom .store import sqlite\n"
    assert database_imports("storyline.timeline", databases) == [
        ("sqlite3", 1),
        ("sqlite_utils.db", 2),
    ]
