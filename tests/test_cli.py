"""The command line: every verb documented in the README, each with its own --help, and a
--help that imports nothing heavy (great-expectations alone takes seconds to import)."""

import json
import re
import subprocess
import sys

import pytest

from gwrdata.cli import build_parser, main

from conftest import ROOT


def verbs():
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "verb")
    return sorted(action.choices)


def test_every_verb_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Commands", 1)[1].split("\n## ", 1)[0]
    documented = sorted(set(re.findall(r"^\| `gwrdata (\w+)", table, re.M)))
    assert documented == verbs()


@pytest.mark.parametrize("verb", verbs())
def test_each_verb_has_help(verb, capsys):
    with pytest.raises(SystemExit) as done:
        main([verb, "--help"])
    assert done.value.code == 0
    assert "usage: gwrdata " + verb in capsys.readouterr().out


def test_help_imports_nothing_heavy():
    code = ("import sys\nfrom gwrdata.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('pandas', 'frictionless', 'great_expectations', 'openpyxl', 'yaml') if m in sys.modules]\n"
            "print('HEAVY', heavy)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in done.stdout


def test_no_verb_is_a_usage_error(capsys):
    assert main([]) == 2


def test_build_prints_rows_not_lines(tmp_path, capsys):
    """The summary counts CSV records: the source's footer issue spans several lines, so a line
    count says more source issues than the table has."""
    import csv

    out = tmp_path / "package"
    assert main(["build", str(ROOT / "recipes" / "shenyang-2024"), "--out", str(out), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)["rows"]
    for name, count in printed.items():
        path = out / "data" / f"{name}.csv"
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert count == len(rows), name
    lines = (out / "data" / "source_issues.csv").read_text(encoding="utf-8").count("\n") - 1
    assert lines > printed["source_issues"], "the test needs a table with a cell that spans lines"
    assert main(["build", str(ROOT / "recipes" / "shenyang-2024"), "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert all(f"{name} {count}" in text for name, count in printed.items())


def test_readme_release_table_names_every_file_of_a_release():
    """The README's table of release files lists exactly what a release folder holds, and says
    what SHA256SUMS covers without a count that goes stale."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Releases", 1)[1].split("\n## ", 1)[0]
    table = section.split("| file | what it is |", 1)[1].split("\n\n", 1)[0]
    listed = re.findall(r"^\| `([^`]+)` \|", table, re.M)
    releases = sorted(p for p in (ROOT / "dist").iterdir() if p.is_dir())
    assert releases
    folder = releases[-1]
    version = folder.name.rsplit("-", 1)[1]
    shown = sorted(name.replace("1.0.0", version).rstrip("/") for name in listed)
    assert shown == sorted(p.name for p in folder.iterdir())
    sums = (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != "SHA256SUMS")
    assert sorted(line.split("  ", 1)[1] for line in sums) == files
    assert "four files" not in section


def _readme_options() -> dict[str, dict[str, str]]:
    """Each verb's options and their value names as the README's Commands table writes them
    (a verb may have several rows)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Commands", 1)[1].split("\n## ", 1)[0]
    options: dict[str, dict[str, str]] = {}
    for verb, usage in re.findall(r"^\| `gwrdata (\w+)([^`]*)` \|", table, re.M):
        usage = usage.replace("\\|", "|")
        for option, value in re.findall(r"(?<![\w-])(--[a-z][a-z-]*)(?: ([^\s\]\[-][^\s\]]*))?", usage):
            options.setdefault(verb, {})[option] = value
    return options


def _help_options(verb: str, capsys) -> dict[str, str]:
    """The options a verb's --help lists in its options section (not ones its prose mentions),
    with their value names ('' for a flag, '{...}' for a choice)."""
    with pytest.raises(SystemExit):
        main([verb, "--help"])
    text = capsys.readouterr().out
    section = text.split("\noptions:\n", 1)[1]
    found = {}
    for line in section.splitlines():
        match = re.match(r"^\s{2}(?:-\w(?: \S+)?, )?(--[a-z][a-z-]*)(?: (\S+))?", line)
        if match:
            found[match.group(1)] = match.group(2) or ""
    found.pop("--help", None)
    return found


@pytest.mark.parametrize("verb", verbs())
def test_the_readme_and_help_name_the_same_options(verb, capsys):
    readme, helped = _readme_options().get(verb, {}), _help_options(verb, capsys)
    assert sorted(readme) == sorted(helped)
    for option, value in helped.items():
        if value.startswith("{"):  # a choice: the README lists the same words
            assert readme[option].split("|") == value.strip("{}").split(","), option
        else:
            assert readme[option] == value, option


def test_the_option_parser_of_this_test_sees_a_difference(capsys):
    """The comparison above can fail: a verb's help is not another verb's."""
    assert _help_options("get", capsys) == {"--catalog": "URL|PATH", "--to": "DIR", "--offline": "", "--json": ""}
    assert _readme_options()["get"] != _help_options("diff", capsys)
    assert _readme_options()["validate"]["--format"] == "text|json|github|junit"


def test_a_reader_that_goes_away_is_no_error():
    """gwrdata list | head: when the pipe's reader is gone, the command ends quietly with 0 (no
    traceback, no error line: nothing was wrong with the input)."""
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "gwrdata.cli", "list", "--catalog", str(ROOT / "dist" / "catalog.json")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()   # the reader is gone before anything is written
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0 and err == "", err
