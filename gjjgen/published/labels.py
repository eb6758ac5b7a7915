"""认格：数值格还是标签格，数读不读得出，标签对得上法定的哪一行、哪一列。

标签比较与数据文件的键相同（:func:`gjjgen.spec.match_key`：全半角、引号、空白、行首序号都不
影响），对上的方式记为 exact（法定名称或键）、alias（别名）、fuzzy（截断或写法略异，如表头
断行只剩“本年新”）。模糊的候选有几个时，依次取还没用过的那个（“结果 | 结果”依次是“结果维持”
“结果纠正”）。
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ..spec.formats import match_key

BLANKS = frozenset({"", "—", "——", "-", "--", "–", "―", "－", "/", "／", "无", "\\"})
"""原文里表示“没有填”的写法：照录为未填，绝不当作 0。"""

_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")
_AMOUNT = re.compile(r"[-+]?\d+(?:\.\d+)?(?:万元|元)")
_LOOKS_NUMERIC = re.compile(r"^[\d\s,，.．+\-()（）cid:]+(?:万元|元|件|条|次|个|人次|人|%)?$")


def squeeze(text: str) -> str:
    """比较数值用的形：全角变半角、去掉空白与千分位逗号。"""
    return re.sub(r"[\s,]", "", unicodedata.normalize("NFKC", text))


def is_blank(text: str) -> bool:
    return squeeze(text) in BLANKS or text.strip() in BLANKS


def read_number(text: str) -> str | None:
    """读得出的数（照原样的数字文字，金额可带“万元”“元”）；读不出时返回 None。"""
    s = squeeze(text)
    if _NUMBER.fullmatch(s) or _AMOUNT.fullmatch(s):
        return s
    return None


def is_value(text: str) -> bool:
    """数值格：空、未填记号、数，或看起来本该是数（拆开的数字、``(cid:12)`` 或“�”这样没有文字的字形）。"""
    if is_blank(text) or read_number(text) is not None:
        return True
    s = text.strip()
    return bool(s) and ("(cid:" in s or "\ufffd" in s or bool(_LOOKS_NUMERIC.fullmatch(s)) and any(ch.isdigit() for ch in s))


@dataclass(frozen=True)
class Candidate:
    """一个可对上的法定名称：``key`` 是数据文件里的键（或键路径），``names`` 是法定名称与键，``aliases`` 是别名。"""

    key: tuple[str, ...]
    names: tuple[str, ...]
    aliases: tuple[str, ...] = ()


@cache
def key_of(text: str) -> str:
    """:func:`match_key` 的缓存版：同一批行名、列名在一份报告里要比上千次。"""
    return match_key(text)


@cache
def _keys(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(key_of(n) for n in names)


@cache
def _fuzzy(text: str, name: str) -> bool:
    """截断（表头断行只剩前几个字）或只差一两个字；多出一截的（“法人或其他组织小计”）不算。"""
    if len(text) >= 2 and name.startswith(text):
        return True
    return abs(len(text) - len(name)) <= 1 and difflib.SequenceMatcher(None, text, name).ratio() >= 0.8


def match(text: str, candidates: Sequence[Candidate], used: set[tuple[str, ...]] | None = None) -> tuple[Candidate, str] | None:
    """``text`` 对上的候选与方式；几个候选都对得上时取第一个还没用过的。"""
    wanted = key_of(text)
    if not wanted:
        return None
    used = used or set()
    for how, test in (
        ("exact", lambda c: wanted in _keys(c.names)),
        ("alias", lambda c: wanted in _keys(c.aliases)),
        ("fuzzy", lambda c: any(_fuzzy(wanted, k) for k in (*_keys(c.names), *_keys(c.aliases)))),
    ):
        found = [c for c in candidates if test(c)]
        if found:
            fresh = [c for c in found if c.key not in used]
            return (fresh or found)[0], how
    return None
