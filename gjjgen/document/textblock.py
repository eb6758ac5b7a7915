"""叙述文字（前言、总体情况、存在的问题……）的结构：段落与带小标题的分节。

数据文件里一段文字可以写成一个多行字符串（每行一段），也可以写成列表，列表项是段落或
``{标题: …, 正文: …}`` 形式的分节。分节序号（“（一）”“1.”）由排版时按顺序生成，书记员
不必手写；写了也会被去掉，免得序号重复或跳号。
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..problems.codes import Level

TITLE_KEYS = ("标题", "小标题")
BODY_KEYS = ("正文", "内容")

_LEADING_NUMBER = re.compile(
    r"^\s*(?:[（(]\s*[一二三四五六七八九十]+\s*[）)]|[一二三四五六七八九十]+\s*、|\d+\s*[.．、](?!\d))\s*"
)
_SENTENCE_END = ("。", "！", "？", "；", "：", ".", "!", "?", ";")


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Subsection:
    """带标题的一节。``run_in`` 为真时标题与第一段接排（“（一）标题。正文……”）。"""

    title: str
    body: tuple[Paragraph | Subsection, ...]
    run_in: bool


TextBlock = tuple[Paragraph | Subsection, ...]


@dataclass(frozen=True)
class TextIssue:
    path: tuple[Any, ...]
    code: str
    message: str
    level: Level | None = None
    """不写时取代码登记的级别。"""


def strip_number(title: str) -> str:
    """去掉标题前书记员手写的序号（“（一）”“一、”“1.”），序号由排版统一生成。"""
    return _LEADING_NUMBER.sub("", title, count=1).strip()


def paragraphs_of(text: str) -> list[Paragraph]:
    """多行字符串：每个非空行是一段；行首行尾的空白（含全角空格）不算内容。"""
    return [Paragraph(line.strip(" \t\u3000")) for line in text.splitlines() if line.strip(" \t\u3000")]


def parse_textblock(value: Any, path: tuple[Any, ...] = ()) -> tuple[TextBlock, list[TextIssue]]:
    """把数据文件里的文字块转成 :data:`TextBlock`，并收集结构问题（路径相对于本块）。"""
    issues: list[TextIssue] = []
    if value is None:
        return (), issues
    if isinstance(value, str):
        return tuple(paragraphs_of(value)), issues
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return tuple(paragraphs_of(str(value))), issues
    if isinstance(value, dict):
        section = _subsection(value, path, issues)
        return ((section,) if section else ()), issues
    if not isinstance(value, list):
        issues.append(TextIssue(path, "TEXT-TYPE", "这里应是一段文字，或由段落、分节组成的列表"))
        return (), issues
    items: list[Paragraph | Subsection] = []
    for index, item in enumerate(value):
        item_path = (*path, index)
        if isinstance(item, str):
            items.extend(paragraphs_of(item))
        elif isinstance(item, (int, float)) and not isinstance(item, bool):
            items.extend(paragraphs_of(str(item)))
        elif isinstance(item, dict):
            section = _subsection(item, item_path, issues)
            if section:
                items.append(section)
        elif item is None:
            continue
        else:
            issues.append(TextIssue(item_path, "TEXT-TYPE", "列表项应是一段文字，或“标题: …”加“正文: …”的分节"))
    return tuple(items), issues


def _subsection(value: dict[str, Any], path: tuple[Any, ...], issues: list[TextIssue]) -> Subsection | None:
    title_key = next((k for k in TITLE_KEYS if k in value), None)
    body_key = next((k for k in BODY_KEYS if k in value), None)
    for key in value:
        if key not in TITLE_KEYS and key not in BODY_KEYS:
            issues.append(
                TextIssue((*path, key), "KEY-UNKNOWN", f"分节里不认识键“{key}”；分节只有“标题”和“正文”两项")
            )
    if title_key is None:
        issues.append(TextIssue(path, "TEXT-NO-TITLE", "分节缺少“标题”；不需要标题的文字请直接写成段落"))
        return None
    title = value[title_key]
    if not isinstance(title, (str, int)) or not str(title).strip():
        issues.append(TextIssue((*path, title_key), "TEXT-TYPE", "分节标题应是一行文字"))
        return None
    title_text = " ".join(str(title).split())
    body, body_issues = parse_textblock(value.get(body_key) if body_key else None, (*path, body_key or "正文"))
    issues.extend(body_issues)
    clean = strip_number(title_text)
    run_in = clean.endswith(_SENTENCE_END) and bool(body) and isinstance(body[0], Paragraph)
    return Subsection(title=clean, body=body, run_in=run_in)


def plain_text(block: TextBlock) -> list[str]:
    """文字块里的全部文字（标题与段落），供比较和查重使用。"""
    out: list[str] = []
    for item in block:
        if isinstance(item, Paragraph):
            out.append(item.text)
        else:
            out.append(item.title)
            out.extend(plain_text(item.body))
    return out
