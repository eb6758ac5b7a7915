"""叙述文字在数据文件中的位置：逐个取出前言、各叙述部分里的文字，并能指出其中某几个字
所在的行列。

引用检查、叙述数字核对、跨年度“内容雷同”检查都要说“第几行第几列的这句话”，而一段文字
往往是一个多行的 YAML 标量，路径只能定位到它的第一行；这里回到源文件，在标量内找到具体
的字。
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .textblock import BODY_KEYS, TITLE_KEYS

if TYPE_CHECKING:
    from .model import Document

CARRIED_MARK = "【上年原文，改写后删去此标记】"
"""``init --from`` 加在上年每段文字前的标记；校验时逐段警告，印出来也看得见。"""


@dataclass(frozen=True)
class Passage:
    """数据文件中的一个文字标量（可能含多段，每行一段）。"""

    path: tuple[Any, ...]
    part: str
    """所在部分的法定标题，如“总体情况”。"""
    text: str
    title: bool = False
    """是分节标题而不是正文。"""

    def paragraphs(self) -> list[tuple[int, str]]:
        """(行序号, 段落文字)：与 :func:`~gjjgen.document.textblock.paragraphs_of` 的切分一致。"""
        out = []
        for index, line in enumerate(self.text.splitlines()):
            text = line.strip(" \t\u3000")
            if text:
                out.append((index, text))
        return out


def _walk(value: Any, path: tuple[Any, ...], part: str) -> Iterator[Passage]:
    if isinstance(value, str):
        yield Passage(path, part, value)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, index), part)
    elif isinstance(value, dict):
        for key in TITLE_KEYS:
            if isinstance(value.get(key), str):
                yield Passage((*path, key), part, value[key], title=True)
        for key in BODY_KEYS:
            if key in value:
                yield from _walk(value[key], (*path, key), part)


def iter_passages(doc: Document) -> Iterator[Passage]:
    """文档中全部叙述文字（前言、各叙述部分、2019 年以前格式的正文），按文件顺序。"""
    if doc.loaded is None or not isinstance(doc.loaded.data, dict):
        return
    data = doc.loaded.data
    for f in doc.common.document:
        if f.type == "textblock" and f.key in data:
            yield from _walk(data[f.key], (f.key,), f.key)
    for part in doc.spec.parts:
        if part.kind in ("text", "parts") and part.key in data:
            yield from _walk(data[part.key], (part.key,), part.title)


def source_text(path: str | Path) -> str:
    """数据文件的全文，与读入时一样认 BOM、GBK（读入时已报告过编码问题，这里不再报）。"""
    data = Path(path).read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


@lru_cache(maxsize=16)
def _source(path: str, mtime: float) -> tuple[str, tuple[int, ...]]:
    text = source_text(path)
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    return text, tuple(starts)


def position(doc: Document, path: tuple[Any, ...], needle: str, occurrence: int = 0) -> tuple[int, int] | None:
    """``needle`` 在 ``path`` 处文字标量里第 ``occurrence`` 次出现的行列（1 起）；找不到为 None。

    只在标量自身的范围内找（从它的起点起，到下一个兄弟值之前），找不到时调用方退回到
    标量的起点。折叠写法（``>``）中跨行断开的字找不到，属于这种情况。
    """
    loaded = doc.loaded
    if loaded is None or path not in loaded.value_marks or not needle:
        return None
    try:
        source = Path(loaded.path)
        text, starts = _source(str(source), source.stat().st_mtime)
    except OSError:
        return None
    line, col = loaded.value_marks[path]
    if line - 1 >= len(starts):
        return None
    offset = starts[line - 1] + col - 1
    end = _scalar_end(loaded.value_marks, path, starts, len(text))
    found = offset - 1
    for _ in range(occurrence + 1):
        found = text.find(needle, found + 1, end)
        if found < 0:
            return None
    index = max(i for i, start in enumerate(starts) if start <= found)
    return index + 1, found - starts[index] + 1


def _scalar_end(marks: dict[tuple[Any, ...], tuple[int, int]], path: tuple[Any, ...], starts: tuple[int, ...], size: int) -> int:
    """标量之后第一个值的起点（没有则到文件末尾）：搜索不越过它。"""
    here = marks[path]
    later = [m for m in marks.values() if m > here]
    if not later:
        return size
    line, col = min(later)
    return starts[line - 1] + col - 1 if line - 1 < len(starts) else size
