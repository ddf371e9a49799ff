"""Structure: frictionless package validation, one group of resources per worker process.

Frictionless types every cell in pure Python (about 120 µs per figure row) and validates the
resources one after another whenever a schema has foreign keys, so on a large package it is by
far the slowest stage. gwrdata.checks.validate therefore runs each group of resources in its own process
(figures alone; every other resource, headline with its figures lookup included, in a second one)
while the main process runs great-expectations and the rule checks. The shared worker runs at a
lower priority, so that on two cores the figures worker, which sets the stage's time, keeps one.

A worker is `python -m gwrdata.checks.structure REQUEST` (a fresh interpreter, so it neither
re-runs the caller's script as multiprocessing's spawn does, nor inherits its threads as fork
does) and prints its outcome as JSON. This module imports neither pandas nor great-expectations,
so a worker starts in well under a second. Each worker opens the whole Package, so foreign keys
to resources of another group still resolve, and validates only its own resources, exactly as
Package.validate would one by one.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from dataclasses import asdict, dataclass, field
from importlib import resources

from . import Failure

NAME = "structure.frictionless"
SUITE = "frictionless"
DESCRIPTION = ("Frictionless package validation: types, constraints, primary keys, foreign keys, duplicate rows; "
               "each resource's hash and bytes match its file.")
ALONE = ("figures",)  # the big table gets a process of its own; the rest share one


@dataclass
class ResourceOutcome:
    """What Package.validate would have reported for one resource."""
    checked: int = 0
    task_failures: list[Failure] = field(default_factory=list)
    report_failures: list[Failure] = field(default_factory=list)


@dataclass
class GroupOutcome:
    """A worker's answer: descriptor errors (then nothing was validated) or one outcome per resource."""
    metadata_failures: list[Failure] = field(default_factory=list)
    resources: dict[str, ResourceOutcome] = field(default_factory=dict)
    finished_at: float = 0.0  # wall clock, to time the stage from the main process

    @classmethod
    def from_dict(cls, data: dict) -> GroupOutcome:
        return cls([Failure(**f) for f in data["metadata_failures"]],
                   {name: ResourceOutcome(r["checked"], [Failure(**f) for f in r["task_failures"]],
                                          [Failure(**f) for f in r["report_failures"]])
                    for name, r in data["resources"].items()},
                   data["finished_at"])


def groups(names: list[str]) -> list[list[str]]:
    """Resource names per worker: each big table alone, all the others together."""
    alone = [[name] for name in ALONE if name in names]
    rest = [name for name in names if name not in ALONE]
    return alone + ([rest] if rest else [])


def validate_group(descriptor_path: str, names: list[str], primary_keys: dict[str, list[str]]) -> GroupOutcome:
    """Validate the named resources of the package, as Package.validate does (runs in a worker)."""
    from frictionless import Checklist, FrictionlessException, Package

    try:
        package = Package(descriptor_path)  # a descriptor frictionless cannot even load is a failure too
        package.to_descriptor(validate=True)  # Package.validate's first step: stop at a broken descriptor
    except FrictionlessException as exception:
        return GroupOutcome([_package_failure(error) for error in exception.to_errors()], finished_at=time.time())
    checklist = Checklist.from_descriptor(_checklist())
    outcome = GroupOutcome()
    for resource in package.resources:
        if resource.name in names:
            outcome.resources[resource.name] = _outcome(resource.validate(checklist=checklist), primary_keys)
    outcome.finished_at = time.time()
    return outcome


def merge(outcomes: list[GroupOutcome], names: list[str]) -> tuple[int, list[Failure]]:
    """Checked count and failures in the order Package.validate lists them (descriptor order)."""
    if any(o.metadata_failures for o in outcomes):
        return 0, next(o.metadata_failures for o in outcomes if o.metadata_failures)
    by_name = {name: result for o in outcomes for name, result in o.resources.items()}
    ordered = [by_name[name] for name in names if name in by_name]
    failures = [f for r in ordered for f in r.task_failures] + [f for r in ordered for f in r.report_failures]
    return sum(r.checked for r in ordered), failures


def _yield_cpu() -> None:
    """Run at a lower priority than the figures worker.

    The figures worker takes longest and sets the stage's wall time; on a two-core machine three
    busy processes (two workers and the main process) would slow it by a third. Niced, this worker
    mostly runs when the main process has finished great-expectations and the checks.
    """
    if hasattr(os, "nice"):
        os.nice(10)


def _checklist() -> dict:
    import yaml

    return yaml.safe_load(resources.files("gwrdata_validation").joinpath("frictionless.yaml").read_text(encoding="utf-8"))


def _outcome(report, primary_keys: dict[str, list[str]]) -> ResourceOutcome:
    outcome = ResourceOutcome()
    for task in report.tasks:
        outcome.checked += (task.stats.get("rows") or 0) + 1
        outcome.task_failures += [_row_failure(task.name or "", primary_keys.get(task.name, []), error) for error in task.errors]
    outcome.report_failures = [_package_failure(error) for error in report.errors]
    return outcome


def _row_failure(resource: str, primary_key: list[str], error) -> Failure:
    """An error of a resource: row is frictionless's row number, i.e. the CSV line (header = 1)."""
    row = getattr(error, "row_number", None)
    fields = getattr(error, "field_name", "") or ",".join(getattr(error, "field_names", None) or [])
    if not fields and error.type == "primary-key":
        fields = ",".join(primary_key)
    cell = getattr(error, "cell", "") or ",".join(str(c) for c in (getattr(error, "cells", None) or [])[:3])
    return Failure(NAME, resource, row, fields, str(cell), f"{error.type}: {error.message}")


def _package_failure(error) -> Failure:
    """An error of the package as a whole (its descriptor), not of a row."""
    return Failure(NAME, "", None, "", "", f"{error.type}: {error.message}")


def answer(request: dict) -> dict:
    """The outcome of one request as JSON-ready data.

    If frictionless raises (a descriptor it cannot even load), the traceback is the answer, so
    that the main process raises it once instead of every worker printing its own.
    """
    try:
        return asdict(validate_group(request["descriptor"], request["names"], request["primary_keys"]))
    except Exception:  # noqa: BLE001  (handed to the main process, which raises)
        return {"traceback": traceback.format_exc()}


def serve() -> None:
    """A long-lived worker for many packages (gwrdata.checks.validate.Validator): one request per
    line of stdin, one answer per line of stdout, so frictionless is imported once, not per package."""
    for request_line in sys.stdin:
        if request_line.strip():
            sys.stdout.write(json.dumps(answer(json.loads(request_line)), ensure_ascii=False) + "\n")
            sys.stdout.flush()


def main(argv: list[str]) -> None:
    """Worker entry point: argv[0] is the JSON request (or --serve), the outcome goes to stdout as JSON."""
    if argv and argv[0] == "--serve":
        serve()
        return
    request = json.loads(argv[0])
    if not any(name in ALONE for name in request["names"]):
        _yield_cpu()
    json.dump(answer(request), sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1:])
