"""Reading a report's text: decoding without guessing wrong, and proving it is the vendored file.

Offsets everywhere in gwrdata are code-point indices into the text this module returns. It
drops a byte-order mark (it is not part of the text) and keeps CRLF line ends as they are, so
an offset always points at the same characters as in the file opened as text in its encoding.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from gwrdata.errors import InputError
from gwrdata.read.paths import MAX_SOURCE_BYTES, regular_file

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# A real report's Chinese characters are over 90% the common hanzi of GB2312 level 1; text decoded
# in the wrong encoding is mostly rare ones.
COMMON_SHARE = 0.8
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class SourceText:
    """A decoded report: its text, the encoding it was read in, and the file's SHA-256."""

    path: Path
    text: str
    encoding: str
    sha256: str
    bytes: int


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def decode(data: bytes, path: object, encoding: str | None = None) -> tuple[str, str]:
    """Decode report bytes; return (text, encoding used).

    With no encoding given, a BOM decides; else the bytes must be UTF-8, or GB18030 when they
    are not UTF-8 from the first non-ASCII byte on (a GB18030 file fails UTF-8 at once, while a
    UTF-8 file with one damaged byte decodes fine up to the damage: guessing GB18030 there would
    turn a one-byte defect into mojibake, so it is an error that names the byte).
    """
    if not data:
        raise InputError(path, "byte 0", "the file is empty", "give the path of the report's text file")
    if encoding:
        try:
            text = data.decode(encoding)
        except LookupError:
            raise InputError(path, "", f"unknown encoding {encoding!r}", "use a Python codec name such as utf-8, gb18030 or utf-16") from None
        except UnicodeDecodeError as err:
            raise InputError(
                path, f"byte {err.start}", f"not valid {encoding} (byte 0x{data[err.start]:02x})",
                "check the --encoding you gave, or leave it out to detect the encoding",
            ) from None
        return _checked(text.lstrip("\ufeff") if text.startswith("\ufeff") else text, path, encoding)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(codec).lstrip("\ufeff"), path, codec)
            except UnicodeDecodeError as err:
                raise InputError(path, f"byte {err.start}", f"the file starts with a {codec} byte-order mark but is not valid {codec}", "re-save the file in one encoding (UTF-8 preferred)") from None
    nul = data.find(b"\x00")
    if nul >= 0:
        guess = _utf16_guess(data)
        if guess:
            raise InputError(path, f"byte {nul}", f"NUL bytes, as in {guess} text without a byte-order mark",
                             f"pass --encoding {guess}, or re-save the file as UTF-8")
        raise InputError(path, f"byte {nul}", "this is a binary file (it contains NUL bytes), not a report text", "export the report as plain text (UTF-8) first")
    try:
        return _checked(data.decode("utf-8"), path, "utf-8")
    except UnicodeDecodeError as err:
        bad = err.start
        if any(b >= 0x80 for b in data[:bad]):
            raise InputError(
                path, f"byte {bad}", f"invalid UTF-8 (byte 0x{data[bad]:02x}) after valid UTF-8 text",
                "repair or re-export the file; if it is in another encoding, pass --encoding NAME",
            ) from None
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as err:
        raise InputError(
            path, f"byte {err.start}", "neither UTF-8 nor GB18030",
            "pass --encoding NAME with the file's encoding, or re-save it as UTF-8",
        ) from None
    common = _common_share(text)
    if common < COMMON_SHARE:
        # GB18030 decodes almost any bytes; Big5 or Shift-JIS read as GB18030 give rare characters.
        raise InputError(
            path, "whole file", f"not UTF-8, and read as GB18030 only {common:.0%} of its Chinese characters are common ones "
            "(a real GB18030 text has over 90%): the encoding is something else, perhaps Big5",
            "pass --encoding NAME (e.g. --encoding big5), or re-save the file as UTF-8",
        )
    return _checked(text, path, "gb18030")


def _utf16_guess(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the bytes read that way are Chinese text (the NULs of
    ASCII characters in UTF-16 are what made them look binary)."""
    head = data[:65536]
    odd, even = head[1::2].count(0), head[0::2].count(0)
    # ASCII characters put their NUL on the odd bytes in UTF-16-LE, on the even ones in -BE.
    codecs_ = ["utf-16-le"] if odd > 2 * even else ["utf-16-be"] if even > 2 * odd else []
    for codec in codecs_:
        try:
            text = data[: len(data) - len(data) % 2].decode(codec)
        except UnicodeDecodeError:
            continue
        # Random bytes read as UTF-16 are CJK code points too, but rare ones: a report's text is
        # mostly the common hanzi (the same test that refuses Big5 read as GB18030).
        if _CJK.search(text[:10_000]) and not _CONTROL.search(text) and _common_share(text) >= COMMON_SHARE:
            return codec
    return None


def _common_share(text: str, sample: int = 20_000) -> float:
    """Share of CJK characters in GB2312 level 1 (the 3,755 most common hanzi)."""
    cjk = [ch for ch in text[:sample * 4] if "\u4e00" <= ch <= "\u9fff"][:sample]
    if not cjk:
        return 0.0
    common = 0
    for ch in cjk:
        try:
            code = ch.encode("gb2312")
        except UnicodeEncodeError:
            continue
        common += 0xB0 <= code[0] <= 0xD7
    return common / len(cjk)


def _checked(text: str, path: object, encoding: str) -> tuple[str, str]:
    control = _CONTROL.search(text)
    if control:
        raise InputError(
            path, f"character {control.start()}", f"control character U+{ord(control.group()):04X}: decoded as {encoding} this is not plain text",
            "pass the right --encoding, or export the report as plain UTF-8 text",
        )
    if not _CJK.search(text[:1_000_000]):
        raise InputError(path, "whole file", f"no Chinese text (decoded as {encoding})", "give a Chinese report's text, or the right --encoding")
    return text, encoding


def read_source(path: str | Path, encoding: str | None = None, max_bytes: int = MAX_SOURCE_BYTES) -> SourceText:
    """Read and decode a report; only a regular file of at most ``max_bytes`` is opened."""
    path = Path(path)
    regular_file(path, max_bytes=max_bytes)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(path, "", f"cannot be read ({err.strerror})", "check the file's permissions") from None
    text, used = decode(data, path, encoding)
    return SourceText(path=path, text=text, encoding=used, sha256=sha256_bytes(data), bytes=len(data))


def verify(source: SourceText, expected_sha256: str, metadata_path: object) -> None:
    """Refuse a source whose bytes are not the ones the metadata vouches for."""
    if source.sha256 != expected_sha256:
        raise InputError(
            source.path, "whole file",
            f"SHA-256 {source.sha256} differs from {expected_sha256} recorded in {metadata_path}",
            "restore the vendored file byte for byte (it is never edited); a new source is a new recipe or version",
        )
