"""The package structure: imports point one way, from the pipeline down to its bottom layers.

``geo`` is a stack of packages. A module may import its own package and the packages
of lower layers, never a package of its own layer or above: corpus, gazetteer and nlp
know nothing of each other; events may read places, never the reverse; only ``store``
(and the command line) sit above the pipeline. ``geo`` never imports ``layers`` or
``app``; ``layers`` never imports ``app``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: The layers of geo, bottom first. A name is a subpackage or a top-level module.
GEO_LAYERS = (
    {"errors", "model", "files"},
    {"corpus", "gazetteer", "nlp", "time", "limits"},
    {"places"},
    {"events"},
    {"frames"},
    {"pipeline"},
    {"store", "library"},
    {"__main__"},
)
RANK = {name: k for k, names in enumerate(GEO_LAYERS) for name in names}
#: Top-level packages and what each may import of the others.
TOP_ALLOWED = {"geo": {"geo"}, "layers": {"geo", "layers"}, "app": {"geo", "layers", "app"}}


def _unit(module: str) -> str:
    """The layer unit of a geo module: ``geo.places.resolve`` -> ``places``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(node.lineno, node.module)]
            found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
    return found


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


SOURCES = sorted(p for top in TOP_ALLOWED for p in (ROOT / top).rglob("*.py"))


def test_every_geo_unit_has_a_layer():
    units = {p.stem if p.parent.name == "geo" else p.parent.name for p in (ROOT / "geo").glob("*")}
    units = {u for u in units if not u.startswith((".", "_")) or u == "__main__"} - {"data"}
    assert units <= set(RANK) | {"__init__"}, sorted(units - set(RANK))


def violations(me: str, imports: list[tuple[int, str]]) -> list[str]:
    """The imports of module ``me`` that break the layering."""
    top = me.split(".")[0]
    wrong = []
    for line, target in imports:
        other = target.split(".")[0]
        if other in TOP_ALLOWED and other not in TOP_ALLOWED[top]:
            wrong.append(f"line {line}: {top} imports {target}")
        if top == "geo" and other == "geo" and len(me.split(".")) > 1:
            mine, theirs = _unit(me), _unit(target)
            if theirs == "__init__" or mine == theirs or mine == "__init__":
                continue
            if theirs in RANK and RANK[theirs] >= RANK[mine]:
                wrong.append(f"line {line}: {mine} (layer {RANK[mine]}) imports {target}")
    return wrong


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_point_down(path: Path):
    wrong = violations(_module(path), _imports(path))
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    ("me", "target"),
    [
        ("geo.places.resolve", "geo.events.model"),  # up a layer
        ("geo.corpus.read", "geo.gazetteer.index"),  # across one layer
        ("geo.time.timex", "geo.pipeline"),
        ("geo.frames.build", "layers.base"),  # geo never imports layers
        ("layers.mapview", "app.view"),
    ],
)
def test_the_rule_reports_a_wrong_import(me: str, target: str):
    assert violations(me, [(1, target)])


@pytest.mark.parametrize(
    ("me", "target"),
    [
        ("geo.events.extract", "geo.places.roles"),
        ("geo.pipeline", "geo.frames.build"),
        ("geo.places.mentions", "geo.places.words"),
        ("app.ui", "layers.mapview"),
    ],
)
def test_the_rule_allows_a_downward_import(me: str, target: str):
    assert not violations(me, [(1, target)])
