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
