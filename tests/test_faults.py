"""Faults: kill -9 at random moments and two runs at once never leave a half package or release.

``gwrdata build`` swaps a whole new package in for the old one, so after a kill the package is
the old one or the new one, complete (every file the descriptor lists, with its hash). A killed
release leaves only complete releases in dist/, and the next run removes its staging folders.
A small number of kills runs on every test run; the many-kill versions are marked slow.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from test_hostile import ENV, GWRDATA, RELEASE, csv_rows, recipe, snapshot

from gwrdata.package import swap
from gwrdata.publish.release import releases

NAME = "shenyang-gwr-2024"
# The many-kill runs take minutes: they run when asked (GWRDATA_SLOW=1 scripts/test -m slow tests/test_faults.py).
many = pytest.mark.skipif(not os.environ.get("GWRDATA_SLOW"), reason="minutes of kills: set GWRDATA_SLOW=1 to run")


def complete(out: Path) -> str:
    """The SHA-256 of the package's figures table, after checking every file against the descriptor."""
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        data = (out / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest(), resource["path"]
        assert resource["bytes"] == len(data)
    entries = sorted(p.name for p in out.iterdir())
    assert entries == ["data", "datapackage.json", "sources"], entries
    return descriptor["resources"][0]["hash"]


def set_subject(folder: Path, value: str) -> None:
    rows = csv_rows(folder / "figures.csv")
    rows[0]["subject_en"] = value
    with open(folder / "figures.csv", "w", encoding="utf-8", newline="") as handle:
        import csv

        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([str(GWRDATA), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)


def build(folder: Path, out: Path) -> str:
    done = subprocess.run([str(GWRDATA), "build", str(folder), "--out", str(out)], env=ENV, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return complete(out)


def kill_builds(tmp_path: Path, kills: int) -> dict:
    """Kill builds that turn package A into B (and back) at random moments."""
    folder = recipe(tmp_path)
    out = tmp_path / "pkg"
    hashes = {}
    for value in ("GDP (B)", "GDP (A)"):
        set_subject(folder, value)
        began = time.monotonic()
        hashes[value] = build(folder, out)
        duration = time.monotonic() - began
    seen = {"old": 0, "new": 0}
    rng = random.Random(14)
    for _ in range(kills):
        before = next(value for value, digest in hashes.items() if digest == complete(out))
        after = "GDP (A)" if before == "GDP (B)" else "GDP (B)"
        set_subject(folder, after)
        process = start("build", str(folder), "--out", str(out))
        time.sleep(rng.uniform(0.5, 1.1) * duration)  # most kills land late, where files are written and swapped
        process.send_signal(signal.SIGKILL)
        process.wait()
        got = complete(out)
        assert got in (hashes[before], hashes[after]), "the package is neither the old one nor the new one"
        seen["old" if got == hashes[before] else "new"] += 1
    build(folder, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pkg", "r"], "a staging or old folder was left beside the package"
    return seen


def test_kill_9_during_build_leaves_old_or_new_package(tmp_path):
    seen = kill_builds(tmp_path, 6)
    assert sum(seen.values()) == 6


@pytest.mark.slow
@many
def test_kill_9_during_build_many_times(tmp_path):
    seen = kill_builds(tmp_path, 60)
    print(f"60 kills: {seen['old']} left the old package, {seen['new']} the new one, 0 a partial one")
    assert seen["old"] and seen["new"]


def release_arena(tmp_path: Path) -> tuple[Path, Path]:
    folder = recipe(tmp_path)
    set_subject(folder, "Gross regional product")  # a corrected value: a patch release 1.0.1
    dist = tmp_path / "dist"
    dist.mkdir()
    shutil.copytree(RELEASE, dist / RELEASE.name)
    return folder, dist


def kill_releases(tmp_path: Path, kills: int, longest: float) -> int:
    folder, dist = release_arena(tmp_path)
    shipped = snapshot(dist / RELEASE.name)
    rng = random.Random(9)
    finished = 0
    for _ in range(kills):
        process = start("release", str(folder), "--dist", str(dist))
        time.sleep(rng.uniform(0.5, longest))
        if process.poll() is not None:
            finished += 1
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert snapshot(dist / RELEASE.name) == shipped, "the released 1.0.0 changed"
        found = releases(dist, NAME)  # raises if a release folder is not complete and consistent
        assert set(found) <= {(1, 0, 0), (1, 0, 1)}
        for path in dist.iterdir():
            assert path.name.startswith(".release-") or path.name in {f"{NAME}-1.0.0", f"{NAME}-1.0.1"}, path.name
    # The next run (here one refused cheaply: an older version) removes the staging folders.
    done = subprocess.run([str(GWRDATA), "release", str(folder), "--dist", str(dist), "--version", "0.9.0"],
                          env=ENV, capture_output=True, text=True)
    assert done.returncode == 2 and "older than the latest release" in done.stderr, done.stderr
    assert not [p for p in dist.iterdir() if p.name.startswith(".")]
    return finished


def test_kill_9_during_release_leaves_only_complete_releases(tmp_path):
    kill_releases(tmp_path, 2, 6.0)


@pytest.mark.slow
@many
def test_kill_9_during_release_many_times(tmp_path):
    finished = kill_releases(tmp_path, 15, 25.0)
    print(f"15 release kills, {finished} after the release had finished")


def test_two_builds_at_once_give_one_complete_package(tmp_path):
    folder = recipe(tmp_path)
    out = tmp_path / "pkg"
    runs = [start("build", str(folder), "--out", str(out)) for _ in range(2)]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in runs]
    assert all(code == 0 for code, _ in results), results
    complete(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pkg", "r"]


def test_a_release_while_another_holds_dist_is_refused_in_one_line(tmp_path):
    folder, dist = release_arena(tmp_path)
    before = snapshot(tmp_path)
    with swap.locked(dist):
        done = subprocess.run([str(GWRDATA), "release", str(folder), "--dist", str(dist)], env=ENV, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "another release" in lines[0] and str(dist) in lines[0]
    assert snapshot(tmp_path) == before


@pytest.mark.slow
@many
def test_two_releases_at_once(tmp_path):
    folder, dist = release_arena(tmp_path)
    runs = [start("release", str(folder), "--dist", str(dist)) for _ in range(2)]
    results = sorted((p.wait(timeout=600), p.stderr.read()) for p in runs)
    assert [code for code, _ in results] in ([0, 0], [0, 2]), results
    for code, err in results:
        assert "Traceback" not in err
        if code == 2:
            assert len(err.strip().splitlines()) == 1 and "another release" in err
    assert set(releases(dist, NAME)) == {(1, 0, 0), (1, 0, 1)}
    assert not [p for p in dist.iterdir() if p.name.startswith(".")]


def test_without_an_atomic_exchange_the_next_run_puts_the_old_package_back(tmp_path, monkeypatch):
    """Where renameat2 is missing, a kill between the two renames leaves the old folder aside."""
    monkeypatch.setattr(swap, "_exchange", lambda a, b: False)
    target, new = tmp_path / "pkg", tmp_path / ".pkg.build-1"
    for folder, text in ((target, "old"), (new, "new")):
        folder.mkdir()
        (folder / "datapackage.json").write_text(text)
    swap.replace_folder(new, target)
    assert (target / "datapackage.json").read_text() == "new" and sorted(p.name for p in tmp_path.iterdir()) == ["pkg"]
    # Killed after the first rename: the package is aside, the staging folder still there.
    target.rename(tmp_path / ".pkg.old-x")
    (tmp_path / ".pkg.build-2").mkdir()
    swap.recover(target)
    assert (target / "datapackage.json").read_text() == "new" and sorted(p.name for p in tmp_path.iterdir()) == ["pkg"]
