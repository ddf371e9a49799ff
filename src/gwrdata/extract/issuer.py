"""The government a report says it is from, so that a report filed under another is noticed.

A collection files each report under a government by its folder, and some folders are wrong: a
report of 池州市 filed as 沧州市's, of the county-level 文山市 as the prefecture 文山州's. Every
target and result of such a report would be set down as the wrong government's. The report
names its government in the session line of its title block (在池州市第三届人民代表大会); a
mirror's title (宿州市政府工作报告) stands in where there is none. The vocabulary is genre data
in ``data/issuer.yaml``; nothing here knows one report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from gwrdata.extract.lexicon import dating_rules, issuer_rules


@dataclass(frozen=True)
class Named:
    """A government as a report names it: the name, where (``session line`` or ``title``) and the words."""
    name: str
    evidence: str
    words: str


@cache
def _rules() -> dict:
    rules = issuer_rules()
    return {"session": re.compile(rules["session"]), "within": int(rules["session_within"]),
            "title": re.compile(rules["title"]), "front": re.compile(dating_rules()["front_matter"], re.S),
            "kinds": sorted(rules["kinds"].items(), key=lambda kind: len(kind[0]), reverse=True)}


def named_government(text: str) -> Named | None:
    """The government the report names as its own: its session line's, else its title's; None
    where it names none."""
    rules = _rules()
    front = rules["front"].match(text)
    begin = front.end() if front else 0
    bare = {ending for ending, _ in rules["kinds"]}  # 在自治区第九届人民代表大会: its own kind, no name
    for found in rules["session"].finditer(text, begin, begin + rules["within"]):
        if found.group(1) not in bare:
            return Named(found.group(1), "session line", found.group(0))
    found = rules["title"].match(text, 0, front.end()) if front else None  # a mirror's title: its front matter only
    return Named(found.group(1), "title", found.group(0).splitlines()[-1]) if found and found.group(1) not in bare else None


def _kind(name: str) -> tuple[str, str]:
    """(kind, stem): 黔西南州 → (prefecture, 黔西南); a name with no known ending: ("", name)."""
    for ending, kind in _rules()["kinds"]:
        if name.endswith(ending) and len(name) > len(ending):
            return kind, name[:-len(ending)]
    return "", name


def same_government(named: str, filed: str) -> bool:
    """Does ``named`` stand for the government ``filed``: the same name, or one of the same kind
    whose stem begins the other's (黔西南州 and 黔西南布依族苗族自治州)?"""
    if named == filed:
        return True
    (kind, stem), (filed_kind, filed_stem) = _kind(named), _kind(filed)
    return kind == filed_kind and (filed_stem.startswith(stem) or stem.startswith(filed_stem))
