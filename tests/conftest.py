from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "datapackage" / "sources" / "shenyang-2024-government-work-report.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
LABELS = Path(__file__).resolve().parent / "labels"


@pytest.fixture(scope="session")
def shenyang_text() -> str:
    return SOURCE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def shenyang(shenyang_text):
    from gwrdata.extract.figures import extract

    return extract(shenyang_text, 2024)


@pytest.fixture(scope="session")
def corpus():
    """Every report of the development corpus, extracted once for the session."""
    from corpus import corpus_folder, extract_all

    folder = corpus_folder()
    if not (folder / "index.csv").exists():
        pytest.skip(f"the development corpus is not at {folder} (set GWRDATA_CORPUS to its folder)")
    return extract_all(folder)
