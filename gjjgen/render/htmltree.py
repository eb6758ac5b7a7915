"""把模板输出的 HTML 读成“块”的序列：DOCX 转换器与文本比对共用同一种切分。

为什么单独成模块：DOCX 由 HTML 派生，测试要拿 DOCX 的段落、表格与 HTML 逐一比对。
段落如何切分、空白如何折叠、合并单元格落在网格哪一格，这些规则只写一遍，
``docx`` 模块按它排版，``extract`` 模块按它取文本，两边才可能逐字一致。

只用标准库 ``html.parser``，不依赖浏览器；认识 ``gjjgen.render`` 文档里列出的受限词汇，
其余元素一律当作普通段落或透明容器处理：不抛异常，也不丢文字。
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import groupby

__all__ = [
    "Block",
    "Cell",
    "DraftMark",
    "Node",
    "PageBreak",
    "Para",
    "Placement",
    "Row",
    "Run",
    "Table",
    "TableGrid",
    "layout_blocks",
    "parse_blocks",
    "parse_html",
]

# ---------------------------------------------------------------------------
# 最小 DOM
# ---------------------------------------------------------------------------

VOID_TAGS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
# 这些元素的内容不是正文（脚本、样式、文档头）。
SKIP_TAGS = frozenset(["head", "script", "style", "template", "title", "noscript"])
# 块级元素：遇到它们时，前面累积的行内文字先成段。
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
# 自身就是“一段”的块（内部再出现块时各自成段）。
PARA_TAGS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "dt",
        "dd",
        "caption",
        "figcaption",
        "address",
        "pre",
        "summary",
    ]
)
_CLOSES_P = BLOCK_TAGS - {"td", "th", "tr", "tbody", "thead", "tfoot", "caption"}


@dataclass
class Node:
    """一个 HTML 元素：标签名、属性与子节点（字符串为文本）。"""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> frozenset[str]:
        return frozenset(self.attrs.get("class", "").split())

    def text(self) -> str:
        """所有后代文本（未折叠空白），用于取水印文字等。"""
        parts: list[str] = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag not in SKIP_TAGS:
                parts.append(child.text())
        return "".join(parts)


class _TreeBuilder(HTMLParser):
    """容错的建树器：模板输出本应规整，但手改的 HTML 也不能让转换崩溃。"""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.stack: list[Node] = [self.root]

    def _innermost(self, tags: frozenset[str] | set[str], stop: frozenset[str]) -> int | None:
        """栈中最内层属于 ``tags`` 的元素下标；先遇到 ``stop`` 中的元素则返回 None。"""
        for i in range(len(self.stack) - 1, 0, -1):
            tag = self.stack[i].tag
            if tag in tags:
                return i
            if tag in stop:
                return None
        return None

    def _pop_to(self, index: int | None) -> None:
        if index is not None:
            del self.stack[index:]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        table_scope = frozenset({"table", "td", "th"})
        if tag in _CLOSES_P:
            self._pop_to(self._innermost({"p"}, table_scope))
        if tag in ("td", "th"):
            self._pop_to(self._innermost({"td", "th"}, frozenset({"table", "tr"})))
        elif tag == "tr":
            self._pop_to(self._innermost({"tr"}, frozenset({"table"})))
        elif tag in ("thead", "tbody", "tfoot"):
            self._pop_to(self._innermost({"thead", "tbody", "tfoot"}, frozenset({"table"})))
        elif tag == "li":
            self._pop_to(self._innermost({"li"}, frozenset({"ul", "ol", "table"})))
        elif tag in ("dt", "dd"):
            self._pop_to(self._innermost({"dt", "dd"}, frozenset({"dl", "table"})))
        node = Node(tag, {k.lower(): (v or "") for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID_TAGS:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag.lower() not in VOID_TAGS and self.stack[-1].tag == tag.lower():
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag in VOID_TAGS:
            return
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if data:
            self.stack[-1].children.append(data)


def parse_html(html: str) -> Node:
    """把 HTML 文本解析成 :class:`Node` 树（根节点标签为 ``#root``）。"""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


# ---------------------------------------------------------------------------
# 块模型
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """同一字体的一段文字；``lead`` 为段首随文标题（楷体），``bold`` 为加粗。"""

    text: str
    lead: bool = False
    bold: bool = False


@dataclass
class Para:
    """一个段落。``kind`` 是排版角色（title、h2、body、agency……），由标签与类名决定。"""

    kind: str
    runs: list[Run]
    classes: frozenset[str] = frozenset()

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class PageBreak:
    """``div.page-break``：其后内容另起一页。"""


@dataclass
class DraftMark:
    """``div.draft-mark``：草稿水印，不是正文。"""

    text: str


@dataclass
class Cell:
    """表格单元格：``th``/``td``、类名、跨行跨列与若干段落（每段是若干 Run）。"""

    tag: str
    classes: frozenset[str]
    colspan: int
    rowspan: int  # 0 表示一直跨到所在行组末尾（HTML 规则）
    paragraphs: list[list[Run]]

    @property
    def text(self) -> str:
        return "\n".join("".join(r.text for r in p) for p in self.paragraphs)


@dataclass
class Row:
    """表格行；``group`` 为 thead、tbody 或 tfoot。"""

    group: str
    classes: frozenset[str]
    cells: list[Cell]


@dataclass
class Table:
    """一张表：行（thead 行在前、tfoot 行在后）、``<colgroup>`` 给出的列宽。"""

    classes: frozenset[str]
    rows: list[Row]
    col_widths: list[tuple[float, str] | None]  # (数值, 单位)；None 表示未指定
    group_bounds: list[tuple[int, int]] = field(default_factory=list)  # 行组 [起, 止)

    def grid(self) -> TableGrid:
        return layout_table(self)


Block = Para | PageBreak | DraftMark | Table


@dataclass(frozen=True)
class Placement:
    """一个单元格在网格中的位置与跨度（已按 HTML 表格算法落位并裁剪）。"""

    row: int
    col: int
    rowspan: int
    colspan: int
    cell: Cell


@dataclass
class TableGrid:
    """网格布局结果：列数、每个单元格的落位，以及“网格 → 落位下标”的映射（空位为 -1）。"""

    n_rows: int
    n_cols: int
    placements: list[Placement]
    slots: list[list[int]]

    def text_grid(self) -> list[list[str]]:
        """完整网格文本：合并单元格在其覆盖的每一格重复，空位为空串。"""
        out: list[list[str]] = []
        for r in range(self.n_rows):
            out.append([self.placements[i].cell.text if i >= 0 else "" for i in self.slots[r]])
        return out


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


def _para_kind(node: Node, context: str) -> str:
    """元素对应的排版角色。未列入词汇表的一律是 body（普通段落）。"""
    tag, cls = node.tag, node.classes
    if context == "signature":
        if "agency" in cls:
            return "agency"
        if "date" in cls:
            return "date"
        return "signature"
    if tag == "h1":
        return "title"
    if tag == "h2":
        return "appendix-title" if "appendix-title" in cls else "h2"
    if tag == "h3":
        return "h3"
    if tag == "h4":
        return "h4"
    if tag == "caption":
        return "table-caption"
    if tag == "p":
        for kind in (
            "subtitle",
            "noindent",
            "attachment",
            "table-caption",
            "table-note",
            "footer-line",
        ):
            if kind in cls:
                return kind
    return context if context != "flow" else "body"


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
            self.blocks.append(Para(kind if kind != "flow" else "body", runs))

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
            child_mark = (
                lead or "lead" in child.classes,
                bold or tag in ("b", "strong"),
            )
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
            self.walk_container(node, _para_kind(node, context))
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
        head: list[Row] = []
        body_groups: list[list[Row]] = []
        foot_groups: list[list[Row]] = []
        loose: list[Row] = []  # 直接写在 <table> 下的 <tr>，自成一个隐含的 tbody
        widths: list[tuple[float, str] | None] = []
        captions: list[Node] = []

        def rows_of(group: Node, name: str) -> list[Row]:
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
                    self.blocks.append(Para("body", runs))
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

        rows: list[Row] = []
        bounds: list[tuple[int, int]] = []
        for group in [head, *body_groups, *foot_groups]:
            if group:
                bounds.append((len(rows), len(rows) + len(group)))
                rows.extend(group)
        if rows:
            self.blocks.append(Table(node.classes, rows, widths, bounds))

    def _row(self, tr: Node, group: str) -> Row:
        cells = []
        for td in tr.children:
            if isinstance(td, Node) and td.tag in ("td", "th"):
                cells.append(self._cell(td))
            elif (isinstance(td, Node) and td.tag not in SKIP_TAGS) or (
                isinstance(td, str) and td.strip()
            ):
                # 行里游离的内容：并成一个普通格，不丢文字。
                wrapper = Node("td", {}, [td])
                cells.append(self._cell(wrapper))
        return Row(group, tr.classes, cells)

    def _cell(self, td: Node) -> Cell:
        sub = _BlockWalker()
        sub.walk_container(td, "cell")
        paragraphs: list[list[Run]] = []
        for block in sub.blocks:
            if isinstance(block, Para):
                paragraphs.append(block.runs)
            elif isinstance(block, Table):
                # 嵌套表格：逐行展开成段落，每行各格以空格相隔。
                for row in block.rows:
                    text = " ".join(c.text.replace("\n", " ") for c in row.cells)
                    paragraphs.append([Run(text)])
        if not paragraphs:
            paragraphs = [[]]
        return Cell(
            td.tag,
            td.classes,
            _span(td.attrs.get("colspan"), 1, lo=1, hi=1000),
            _span(td.attrs.get("rowspan"), 1, lo=0, hi=65534),
            paragraphs,
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


def _parse_width(col: Node) -> tuple[float, str] | None:
    """``<col style="width: 12%">`` 或 ``width="12%"`` → (12.0, "%")。"""
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
    return value, (m.group(2) or "px").lower()


def layout_table(table: Table) -> TableGrid:
    """HTML 表格落位算法：逐行把单元格放到第一个空位，``rowspan`` 裁剪到行组末尾。

    与浏览器的差别只在不合法的重叠上：跨列遇到上方跨行占住的格子时在那里截断，
    保证每一格只属于一个单元格（Word 表格不允许重叠）。"""
    n_rows = len(table.rows)
    group_end = [n_rows] * n_rows
    for start, end in table.group_bounds or [(0, n_rows)]:
        for r in range(start, end):
            group_end[r] = end
    occupied: list[dict[int, int]] = [{} for _ in range(n_rows)]
    placements: list[Placement] = []
    n_cols = 0
    for r, row in enumerate(table.rows):
        col = 0
        for cell in row.cells:
            while col in occupied[r]:
                col += 1
            colspan = 1
            while colspan < cell.colspan and (col + colspan) not in occupied[r]:
                colspan += 1
            rowspan = cell.rowspan if cell.rowspan > 0 else group_end[r] - r
            rowspan = max(1, min(rowspan, group_end[r] - r))
            index = len(placements)
            placements.append(Placement(r, col, rowspan, colspan, cell))
            for rr in range(r, r + rowspan):
                for cc in range(col, col + colspan):
                    occupied[rr][cc] = index
            col += colspan
            n_cols = max(n_cols, col)
        if occupied[r]:
            n_cols = max(n_cols, max(occupied[r]) + 1)
    slots = [[occupied[r].get(c, -1) for c in range(n_cols)] for r in range(n_rows)]
    return TableGrid(n_rows, n_cols, placements, slots)


def layout_blocks(root: Node) -> list[Block]:
    """节点树 → 块序列（空段落不出现）。"""
    walker = _BlockWalker()
    walker.walk_container(root, "flow")
    return walker.blocks


def parse_blocks(html: str) -> list[Block]:
    """HTML 文本 → 块序列。"""
    return layout_blocks(parse_html(html))
