"""What a PDF prints, page by page: the size of its text in points, its words with their boxes,
and the sheet each page belongs to (the footer names it). Used to look at the workbook as
LibreOffice prints it, without a PDF library: the text sizes come from the content streams.

A text size on the page is the font size of the ``Tf`` operator times the scale of the text
matrix and of the current transformation matrix (``Tm``, ``cm``), so a sheet printed at 64 %
shows its 11-point cells as 7.04-point text whatever way the program wrote it.
"""

from __future__ import annotations

import re
import subprocess
import zlib
from html import unescape
from pathlib import Path

TOKEN = re.compile(rb"""
    (?P<space>\s+|%[^\r\n]*)
  | (?P<string>\()
  | (?P<hex><[0-9A-Fa-f\s]*>)
  | (?P<open><<|\[) | (?P<close>>>|\])
  | (?P<name>/[^\s/\[\]()<>{}%]*)
  | (?P<number>[+-]?(?:\d+\.?\d*|\.\d+))
  | (?P<word>[^\s/\[\]()<>{}%]+)
""", re.X)


def _after_string(data: bytes, i: int) -> int:
    """The index after a literal string whose "(" ends at ``i`` (nested brackets, escapes)."""
    depth = 1
    while depth:
        if data[i] == 0x5C:  # backslash: the next byte is escaped
            i += 2
            continue
        depth += {0x28: 1, 0x29: -1}.get(data[i], 0)
        i += 1
    return i


def _times(a: list[float], b: list[float]) -> list[float]:
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2],
            a[2] * b[1] + a[3] * b[3], a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def text_sizes(stream: bytes) -> list[float]:
    """The printed size (points) of every text-showing operation of a content stream."""
    identity = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    ctm, saved, tm, size, out, operands, depth, i = identity, [], identity, 0.0, [], [], 0, 0
    while i < len(stream):
        match = TOKEN.match(stream, i)
        if not match:
            i += 1
            continue
        kind, token, i = match.lastgroup, match.group(), match.end()
        if kind == "space":
            continue
        if kind == "string":
            i = _after_string(stream, i)
            operands.append(None)
        elif kind in ("hex", "name"):
            operands.append(token)
        elif kind == "number":
            operands.append(float(token))
        elif kind in ("open", "close"):
            depth += 1 if kind == "open" else -1
        elif not depth:
            if token == b"q":
                saved.append(ctm)
            elif token == b"Q" and saved:
                ctm = saved.pop()
            elif token == b"cm":
                ctm = _times([float(x) for x in operands[-6:]], ctm)
            elif token == b"BT":
                tm = identity
            elif token == b"Tm":
                tm = [float(x) for x in operands[-6:]]
            elif token == b"Tf":
                size = float(operands[-1])
            elif token in (b"Tj", b"TJ", b"'", b'"'):
                m = _times(tm, ctm)
                out.append(size * abs(m[0] * m[3] - m[1] * m[2]) ** 0.5)
            operands = []
    return out


def page_text_sizes(pdf: Path) -> list[list[float]]:
    """Per page in order, the printed size of every piece of text on it."""
    data = pdf.read_bytes()
    objects = {int(m.group(1)): m.group(2) for m in re.finditer(rb"(\d+) 0 obj(.*?)endobj", data, re.S)}

    def stream(body: bytes) -> bytes:
        head, _, rest = body.partition(b"stream")
        raw = rest.lstrip(b"\r\n").rsplit(b"endstream", 1)[0]
        return zlib.decompress(raw) if b"FlateDecode" in head else raw

    pages: list[list[float]] = []

    def walk(number: int) -> None:
        body = objects[number]
        if re.search(rb"/Type\s*/Pages\b", body):
            kids = re.search(rb"/Kids\s*\[(.*?)\]", body, re.S).group(1)
            for kid in re.findall(rb"(\d+) 0 R", kids):
                walk(int(kid))
        else:
            contents = re.search(rb"/Contents\s*(\[.*?\]|\d+ 0 R)", body, re.S).group(1)
            pages.append([s for ref in re.findall(rb"(\d+) 0 R", contents) for s in text_sizes(stream(objects[int(ref)]))])

    root = int(re.search(rb"/Root\s+(\d+) 0 R", data).group(1))
    walk(int(re.search(rb"/Pages\s+(\d+) 0 R", objects[root]).group(1)))
    return pages


def page_words(pdf: Path) -> list[list[tuple[str, float, float, float, float]]]:
    """Per page, every word with its box (text, xMin, yMin, xMax, yMax), by pdftotext -bbox."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in re.findall(r"<page .*?</page>", html, re.S):
        pages.append([(unescape(w[4]), float(w[0]), float(w[1]), float(w[2]), float(w[3])) for w in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page)])
    return pages


def page_sheets(pdf: Path) -> list[str]:
    """The sheet of every page: its footer reads "<sheet> … <page> / <pages>"."""
    words = page_words(pdf)
    total = len(words)
    sheets = []
    for number, page in enumerate(words, start=1):
        bottom = max(w[4] for w in page)
        footer = sorted((w for w in page if w[4] > bottom - 2), key=lambda w: w[1])
        assert [w[0] for w in footer[-3:]] == [str(number), "/", str(total)], footer
        sheets.append(footer[0][0])
    return sheets


def print_pdf(path: Path, out: Path) -> tuple[Path, list[str]]:
    """The workbook printed by LibreOffice to PDF in ``out``: (pdf, the sheet of each page)."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    assert soffice and shutil.which("pdftotext") and shutil.which("pdftoppm"), \
        "LibreOffice and poppler-utils are needed: run ./scripts/test"
    out.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([soffice, f"-env:UserInstallation={(out / 'profile').as_uri()}", "--headless", "--convert-to", "pdf",
                           "--outdir", str(out), str(path)], capture_output=True, text=True, timeout=240)
    pdf = out / f"{path.stem}.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stderr
    return pdf, page_sheets(pdf)


def smallest_text(pdf: Path, sheets: list[str]) -> dict[str, float]:
    """The smallest printed text of each sheet, in points, over all its pages (footer included)."""
    smallest: dict[str, float] = {}
    for sheet, sizes in zip(sheets, page_text_sizes(pdf), strict=True):
        assert sizes, f"a page of {sheet} without text"
        smallest[sheet] = min(smallest.get(sheet, 99.0), min(sizes))
    return smallest
