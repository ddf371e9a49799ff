"""The package is laid out by pipeline stage, and imports run one way: down the pipeline.

cli -> publish -> checks -> package -> extract -> read. A module may import from its own stage
or a lower one, never a higher one; ``gwrdata`` (the version) and ``gwrdata.errors`` sit below
every stage. The rule is read from the code with ``ast``, so it holds for every module added later.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "gwrdata"
STAGES = ["read", "extract", "package", "checks", "publish", "cli"]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _rank(module: str) -> int:
    """Stage index of a gwrdata module; -1 for the shared base (root and errors)."""
    parts = module.split(".")
    if len(parts) == 1 or parts[1] == "errors":
        return -1
    return STAGES.index(parts[1])


def _imports(path: Path, source: str | None = None) -> list[tuple[int, str]]:
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    tree = ast.parse(source if source is not None else path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # `from gwrdata import publish` names a stage too, not only the root.
            names = [f"{target}.{a.name}" for a in node.names] if target == "gwrdata" else [target]
            found += [(node.lineno, name) for name in names]
    return [(line, name) for line, name in found if name == "gwrdata" or name.startswith("gwrdata.")]


def _stage_of_target(name: str) -> int:
    parts = name.split(".")
    if len(parts) > 1 and parts[1] not in STAGES and parts[1] != "errors":
        return -1  # gwrdata.__version__
    return _rank(name)


def test_top_level_holds_only_the_stages():
    top = sorted(p.name for p in PACKAGE.iterdir() if p.name != "__pycache__")
    expected = sorted([*STAGES[:-1], "cli.py", "errors.py", "__init__.py"])
    assert top == expected


def test_every_stage_says_what_it_takes_and_hands_on():
    for stage in STAGES[:-1]:
        doc = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8")))
        assert doc and len(doc.split()) >= 25, f"{stage}/__init__.py needs a docstring saying what the stage does"


def _own_rank(path: Path) -> int:
    if path.parent == PACKAGE:
        # The root's __init__ is the Python front end, as cli is the command-line one: its
        # ``__getattr__`` hands out ``gwrdata.load`` lazily, so ``import gwrdata`` stays light.
        return STAGES.index("cli") if path.stem in ("cli", "__init__") else -1
    return _rank(_module_name(path))


def _upward(path: Path, source: str | None = None) -> list[str]:
    own = _own_rank(path)
    return [f"line {line}: {name}" for line, name in _imports(path, source) if _stage_of_target(name) > own]


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_down_the_pipeline(path):
    upward = _upward(path)
    assert not upward, f"{path.relative_to(PACKAGE)} imports a later stage: {upward}"


@pytest.mark.parametrize("statement", [
    "from gwrdata.publish import release",
    "from ..checks import validate",
    "import gwrdata.package.build",
    "from gwrdata import cli",
])
def test_the_rule_catches_an_upward_import(statement):
    """The walker is not vacuous: each way of writing an upward import from extract is reported."""
    path = PACKAGE / "extract" / "figures.py"
    assert _upward(path, path.read_text(encoding="utf-8") + "\n" + statement + "\n")
    assert not _upward(path)
