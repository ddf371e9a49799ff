"""The release's static data page, written for the committed package and driven in Debian's chromium.

No mocks: the page is written from datapackage/ into a temporary folder, opened from file:// and
used as a reader would (filter, search, click, toggle the language, a phone-width screen). Any
console error, script error or request that leaves file:// fails the test.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from urllib.parse import quote

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
        # blob: is the in-page CSV download, made from the page's own data.
        page.on("request", lambda r: r.url.startswith(("file://", "blob:")) or self.problems.append(f"request outside file://: {r.url}"))
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


WIDTHS = [390, 1400]


@pytest.mark.parametrize("width", WIDTHS)
def test_table_scrolls_in_its_box_with_a_hint_and_a_sticky_first_column(site, width):
    """The table never widens the page; when its columns overflow its box, a hint says so, the
    box scrolls, the last column can be reached and the mention column stays in view."""
    from browser import chromium_page

    with chromium_page(width, 900) as page:
        watch = Watch(page)
        page.goto(site.as_uri())
        page.wait_for_selector("#ftable tbody tr")
        state = page.evaluate("""() => { const w = document.querySelector('.tablewrap');
            return {scroll: w.scrollWidth, client: w.clientWidth, doc: document.documentElement.scrollWidth,
                    hint: !document.getElementById('scroll-hint').hidden}; }""")
        assert state["doc"] <= width, state
        overflows = state["scroll"] > state["client"] + 1
        assert state["hint"] == overflows, state
        assert page.locator("#scroll-hint").is_visible() == overflows
        if width == 1400:
            assert overflows, "at 1400 px the table is wider than its box: the case the hint is for"
        if overflows:
            assert page.evaluate("document.querySelector('.tablewrap').classList.contains('more-right')")
            page.evaluate("() => { const w = document.querySelector('.tablewrap'); w.scrollLeft = w.scrollWidth; }")
            page.wait_for_timeout(100)
            box = page.evaluate("""() => { const w = document.querySelector('.tablewrap').getBoundingClientRect();
                const first = document.querySelector('#ftable tbody tr td.c-mention').getBoundingClientRect();
                const head = document.querySelector('#ftable th.c-mention').getBoundingClientRect();
                const cells = Array.from(document.querySelectorAll('#ftable thead th')).filter(th => th.offsetParent);
                const last = cells[cells.length - 1].getBoundingClientRect();
                return {left: w.left, right: w.right, first: first.left, head: head.left, last: last.right}; }""")
            assert abs(box["first"] - box["left"]) <= 2 and abs(box["head"] - box["left"]) <= 2, box
            assert box["last"] <= box["right"] + 1, box
            assert not page.evaluate("document.querySelector('.tablewrap').classList.contains('more-right')")
        assert watch.problems == []


@pytest.mark.parametrize("width", WIDTHS)
def test_chart_text_is_at_least_12_px(site, width):
    from browser import chromium_page

    with chromium_page(width, 900) as page:
        page.goto(site.as_uri())
        page.wait_for_selector("#chart-headline text")
        sizes = page.evaluate("""() => Array.from(document.querySelectorAll('svg.chart text, svg.chart tspan'))
            .filter(t => t.textContent.trim())
            .map(t => [parseFloat(getComputedStyle(t).fontSize) * t.closest('svg').getScreenCTM().a, t.textContent])""")
        assert len(sizes) > 50
        small = [(round(px, 1), text) for px, text in sizes if px < 12]
        assert not small, small[:5]
        # Titles too long for a phone are abbreviated, never drawn past the chart's edge.
        overflow = page.evaluate("""() => Array.from(document.querySelectorAll('svg.chart')).flatMap(svg => {
            const edge = svg.getBoundingClientRect().right + 1;
            return Array.from(svg.querySelectorAll('text')).filter(t => t.getBoundingClientRect().right > edge).map(t => t.textContent); })""")
        assert overflow == []


def _expected(figures, status, category):
    return [f for f in figures if f["status"] == status and f["category"] == category]


@pytest.mark.parametrize("width", WIDTHS)
def test_filters_and_search_live_in_the_address(site, width):
    """A filtered view's address restores it: filters, search (in Chinese) and sort."""
    from browser import chromium_page

    figures = rows("figures")
    with chromium_page(width, 900) as page:
        watch = Watch(page)
        page.goto(site.as_uri())
        page.wait_for_selector("#ftable tbody tr")
        page.select_option("#f-status", "target")
        page.select_option("#f-category", "economy")
        expected = _expected(figures, "target", "economy")
        assert shown(page) == (len(expected), len(expected))
        address = page.url
        assert "#figures?" in address and "status=target" in address and "category=economy" in address
        page.fill("#q", "增长")
        searched = [f for f in expected if "增长" in " ".join([f["mention"], f["subject_zh"], f["sentence"]])]
        assert searched and shown(page)[0] == len(searched)
        page.click('th[data-key="subject"] button')
        page.click('th[data-key="subject"] button')
        address = page.url
        assert "q=" + quote("增长") in address and "sort=subject" in address and "dir=-1" in address
        first_row = page.locator("#ftable tbody tr").first.get_attribute("data-id")
        assert watch.problems == []
    with chromium_page(width, 900) as page:
        watch = Watch(page)
        page.goto(address)
        page.wait_for_selector("#ftable tbody tr")
        assert page.input_value("#f-status") == "target" and page.input_value("#f-category") == "economy"
        assert page.input_value("#q") == "增长"
        assert shown(page)[0] == len(searched)
        assert page.locator("#ftable tbody tr").first.get_attribute("data-id") == first_row
        assert page.locator('th[data-key="subject"]').get_attribute("aria-sort") == "descending"
        page.click("#reset")
        assert not re.search(r"[?&](q|status|category)=", page.url) and shown(page)[0] == len(figures)
        assert watch.problems == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_filtered_rows_download_as_csv(site, width):
    """The button writes the rows shown, every column of figures.csv, byte for byte as the
    package writes them (the page makes the file; nothing is fetched)."""
    from browser import chromium_page

    figures = rows("figures")
    expected = _expected(figures, "target", "economy")
    with chromium_page(width, 900) as page:
        watch = Watch(page)
        page.goto(site.as_uri() + "#figures?status=target&category=economy")
        page.wait_for_selector("#ftable tbody tr")
        assert shown(page)[0] == len(expected)
        with page.expect_download() as info:
            page.click("#download")
        download = info.value
        data = open(download.path(), "rb").read()
        assert download.suggested_filename.endswith("-figures-filtered.csv")
        assert watch.problems == []
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(figures[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(expected)
    assert data.decode("utf-8") == out.getvalue()
    assert any("," in f["sentence"] or "\"" in f["sentence"] for f in expected), "the rows must need quoting to test it"
