"""The release's static data page, written for the committed package and driven in Debian's chromium.

No mocks: the page is written from datapackage/ into a temporary folder, opened from file:// and
used as a reader would (filter, search, click, toggle the language, a phone-width screen). Any
console error, script error or request that leaves file:// fails the test.
"""

from __future__ import annotations

import csv
import hashlib
import re

import pytest

from gwrdata.publish.site import LINKS, write_site

from conftest import ROOT

PACKAGE = ROOT / "datapackage"
LINK_HREFS = {"xlsx": "../shenyang-gwr-2024-1.0.0.xlsx", "csv_zip": "../shenyang-gwr-2024-1.0.0-csv.zip",
              "sha256sums": "../SHA256SUMS", "validation": "validation/validation.html", "citation": "CITATION.cff"}


def rows(table):
    with open(PACKAGE / "data" / f"{table}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return write_site(PACKAGE, tmp_path_factory.mktemp("site"), LINK_HREFS)


def digest(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_package_same_bytes_and_under_one_megabyte(tmp_path, site):
    again = write_site(PACKAGE, tmp_path / "again", LINK_HREFS)
    assert again.name == "index.html"
    assert digest(site.parent) == digest(again.parent)
    assert sorted(digest(site.parent)) == ["index.html", "site.css", "site.js"]
    weight = sum(p.stat().st_size for p in site.parent.rglob("*") if p.is_file())
    assert weight < 1_000_000, f"page weight {weight} bytes"


def test_page_is_self_contained_and_marks_every_span(site):
    page = site.read_text(encoding="utf-8")
    assert '<script type="application/json" id="data">' in page
    # Nothing is loaded from elsewhere: only the two local assets, no fonts, no CDN.
    loaded = re.findall(r'<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="([^"]+)"', page)
    assert sorted(loaded) == ["site.css", "site.js"]
    css = (site.parent / "site.css").read_text(encoding="utf-8")
    assert "@import" not in css and "url(" not in css and "@font-face" not in css
    assert "Noto Sans CJK SC" in css and "Noto Sans CJK SC" in page  # the CJK fallback, in the page and in the SVG
    for figure in rows("figures"):
        assert f'id="{figure["figure_id"]}"' in page
    for link in LINK_HREFS.values():
        assert f'href="{link}"' in page
    with pytest.raises(ValueError, match="unknown site link"):
        write_site(PACKAGE, site.parent.parent / "bad", {"xslx": "x.xlsx"})
    assert set(LINK_HREFS) == set(LINKS)


class Watch:
    """Console errors, script errors and any request that is not file://, on one page."""

    def __init__(self, page):
        self.problems = []
        page.on("console", lambda m: m.type == "error" and self.problems.append(f"console error: {m.text}"))
        page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))
        page.on("request", lambda r: r.url.startswith("file://") or self.problems.append(f"request outside file://: {r.url}"))
        page.on("requestfailed", lambda r: self.problems.append(f"failed request: {r.url}"))


def shown(page):
    return int(page.inner_text("#shown-count")), page.locator("#ftable tbody tr").count()


def test_page_in_chromium(site, tmp_path):
    from browser import chromium_page
    from playwright.sync_api import expect

    figures = rows("figures")
    targets = [f for f in figures if f["status"] == "target"]
    with chromium_page(1280, 900) as page:
        watch = Watch(page)
        page.goto(site.as_uri())
        page.wait_for_selector("#ftable tbody tr")

        # The count shown is the figures table's rows.
        assert int(page.inner_text("#figure-count")) == len(figures)
        assert int(page.inner_text("#total-count")) == len(figures)
        assert shown(page) == (len(figures), len(figures))

        # Filtering by status = target.
        page.select_option("#f-status", "target")
        assert shown(page) == (len(targets), len(targets))
        assert set(page.locator("#ftable tbody tr .c-status").all_inner_texts()) == {"target"}

        # Clicking a figure in the table scrolls to its highlighted mention in the source view.
        figure = targets[-1]
        page.click(f'#row-{figure["figure_id"]} a.go')
        mark = page.locator(f'#src #{figure["figure_id"]}')
        expect(mark).to_be_in_viewport()
        assert mark.get_attribute("id") == figure["figure_id"]
        assert mark.inner_text() == figure["mention"]
        assert "sel" in mark.get_attribute("class") and "st-target" in mark.get_attribute("class")

        # Selecting a mark in the source shows its row.
        page.click("#reset")
        first = figures[0]
        page.locator(f'#src #{first["figure_id"]}').click()
        assert page.locator("#card").is_visible()
        assert first["mention"] in page.inner_text("#card")
        page.click("#card [data-show]")
        expect(page.locator(f'#row-{first["figure_id"]}')).to_have_class(re.compile(r"\bsel\b"))
        page.keyboard.press("Escape")
        assert page.locator("#card").is_hidden()

        # Search in Chinese and in English.
        for term in ("地区生产总值", "GDP"):
            page.fill("#q", term)
            expected = [f for f in figures if term.lower() in " ".join(
                [f["mention"], f["subject_zh"], f["subject_en"], f["sentence"]]).lower()]
            assert expected and shown(page) == (len(expected), len(expected)), term
        page.fill("#q", "")

        # Sorting by value, descending on the second click.
        page.click('th[data-key="value"] button')
        page.click('th[data-key="value"] button')
        top = max(figures, key=lambda f: float(f["base_value"]))
        assert page.locator("#ftable tbody tr").first.get_attribute("data-id") == top["figure_id"]

        # Both languages: the toggle switches the page to Chinese and back.
        page.click("#lang")
        assert page.get_attribute("html", "lang") == "zh-Hans"
        page.select_option("#f-status", "target")
        assert set(page.locator("#ftable tbody tr .c-status").all_inner_texts()) == {"目标"}
        assert page.locator("h2:visible", has_text="全部数字").count() == 1

        # The charts: SVG drawn at build time, Chinese labels set in the CJK font stack.
        chart = page.locator("#chart-headline")
        assert chart.locator("text").filter(has_text=re.compile("^地区生产总值$")).count() == 1
        labels = chart.text_content()
        assert "≥6%" in labels and "≈6%" in labels and "↓3.2%" in labels
        assert page.locator("#chart-parts rect").count() > 0
        shot = tmp_path / "site.png"
        page.click("#lang")
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(shot), full_page=True)
        page.locator("#charts").screenshot(path=str(tmp_path / "charts.png"))
        assert shot.stat().st_size > 10_000
        print(f"screenshots: {shot} {tmp_path / 'charts.png'}")
        assert watch.problems == []


def test_page_at_phone_width(site, tmp_path):
    from browser import chromium_page
    from playwright.sync_api import expect

    figure = rows("figures")[100]
    with chromium_page(375, 740) as page:
        watch = Watch(page)
        page.goto(site.as_uri())
        page.wait_for_selector("#ftable tbody tr")
        overflow = page.evaluate("""() => ({doc: document.documentElement.scrollWidth, body: document.body.scrollWidth,
                                            width: window.innerWidth})""")
        assert overflow["doc"] <= overflow["width"] and overflow["body"] <= overflow["width"], overflow
        assert page.locator(f'#row-{figure["figure_id"]} a.go').is_visible()
        assert page.locator(f'#row-{figure["figure_id"]} .c-status').is_visible()
        page.click(f'#row-{figure["figure_id"]} a.go')
        expect(page.locator(f'#src #{figure["figure_id"]}')).to_be_in_viewport()
        page.screenshot(path=str(tmp_path / "phone.png"))
        assert watch.problems == []
