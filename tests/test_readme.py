"""README.md is true to the code: every fenced code block runs, and every option it names beside
a verb is in that verb's --help (tests/test_cli.py holds the Commands table's usages to --help).

Why: a README whose commands fail, or that names releases and options that do not exist, is the
first thing a user meets and the last thing anyone re-reads. So the blocks are found, not listed
here: a block added to the README runs in the next test run.

Every block runs in README order in one scratch folder holding what the README assumes is at hand
in the repository's folder: copies of `datapackage/`, `recipes/shenyang-2024/` and the Shenyang
releases of `dist/`. A shell block runs command by command (`cd` moves the next ones) with the CLI
from `.venv/bin` first on PATH; a Python block runs in a fresh interpreter of `.venv`. Downloads go
to a real HTTP server on localhost serving the committed `dist/` ($GWRDATA_CATALOG), never the
internet; the cache is in the scratch folder. A shell block that enters a release folder absent
here gets it "by hand from its address" on that server first, as the README says.

Markers (HTML comments, invisible on the rendered page) right before a block:
- `<!-- not run in tests: REASON -->`: the block is not run. NOT_RUN below names each such block,
  and the two must agree, so every exemption is deliberate and the list stays small.
- `<!-- in tests: saved as FILE -->`: a data block (a manifest) is written to FILE for the blocks
  after it; the reports a manifest names are taken from the mirror (../shared/mirror or
  $GWRDATA_MIRROR) by government and year, and the blocks that need them skip without it.

Where the README states what a block prints or does, OUTPUT below checks it; the expected values
come from the README's own words and the committed files (`dist/catalog.json`), never from a run.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import threading
import urllib.request
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

README = ROOT / "README.md"
BIN = ROOT / ".venv" / "bin"
MIRROR = Path(os.environ.get("GWRDATA_MIRROR") or ROOT.parent / "shared" / "mirror")
CATALOG = json.loads((ROOT / "dist" / "catalog.json").read_text(encoding="utf-8"))
LATEST = {d["name"]: d["latest"] for d in CATALOG["datasets"]}

SHELL = {"sh", "bash", "shell", "console"}
PYTHON = {"python", "py"}

# The blocks the README marks `<!-- not run in tests: REASON -->`, each by a piece of its text
# (the reasons are in the README, beside the blocks).
NOT_RUN = (
    "./scripts/release",                         # installs system packages; the main job and every test
    "gwrdata build recipes/china-gwr --corpus",  # the whole corpus: about 5 minutes
)
# Blocks that read what the mirror's reports make (the manifest's reports, the panel built of them).
NEEDS_MIRROR = ("--reports manifest.csv", "panel/data/attainment.csv", "gwrdata validate panel/")
# Programs a block may call that a machine may lack (installed by ./scripts/test); skipped then.
OPTIONAL_PROGRAMS = {"soffice"}


# ---------------------------------------------------------------- the README's blocks

@dataclass(frozen=True)
class Block:
    line: int          # the line of its opening fence (1-based)
    lang: str
    text: str
    not_run: str | None = None     # the reason given by a `not run in tests` marker
    saved_as: str | None = None    # the file named by an `in tests: saved as` marker

    @property
    def id(self) -> str:
        return f"line{self.line}-{self.lang or 'plain'}"


FENCE = re.compile(r"^\s*(```+|~~~+)\s*([\w+.-]*)\s*$")
NOT_RUN_MARK = re.compile(r"<!--\s*not run in tests:\s*(.+?)\s*-->")
SAVED_MARK = re.compile(r"<!--\s*in tests: saved as\s+(\S+?)\s*-->")


def readme_blocks(text: str) -> list[Block]:
    """Every fenced code block with the marker on the nearest non-blank line before it."""
    lines = text.splitlines()
    found, index = [], 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        fence, lang = opening.group(1), opening.group(2).lower()
        end = index + 1
        while end < len(lines) and not lines[end].strip().startswith(fence):
            end += 1
        assert end < len(lines), f"README.md line {index + 1}: a code block is never closed"
        before = next((lines[i] for i in range(index - 1, -1, -1) if lines[i].strip()), "")
        not_run, saved = NOT_RUN_MARK.search(before), SAVED_MARK.search(before)
        found.append(Block(index + 1, lang, "\n".join(lines[index + 1:end]) + "\n",
                           not_run.group(1) if not_run else None, saved.group(1) if saved else None))
        index = end + 1
    return found


BLOCKS = readme_blocks(README.read_text(encoding="utf-8"))


def commands(block: Block) -> list[str]:
    """A shell block's commands: one a line (a trailing backslash continues it), comments dropped."""
    out, pending = [], ""
    for raw in block.text.splitlines():
        line = pending + raw
        if line.rstrip().endswith("\\"):
            pending = line.rstrip()[:-1] + " "
            continue
        pending = ""
        if line.strip() and not line.strip().startswith("#"):
            out.append(line.strip())
    return out


# ---------------------------------------------------------------- the scratch folder and server

@dataclass
class Workspace:
    folder: Path
    env: dict
    base: str                      # the server's address of dist/, ending in /
    skipped: set = field(default_factory=set)


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    root = tmp_path_factory.mktemp("readme")
    folder = root / "repository"
    shutil.copytree(ROOT / "datapackage", folder / "datapackage")
    shutil.copytree(ROOT / "recipes" / "shenyang-2024", folder / "recipes" / "shenyang-2024")
    for release in sorted((ROOT / "dist").glob("shenyang-gwr-2024-*")):
        shutil.copytree(release, folder / "dist" / release.name)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(ROOT / "dist")))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    (root / "home").mkdir()
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "GWRDATA_CATALOG": base + "catalog.json", "GWRDATA_CACHE": str(root / "cache"),
           "GX_ANALYTICS_ENABLED": "False", "HOME": str(root / "home"), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    yield Workspace(folder, env, base)
    httpd.shutdown()
    httpd.server_close()


def _fetch_release(space: Workspace, where: Path) -> None:
    """A release folder downloaded by hand: each file the catalog lists, from its address."""
    name = where.name
    versions = [v for d in CATALOG["datasets"] for v in d["versions"] if v["folder"].rstrip("/") == name]
    assert versions, f"README.md enters {name}/, which is no release in dist/catalog.json"
    for entry in versions[0]["files"]:
        target = where.parent / entry["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        with urllib.request.urlopen(space.base + entry["path"], timeout=60) as response:
            target.write_bytes(response.read())
        assert hashlib.sha256(target.read_bytes()).hexdigest() == entry["sha256"], entry["path"]


def _manifest_reports(manifest: Path) -> None:
    """The reports a manifest block names, taken from the mirror by government and year."""
    with open(MIRROR / "reports.csv", encoding="utf-8", newline="") as handle:
        mirror = {(r["government"], r["year"]): r["path"] for r in csv.DictReader(handle) if not r["suffix"]}
    with open(manifest, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            target = manifest.parent / row["path"]
            source = mirror.get((row["government"], row["year"]))
            assert source, f"the manifest names {row['government']} {row['year']}, which the mirror does not hold"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(MIRROR / source, target)


# ---------------------------------------------------------------- what the README says they print

def _load(out: str, space: Workspace) -> None:
    # "the latest version", and "integers and years as Int64, codelists as categoricals"
    assert out.split()[-1] == LATEST["shenyang-gwr-2024"]
    dtypes = dict(line.split() for line in out.splitlines()[:-1] if len(line.split()) == 2)
    assert dtypes["year"] == "Int64" and dtypes["status"] == "category", dtypes


def _catalog(out: str, space: Workspace) -> None:
    # one row per latest version of each dataset
    rows = [line.split() for line in out.splitlines()[1:]]
    assert sorted((r[0], r[1]) for r in rows) == sorted(LATEST.items())


def _targets_results(out: str, space: Workspace) -> None:
    # "the 2024 targets beside the 2023 results"
    header, *rows = out.splitlines()
    assert header.split()[1:] == ["result_year", "result_value", "target_year", "target_value", "change"], header
    assert rows and all(re.search(r" 2023 .* 2024 ", row) for row in rows), out


def _pivot(out: str, space: Workspace) -> None:
    # "a fall is negative, so energy intensity shows −3.2"
    with open(space.folder / "datapackage" / "data" / "headline.csv", encoding="utf-8", newline="") as handle:
        name = next(r["name_en"] for r in csv.DictReader(handle) if r["indicator_id"] == "energy_intensity")
    line = next(line for line in out.splitlines() if line.startswith(name))
    assert "-3.2" in line.split(), line


def _frictionless(out: str, space: Workspace) -> None:
    assert out.splitlines()[0] == "True"  # the package is valid


def _sums(out: str, space: Workspace) -> None:
    # "every line must say OK"
    assert out.strip() and all(line.endswith(": OK") for line in out.splitlines()), out


def _sheets(out: str, space: Workspace) -> None:
    outdir = re.search(r"--outdir (\S+)", next(c for b in BLOCKS if b.lang in SHELL for c in commands(b) if "soffice" in c)).group(1)
    assert (space.folder / outdir / "figures.xlsx").stat().st_size > 0


def _attainment(out: str, space: Workspace) -> None:
    # outcomes are met, missed, not_stated or unclear
    words = {line.split()[-2] for line in out.splitlines()[1:] if not line.startswith("Name:") and len(line.split()) >= 2}
    assert words and words <= {"met", "missed", "not_stated", "unclear"}, out


def _release_again(out: str, space: Workspace) -> None:
    # "Releasing an existing version again with identical content does nothing"
    assert "already holds exactly this release: nothing to do" in out.splitlines()[0], out


def _diff(out: str, space: Workspace) -> None:
    # "a schema change ... is major"; the versions are the ones the command names
    old, new = re.findall(r"dist/shenyang-gwr-2024-(\d+\.\d+\.\d+)", next(
        c for b in BLOCKS for c in commands(b) if c.startswith("gwrdata diff dist/")))
    first = out.splitlines()[0]
    assert first.startswith(f"shenyang-gwr-2024 {old} -> shenyang-gwr-2024 {new}: ")
    assert ("major" in first) == (old.split(".")[0] != new.split(".")[0]), first


# A pattern found in a Python block's text, or in a shell command (its comment dropped), and the
# check of what that block or command prints.
OUTPUT = {
    r'gwrdata\.load\("shenyang-gwr-2024"\)': _load,
    r"gwrdata\.catalog\(\)": _catalog,
    r"targets_results\.csv": _targets_results,
    r"pivot_table": _pivot,
    r"package\.validate\(\)\.valid": _frictionless,
    r"^sha256sum -c SHA256SUMS$": _sums,
    r"^soffice --headless": _sheets,
    r"panel/data/attainment\.csv": _attainment,
    r"^gwrdata release$": _release_again,
    r"^gwrdata diff dist/": _diff,
}


def _bare(command: str) -> str:
    """A command without its trailing comment."""
    return re.sub(r"\s+#.*$", "", command)


def _check_output(piece: str, out: str, space: Workspace) -> None:
    for pattern, check in OUTPUT.items():
        if re.search(pattern, piece, re.M):
            check(out, space)


# ---------------------------------------------------------------- running the blocks

def _skip_for_mirror(block: Block, space: Workspace) -> None:
    if any(piece in block.text for piece in NEEDS_MIRROR) and "mirror" in space.skipped:
        pytest.skip(f"needs the mirror's reports (no mirror at {MIRROR})")


def _run_shell(block: Block, space: Workspace) -> None:
    cwd = space.folder
    for command in commands(block):
        moved = re.fullmatch(r"cd\s+(\S+)", command)
        if moved:
            target = cwd / moved.group(1)
            if not target.exists():
                _fetch_release(space, target)
            cwd = target
            continue
        program = command.split()[0]
        if program in OPTIONAL_PROGRAMS and not shutil.which(program, path=space.env["PATH"]):
            pytest.skip(f"{program} is not installed (./scripts/test installs it)")
        done = subprocess.run(["bash", "-c", command], cwd=cwd, env=space.env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, (f"README.md line {block.line}: `{command}` exited {done.returncode}\n"
                                      f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        _check_output(_bare(command), done.stdout, space)


def _run_python(block: Block, space: Workspace) -> None:
    done = subprocess.run([str(BIN / "python"), "-c", block.text], cwd=space.folder, env=space.env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"README.md line {block.line}: the Python block failed\n{done.stderr[-4000:]}"
    _check_output(block.text, done.stdout, space)


def _check_ci_yaml(block: Block) -> None:
    """A CI configuration cannot run here: its names must be this repository's action and hook."""
    config = yaml.safe_load(block.text)
    assert isinstance(config, list) and config, f"README.md line {block.line}: not a YAML list"
    step = config[0]
    if "uses" in step:
        assert re.fullmatch(r"[\w-]+/gwrdata@v\d+", step["uses"]), step
        inputs = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))["inputs"]
        assert set(step.get("with", {})) <= set(inputs), f"action.yml has no input {set(step['with']) - set(inputs)}"
        assert {k for k, v in inputs.items() if v.get("required") and "default" not in v} <= set(step.get("with", {}))
    elif "repo" in step:
        assert step["repo"].endswith("/gwrdata"), step
        hooks = {h["id"] for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
        assert {h["id"] for h in step["hooks"]} <= hooks, f".pre-commit-hooks.yaml has no hook {step['hooks']}"
    else:
        pytest.fail(f"README.md line {block.line}: a YAML block that is neither the action nor the pre-commit hook; "
                    "mark it <!-- not run in tests: REASON --> or teach this test to check it")


@pytest.mark.parametrize("block", BLOCKS, ids=[b.id for b in BLOCKS])
def test_readme_block(block, workspace):
    if block.not_run:
        pytest.skip(f"marked not run in tests: {block.not_run}")
    _skip_for_mirror(block, workspace)
    if block.saved_as:
        target = workspace.folder / block.saved_as
        target.write_text(block.text, encoding="utf-8")
        if block.lang == "csv" and {"path", "government", "year"} <= set(block.text.splitlines()[0].split(",")):
            if not (MIRROR / "reports.csv").is_file():
                workspace.skipped.add("mirror")
                pytest.skip(f"the manifest's reports come from the mirror (no mirror at {MIRROR})")
            _manifest_reports(target)
    elif block.lang in SHELL:
        _run_shell(block, workspace)
    elif block.lang in PYTHON:
        _run_python(block, workspace)
    elif block.lang in {"yaml", "yml"}:
        _check_ci_yaml(block)
    else:
        pytest.fail(f"README.md line {block.line}: no way to run a {block.lang or 'plain'} block; mark it "
                    "<!-- not run in tests: REASON --> or <!-- in tests: saved as FILE -->")


def exemption_problems(blocks: list[Block], listed: tuple[str, ...]) -> list[str]:
    """Where the README's `not run` markers and NOT_RUN disagree, or exemptions grow past three."""
    marked = [b for b in blocks if b.not_run]
    problems = []
    for piece in listed:
        holders = [b for b in marked if piece in b.text]
        if len(holders) != 1:
            problems.append(f"NOT_RUN names {piece!r}, but {len(holders)} marked blocks hold it")
    unlisted = [b.line for b in marked if not any(piece in b.text for piece in listed)]
    if unlisted:
        problems.append(f"README.md blocks at lines {unlisted} are marked not run but not listed in NOT_RUN")
    if len(marked) > 3:
        problems.append("more than three blocks exempt: run them instead")
    return problems


def test_the_exempt_blocks_are_the_ones_listed():
    assert exemption_problems(BLOCKS, NOT_RUN) == []


def test_an_unlisted_or_unmarked_exemption_is_found():
    marked = readme_blocks("<!-- not run in tests: slow -->\n```sh\n./scripts/release\n```\n"
                           "<!-- not run in tests: mine -->\n```sh\nrm -rf x\n```\n")
    unmarked = readme_blocks("```sh\n./scripts/release\n```\n")
    assert exemption_problems(marked, ("./scripts/release",)) == [
        "README.md blocks at lines [6] are marked not run but not listed in NOT_RUN"]
    assert exemption_problems(unmarked, ("./scripts/release",)) == [
        "NOT_RUN names './scripts/release', but 0 marked blocks hold it"]
    assert "more than three" in exemption_problems(marked * 2, ("./scripts/release", "rm -rf"))[-1]


def test_every_output_check_finds_its_block():
    """A check whose block was reworded away would silently check nothing."""
    pieces = [b.text for b in BLOCKS if not b.not_run and b.lang in PYTHON]
    pieces += [_bare(c) for b in BLOCKS if not b.not_run and b.lang in SHELL for c in commands(b)]
    for pattern in OUTPUT:
        assert any(re.search(pattern, piece, re.M) for piece in pieces), f"no README block matches {pattern!r} any more"
    texts = [b.text for b in BLOCKS if not b.not_run]
    for piece in NEEDS_MIRROR:
        assert any(piece in text for text in texts), f"no README block holds {piece!r} any more"


def test_the_output_checks_refuse_what_the_readme_does_not_promise(workspace):
    with pytest.raises(AssertionError):
        _sums("a.xlsx: OK\nb.zip: FAILED\n", workspace)
    with pytest.raises(AssertionError):
        _release_again("released shenyang-gwr-2024 9.0.0 into dist/shenyang-gwr-2024-9.0.0\n", workspace)
    with pytest.raises(AssertionError):
        _load("year    int64\nstatus    category\ndtype: object " + LATEST["shenyang-gwr-2024"] + "\n", workspace)
    with pytest.raises(AssertionError):
        _attainment("year  outcome\n2021  achieved  3\nName: count, dtype: int64\n", workspace)
    _sums("a.xlsx: OK\nb.zip: OK\n", workspace)
    _attainment("year  outcome\n2021  met  3\n      missed  1\nName: count, dtype: int64\n", workspace)


def test_a_failing_command_or_python_block_fails_naming_it(workspace):
    with pytest.raises(AssertionError, match=r"line 7: `gwrdata get no-such-dataset` exited 2"):
        _run_shell(Block(7, "sh", "ls\ngwrdata get no-such-dataset\n"), workspace)
    with pytest.raises(AssertionError, match=r"line 9: the Python block failed"):
        _run_python(Block(9, "python", "import gwrdata\ngwrdata.load('no-such-dataset')\n"), workspace)


def test_the_block_reader_sees_markers_and_every_fence():
    text = ("x\n\n<!-- not run in tests: slow -->\n```sh\na \\\n  b\n# note\nc\n```\n"
            "<!-- in tests: saved as m.csv -->\n~~~csv\np\n~~~\n```\n```\n")
    first, second, third = readme_blocks(text)
    assert (first.line, first.lang, first.not_run, commands(first)) == (4, "sh", "slow", ["a    b", "c"])
    assert (second.lang, second.saved_as, second.text) == ("csv", "m.csv", "p\n")
    assert (third.lang, third.not_run, third.saved_as, third.text) == ("", None, None, "\n")
    with pytest.raises(AssertionError, match="never closed"):
        readme_blocks("```sh\nls\n")


# ---------------------------------------------------------------- options and --help
# tests/test_cli.py holds each verb's usage in the Commands table to its --help (the same options,
# the same value names) and every verb to a row. Here: every option the README names beside a verb
# anywhere (the prose of its row, a command in a code block, inline code) is one of that verb's.

def _help(*verb: str) -> str:
    done = subprocess.run([str(BIN / "gwrdata"), *verb, "--help"], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "COLUMNS": "200"})
    assert done.returncode == 0, done.stderr
    return done.stdout


def _help_options(verb: str) -> set[str]:
    """The options of the options section of `gwrdata VERB --help` (not ones its prose mentions)."""
    section = _help(verb).split("\noptions:\n", 1)[1]
    return set(re.findall(r"^\s{2}(?:-\w, )?(--[a-z][\w-]*)", section, re.M)) - {"--help"}


def _verbs() -> list[str]:
    return re.findall(r"^ {4}([a-z]+)\s", _help().split("COMMAND", 2)[-1], re.M)


OPTION = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")


def unknown_options(text: str, options: dict[str, set[str]]) -> list[str]:
    """`gwrdata VERB ... --OPTION` where VERB has no such option: in the Commands table (the whole
    row, prose included), in shell code blocks and in inline code."""
    found = []
    section = text.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0] if "\n## Commands\n" in text else ""
    for verb, row in re.findall(r"^\|\s*`gwrdata ([a-z]+)(.*)$", section, re.M):
        found += [(verb, option, "its row of the Commands table") for option in OPTION.findall(row)]
    uses = [c for b in readme_blocks(text) if b.lang in SHELL for c in commands(b)]
    prose = re.sub(r"^\s*(```+|~~~+).*?^\s*\1", "", text, flags=re.S | re.M)
    uses += [" ".join(span.split()) for span in re.findall(r"`([^`]+)`", prose)]
    for use in uses:
        for call in re.finditer(r"\bgwrdata ([a-z]+)\b([^|;&#]*)", use):
            found += [(call.group(1), option, use) for option in OPTION.findall(call.group(2))]
    return [f"`gwrdata {verb}` has no {option}: {where}" for verb, option, where in found
            if verb in options and option not in options[verb]]


@pytest.fixture(scope="module")
def verb_options() -> dict[str, set[str]]:
    return {verb: _help_options(verb) for verb in _verbs()}


def test_every_option_the_readme_names_with_a_verb_is_in_its_help(verb_options):
    assert len(verb_options) >= 10 and verb_options["get"] == {"--catalog", "--to", "--offline", "--json"}
    assert unknown_options(README.read_text(encoding="utf-8"), verb_options) == []


def test_an_option_a_verb_lacks_is_found_in_a_row_a_block_and_inline_code(verb_options):
    text = ("# x\n\n## Commands\n\n| command | what |\n|---|---|\n"
            "| `gwrdata get NAME [--catalog URL]` | downloads; `--mirror M` picks a mirror |\n\n## Next\n\n"
            "```sh\ngwrdata build recipes/x --out p/ --fast   # a comment --not-an-option\n```\n\n"
            "Run `gwrdata list\n--long` or `gwrdata search 沈阳 --json`.\n")
    assert unknown_options(text, verb_options) == [
        "`gwrdata get` has no --mirror: its row of the Commands table",
        "`gwrdata build` has no --fast: gwrdata build recipes/x --out p/ --fast   # a comment --not-an-option",
        "`gwrdata list` has no --long: gwrdata list --long",
    ]
