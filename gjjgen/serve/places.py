"""把报告 HTML 里的元素对应到数据文件的路径，给预览加上 ``data-gj`` 标记。

为什么在这里做、而不在模板里：发布的 HTML 必须与 ``gjjgen render`` 写出的逐字节相同，
覆盖模板也不必知道预览的存在。所以预览拿到的是同一份 HTML，这里只在元素的开始标签里
插入 ``data-gj="编号"``，其余每个字节（包括书记员文字的转义）原样保留。

怎样对上：

- 统计表：HTML 里第 i 张 ``table.stat`` 就是报告模型里第 i 张表的网格（正文各部分的表在前，
  附件表在后），格按行、按列的顺序一一对应；网格的数据格记着它在数据文件里的路径。
  数目或文字对不上（覆盖模板改写了表）时这张表不加标记，问题仍列在面板里。
- 叙述：数据文件里的每一段（前言、各叙述部分、分节标题）按出现顺序与 HTML 的段落、标题
  比文字，找到的段落记下路径与所在行。
- 各部分的标题（``h2``）对应部分的键，没写的部分的问题标在它的标题上；标题与落款对应元数据。
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..checks.references import resolve_text
from ..document.model import Document
from ..document.passages import iter_passages, position
from ..document.textblock import strip_number
from ..report.layout import TableGrid
from ..report.model import Report

TEXT_TAGS = ("p", "h1", "h2", "h3", "h4")
CELL_TAGS = ("td", "th")
_SPACE = re.compile(r"\s+")


@dataclass
class Element:
    """HTML 里的一个元素：开始标签结束处（插入属性的位置）、标签、类名与文字。"""

    tag: str
    insert_at: int
    classes: tuple[str, ...]
    text: str = ""
    table: int = -1
    """所在的统计表序号（表格的格）；不在表里为 -1。"""


@dataclass(frozen=True)
class Place:
    """预览里的一处：标记编号、对应的数据路径、在数据文件中的行（段落才有）。"""

    hook: str
    path: tuple[Any, ...]
    line: int = 0
    computed: bool = False


@dataclass
class Annotated:
    """加了标记的 HTML 与各处的对应关系。"""

    html: str
    places: list[Place] = field(default_factory=list)


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>|<!--.*?-->", re.DOTALL)
_CLASS = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_SKIP = {"style": re.compile(r"</style\s*>", re.IGNORECASE), "script": re.compile(r"</script\s*>", re.IGNORECASE)}


def scan(source: str) -> list[Element]:
    """找出段落、标题、统计表的格，记下开始标签的结束位置与元素里的文字。

    HTML 是模板生成的（属性值都加了引号、转义过），用一个标签的正则扫一遍即可，比通用的
    HTML 解析器快得多——每次保存都要扫一遍。``<style>`` 里的内容跳过。
    """
    elements: list[Element] = []
    opened: list[Element] = []
    tables, in_stat, at = -1, False, 0
    while (match := _TAG.search(source, at)) is not None:
        if opened and match.start() > at:
            data = html.unescape(source[at : match.start()])
            for element in opened:
                element.text += data
        at = match.end()
        closing, tag = match.group(1), (match.group(2) or "").lower()
        if not tag:
            continue  # 注释
        if closing:
            in_stat = in_stat and tag != "table"
            if opened and opened[-1].tag == tag:
                opened.pop()
            continue
        if tag in _SKIP:
            end = _SKIP[tag].search(source, at)
            at = end.end() if end else len(source)
            continue
        found = _CLASS.search(match.group(3) or "")
        classes = tuple(next((g for g in found.groups() if g is not None), "").split()) if found else ()
        if tag == "table":
            in_stat = "stat" in classes
            tables += in_stat
        if tag in TEXT_TAGS or (tag in CELL_TAGS and in_stat):
            insert_at = match.end() - (2 if match.group(0).endswith("/>") else 1)
            element = Element(tag, insert_at, classes, table=tables if tag in CELL_TAGS else -1)
            elements.append(element)
            opened.append(element)
    return elements


def _squash(text: str) -> str:
    return _SPACE.sub("", text)


def _grids(report: Report) -> list[TableGrid]:
    """报告模型里的统计表，按模板印出的顺序：正文各部分的在前，附件的在后。"""
    grids = [b.grid for part in report.parts for b in part.blocks if b.kind == "table"]
    return grids + [a.table for a in report.appendices]


def _table_places(elements: list[Element], report: Report) -> Iterator[tuple[Element, tuple[Any, ...], bool]]:
    grids = _grids(report)
    for index, grid in enumerate(grids):
        cells = [e for e in elements if e.table == index]
        model = [c for row in grid.rows for c in row.cells]
        if len(cells) != len(model) or any(_squash(e.text) != _squash(c.text) for e, c in zip(cells, model, strict=True)):
            continue  # 覆盖模板改写了这张表：不标
        for element, cell in zip(cells, model, strict=True):
            if cell.source is not None:
                yield element, tuple(cell.source), cell.computed


def _passages(doc: Document) -> Iterator[tuple[tuple[Any, ...], int, str]]:
    """数据文件里的每一段：(路径, 所在行, 印出来的文字)，按文件顺序。"""
    loaded = doc.loaded
    for passage in iter_passages(doc):
        start = loaded.mark(passage.path)[0] if loaded is not None else 0
        for _index, text in passage.paragraphs():
            shown = strip_number(text) if passage.title else resolve_text(doc, text)
            at = position(doc, passage.path, text[:16])
            yield passage.path, at[0] if at else start, _squash(shown)


def _text_places(elements: list[Element], doc: Document, report: Report) -> Iterator[tuple[Element, tuple[Any, ...], int]]:
    texts = [e for e in elements if e.tag in TEXT_TAGS]
    headings = {part.heading: part.key for part in report.parts}
    meta = doc.common.metadata_key
    for element in texts:
        if element.tag == "h2" and element.text in headings:
            yield element, (headings[element.text],), 0
        elif element.tag == "h1" or "agency" in element.classes:
            yield element, (meta, "机关名称"), 0
        elif "date" in element.classes:
            yield element, (meta, "发布日期"), 0
    cursor = 0
    for path, line, shown in _passages(doc):
        if not shown:
            continue
        for index in range(cursor, len(texts)):
            if shown in _squash(texts[index].text):
                cursor = index  # 随文标题与第一段在同一个 <p> 里：下一段仍从这里找起
                yield texts[index], path, line
                break


def annotate(page: str, doc: Document, report: Report) -> Annotated:
    """给 HTML 中能对应到数据文件的元素加上 ``data-gj``；其余字节不变。"""
    elements = scan(page)
    hooks: dict[int, str] = {}
    computed: set[int] = set()
    result = Annotated(page)

    def hook_of(element: Element) -> str:
        key = id(element)
        if key not in hooks:
            hooks[key] = f"g{len(hooks) + 1}"
        return hooks[key]

    for element, path, is_computed in _table_places(elements, report):
        result.places.append(Place(hook_of(element), path, 0, is_computed))
        if is_computed:
            computed.add(id(element))
    for element, path, line in _text_places(elements, doc, report):
        result.places.append(Place(hook_of(element), path, line))
    by_offset = sorted((e.insert_at, e) for e in elements if id(e) in hooks)
    pieces, last = [], 0
    for offset, element in by_offset:
        extra = ' data-gj-computed=""' if id(element) in computed else ""
        pieces += [page[last:offset], f' data-gj="{hooks[id(element)]}"{extra}']
        last = offset
    pieces.append(page[last:])
    result.html = "".join(pieces)
    return result


def _exact(places: list[Place], path: tuple[Any, ...], line: int) -> list[Place]:
    """路径完全相同的元素；同一段文字标量有多段时，取问题所在行的那一段。"""
    exact = [p for p in places if p.path == path]
    if len(exact) > 1 and any(p.line for p in exact):
        lines = sorted(p.line for p in exact)
        best = lines[max(0, bisect.bisect_right(lines, line) - 1)]
        exact = [p for p in exact if p.line == best]
    return exact


def _nearby(places: list[Place], path: tuple[Any, ...]) -> list[Place]:
    """没有完全对上时：取其下各格（一整行）；再没有就逐级往上找（没写的部分标在它的标题上）。"""
    below = [p for p in places if len(path) >= 2 and p.path[: len(path)] == path]
    probe = path
    while not below and len(probe) > 1:
        probe = probe[:-1]
        below = [p for p in places if p.path == probe]
    return below


def hooks_for(places: list[Place], paths: tuple[tuple[Any, ...], ...], line: int) -> list[str]:
    """一条问题在预览中的各处。``paths`` 的第一条是定位用的路径，其余是牵涉的格（勾稽关系的
    两侧、一行里未填的那几格）：牵涉的格对得上时只标它们与完全对上的元素，不再扩大到整行。"""
    found = [p for path in paths for p in _exact(places, path, line)]
    if not found and paths:
        found = _nearby(places, paths[0])
    return list(dict.fromkeys(p.hook for p in found))
