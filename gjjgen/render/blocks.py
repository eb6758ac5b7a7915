"""把模板输出的 HTML 读成 :mod:`gjjgen.render.model` 的块：DOCX 写入器与文本比对共用同一种切分。

为什么单独成模块：DOCX 由 HTML 派生，测试要拿 DOCX 的段落、表格与 HTML 逐一比对。
段落如何切分、空白如何折叠、合并单元格落在网格哪一格，这些规则只写一遍。元素与类名
在这里、也只在这里按 :mod:`gjjgen.render.vocabulary` 换成类型化的事实（段落角色、单元格
层级与对齐、行是否与下一行同页、列宽的数值），渲染器不再看类名。

词汇以外的元素一律当作普通段落或透明容器处理：不抛异常，也不丢文字（模板的输出在
:mod:`gjjgen.render.htmlcheck` 里已经核对过，这里宽容是为了手写的 HTML）。
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from itertools import groupby
from typing import Literal, cast

from .htmltree import BLOCK_TAGS, PARA_TAGS, SKIP_TAGS, Node, parse_html
from .model import (
    Block,
    DraftMark,
    Length,
    LengthUnit,
    PageBreak,
    Para,
    RenderCell,
    RenderRow,
    RenderTable,
    Run,
)
from .vocabulary import (
    ROLE,
    ROW_ROLES,
    cell_align,
    cell_level,
    cell_scale,
    inline_roles,
    paragraph_role,
)

__all__ = ["layout_blocks", "parse_blocks"]

# ---------------------------------------------------------------------------
# 空白折叠（CSS white-space: normal）
# ---------------------------------------------------------------------------

_WS_RE = re.compile(r"[ \t\n\r\f]+")
# XML 1.0 不允许的字符：写进 DOCX 会失败，两边都去掉。
_XML_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_HARD_BREAK = "\n"  # <br>
_SPACE = " "
_SEGMENT = "\x00"  # 源码中的换行（折叠时临时记号）


def _is_wide(ch: str) -> bool:
    """东亚全角/宽字符（不含韩文）：两个这样的字符之间的源码换行不产生空格。"""
    if not ch or ch in (_SPACE, _SEGMENT, _HARD_BREAK):
        return False
    if "\uac00" <= ch <= "\ud7af" or "\u1100" <= ch <= "\u11ff":
        return False
    return unicodedata.east_asian_width(ch) in ("F", "W", "H")


def _collapse(chars: list[tuple[str, tuple[bool, bool]]]) -> list[Run]:
    """按 CSS 规则折叠空白：连续空白成一个空格，段首段尾与换行两侧的空白去掉，
    两个汉字之间的源码换行整个去掉（CSS Text 3 的分段符规则）。"""
    out: list[tuple[str, tuple[bool, bool]]] = []
    i = 0
    n = len(chars)
    while i < n:
        ch, mark = chars[i]
        if ch in (_SPACE, _SEGMENT):
            j = i
            has_segment = False
            while j < n and chars[j][0] in (_SPACE, _SEGMENT):
                has_segment = has_segment or chars[j][0] == _SEGMENT
                j += 1
            before = out[-1][0] if out else ""
            after = chars[j][0] if j < n else ""
            drop = (
                not out
                or before == _HARD_BREAK
                or j >= n
                or after == _HARD_BREAK
                or (has_segment and _is_wide(before) and _is_wide(after))
            )
            if not drop:
                out.append((_SPACE, mark))
            i = j
            continue
        out.append((ch, mark))
        i += 1
    return [
        Run("".join(ch for ch, _ in group), lead, bold)
        for (lead, bold), group in groupby(out, key=lambda item: item[1])
    ]


def _explode(text: str, mark: tuple[bool, bool]) -> Iterator[tuple[str, tuple[bool, bool]]]:
    text = _XML_ILLEGAL_RE.sub("", text)
    pos = 0
    for m in _WS_RE.finditer(text):
        for ch in text[pos : m.start()]:
            yield ch, mark
        ws = m.group()
        yield (_SEGMENT if ("\n" in ws or "\r" in ws) else _SPACE), mark
        pos = m.end()
    for ch in text[pos:]:
        yield ch, mark



# ---------------------------------------------------------------------------
# 树 → 块
# ---------------------------------------------------------------------------


class _BlockWalker:
    """把节点树走成块序列。行内内容累积在缓冲区，遇到块级元素时成段。"""

    def __init__(self) -> None:
        self.blocks: list[Block] = []

    def walk_container(self, node: Node, kind: str) -> None:
        """走一个容器：其中的行内内容成 ``kind`` 段，块级子元素各自处理。"""
        buffer: list[tuple[str, tuple[bool, bool]]] = []
        self._walk_children(node, kind, buffer, (False, False))
        self._flush(buffer, kind)

    def _flush(self, buffer: list[tuple[str, tuple[bool, bool]]], kind: str) -> None:
        if not buffer:
            return
        runs = _collapse(buffer)
        buffer.clear()
        if any(r.text.strip() for r in runs):
            self.blocks.append(Para(ROLE.get(kind, ROLE["body"]), runs))

    def _walk_children(
        self,
        node: Node,
        kind: str,
        buffer: list[tuple[str, tuple[bool, bool]]],
        mark: tuple[bool, bool],
    ) -> None:
        for child in node.children:
            if isinstance(child, str):
                buffer.extend(_explode(child, mark))
                continue
            tag = child.tag
            if tag in SKIP_TAGS:
                continue
            if tag == "br":
                buffer.append((_HARD_BREAK, mark))
                continue
            if tag in BLOCK_TAGS:
                self._flush(buffer, kind)
                self._block(child, kind)
                continue
            lead, bold = mark
            roles = inline_roles(tag, child.classes)
            child_mark = (lead or "lead" in roles, bold or "bold" in roles)
            self._walk_children(child, kind, buffer, child_mark)

    def _block(self, node: Node, outer: str) -> None:
        tag, cls = node.tag, node.classes
        context = "signature" if outer in ("signature", "agency", "date") else "flow"
        if tag == "table":
            self._table(node)
            return
        if tag == "div" and "page-break" in cls:
            self.blocks.append(PageBreak())
            self.walk_container(node, "body")
            return
        if tag == "div" and "draft-mark" in cls:
            text = _WS_RE.sub(" ", node.text()).strip()
            self.blocks.append(DraftMark(text or "草稿"))
            return
        if tag == "div" and "signature" in cls:
            self.walk_container(node, "signature")
            return
        if tag in PARA_TAGS:
            self.walk_container(node, paragraph_role(tag, cls, context == "signature").name)
            return
        if tag in ("tr", "td", "th", "thead", "tbody", "tfoot"):
            # 游离在表格外的表格部件：内容按普通段落处理。
            self.walk_container(node, "body")
            return
        # 其他容器（div、section、ul……）：透明，行内内容成普通段落（署名块内则仍是署名）。
        self.walk_container(node, "signature" if context == "signature" else "flow")

    # -- 表格 -------------------------------------------------------------

    def _table(self, node: Node) -> None:
        # HTML 的显示顺序：第一个 thead 在最前，tfoot 在最后，其余行组按源码顺序。
        head: list[RenderRow] = []
        body_groups: list[list[RenderRow]] = []
        foot_groups: list[list[RenderRow]] = []
        loose: list[RenderRow] = []  # 直接写在 <table> 下的 <tr>，自成一个隐含的 tbody
        widths: list[Length | None] = []
        captions: list[Node] = []

        def rows_of(group: Node, name: Literal["thead", "tbody", "tfoot"]) -> list[RenderRow]:
            return [
                self._row(tr, name)
                for tr in group.children
                if isinstance(tr, Node) and tr.tag == "tr"
            ]

        def end_loose() -> None:
            if loose:
                body_groups.append(list(loose))
                loose.clear()

        for child in node.children:
            if isinstance(child, str):
                if child.strip():
                    # 表格里游离的文字：单独成段，不丢。
                    runs = _collapse(list(_explode(child, (False, False))))
                    self.blocks.append(Para(ROLE["body"], runs))
                continue
            tag = child.tag
            if tag == "caption":
                captions.append(child)
            elif tag == "colgroup":
                cols = [c for c in child.children if isinstance(c, Node) and c.tag == "col"]
                if not cols:
                    widths.extend([_parse_width(child)] * _span(child.attrs.get("span"), 1))
                for col in cols:
                    widths.extend([_parse_width(col)] * _span(col.attrs.get("span"), 1))
            elif tag == "col":
                widths.extend([_parse_width(child)] * _span(child.attrs.get("span"), 1))
            elif tag == "thead" and not head:
                head = rows_of(child, "thead")
            elif tag == "tfoot":
                end_loose()
                foot_groups.append(rows_of(child, "tfoot"))
            elif tag in ("thead", "tbody"):
                end_loose()
                body_groups.append(rows_of(child, "tbody"))
            elif tag == "tr":
                loose.append(self._row(child, "tbody"))
            elif tag in SKIP_TAGS:
                continue
            elif tag in BLOCK_TAGS:
                # 不合法但可能出现的表内块：当作表外段落。
                self._block(child, "flow")
            else:
                self.walk_container(child, "body")
        end_loose()

        for cap in captions:
            self.walk_container(cap, "table-caption")

        rows: list[RenderRow] = []
        bounds: list[tuple[int, int]] = []
        for group in [head, *body_groups, *foot_groups]:
            if group:
                bounds.append((len(rows), len(rows) + len(group)))
                rows.extend(group)
        if rows:
            self.blocks.append(RenderTable(rows, widths, bounds))

    def _row(self, tr: Node, group: Literal["thead", "tbody", "tfoot"]) -> RenderRow:
        cells = []
        for td in tr.children:
            if isinstance(td, Node) and td.tag in ("td", "th"):
                cells.append(self._cell(td, group))
            elif (isinstance(td, Node) and td.tag not in SKIP_TAGS) or (
                isinstance(td, str) and td.strip()
            ):
                # 行里游离的内容：并成一个普通格，不丢文字。
                wrapper = Node("td", {}, [td])
                cells.append(self._cell(wrapper, group))
        keep = any(r.keep_with_next and r.marker in tr.classes for r in ROW_ROLES)
        return RenderRow(group, cells, keep_with_next=keep)

    def _cell(self, td: Node, group: str) -> RenderCell:
        sub = _BlockWalker()
        sub.walk_container(td, "cell")
        paragraphs: list[list[Run]] = []
        for block in sub.blocks:
            if isinstance(block, Para):
                paragraphs.append(block.runs)
            elif isinstance(block, RenderTable):
                # 嵌套表格：逐行展开成段落，每行各格以空格相隔。
                for row in block.rows:
                    text = " ".join(c.text.replace("\n", " ") for c in row.cells)
                    paragraphs.append([Run(text)])
        if not paragraphs:
            paragraphs = [[]]
        tag: Literal["th", "td"] = "th" if td.tag == "th" else "td"
        return RenderCell(
            tag,
            _span(td.attrs.get("colspan"), 1, lo=1, hi=1000),
            _span(td.attrs.get("rowspan"), 1, lo=0, hi=65534),
            paragraphs,
            level=cell_level(td.classes),
            align=cell_align(tag, td.classes, in_head=group == "thead"),
            scale=cell_scale(td.classes),
        )


def _span(value: str | None, default: int, *, lo: int = 1, hi: int = 1000) -> int:
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    if n < lo:
        return default
    return min(n, hi)


_WIDTH_RE = re.compile(r"width\s*:\s*([0-9.]+)\s*(%|px|pt|mm|cm|in|em)?", re.I)
_ATTR_WIDTH_RE = re.compile(r"^\s*([0-9.]+)\s*(%|px|pt|mm|cm|in)?\s*$", re.I)


def _parse_width(col: Node) -> Length | None:
    """``<col style="width: 12%">`` 或 ``width="12%"`` → ``Length(12.0, "%")``。"""
    m = _WIDTH_RE.search(col.attrs.get("style", "")) or _ATTR_WIDTH_RE.match(
        col.attrs.get("width", "")
    )
    if not m:
        return None
    try:
        value = float(m.group(1))
    except ValueError:
        return None
    if value <= 0:
        return None
    return Length(value, cast(LengthUnit, (m.group(2) or "px").lower()))


def layout_blocks(root: Node) -> list[Block]:
    """节点树 → 块序列（空段落不出现）。"""
    walker = _BlockWalker()
    walker.walk_container(root, "flow")
    return walker.blocks


def parse_blocks(html: str) -> list[Block]:
    """HTML 文本 → 块序列。"""
    return layout_blocks(parse_html(html))
