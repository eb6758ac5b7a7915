"""网页（含 Word 另存的网页、MHT 里的网页）→ 段落与表格。用 lxml 解析，容得下不规范的写法。

- 表格按 ``rowspan``/``colspan`` 排成网格，合并格记左上角与跨度；格里的 ``<p>``、``<br>``
  （表头断行）直接接起来，``&nbsp;`` 当空白；
- 套着表格的表格是网页的排版框，不是数据表：只取里面的内容；
- ``<br>`` 分开的行、``<p>``、``<div>``、``<li>`` 各成一段，``h1``–``h6`` 记下标题级别。
"""

from __future__ import annotations

import email
import re
from email import policy

import lxml.html
from lxml import etree

from .model import Extracted, Grid, SourceCell, SourcePara, SourcePlace

SKIP = frozenset({"head", "script", "style", "title", "noscript", "template", "select", "button", "iframe"})
BLOCK = frozenset(
    {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "body",
     "header", "footer", "nav", "aside", "blockquote", "center", "dd", "dt", "dl", "form", "pre", "address",
     "main", "figure", "figcaption", "caption", "hr"}
)
_SPACE = re.compile(r"[\s\u00a0\u200b\ufeff]+")


def clean(text: str) -> str:
    """折叠空白：中文之间的换行、不换行空格都不是内容。"""
    return _SPACE.sub(" ", text).strip()


def mht_html(data: bytes) -> str | None:
    """MHT（单个文件网页）里的 HTML 部分；找不到时返回 None。"""
    message = email.message_from_bytes(data, policy=policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            return str(part.get_content())
    return None


class _Walker:
    def __init__(self, tree: etree._ElementTree) -> None:
        self.tree = tree
        self.blocks: list[SourcePara | Grid] = []
        self.buffer: list[str] = []
        self.buffer_el: etree._Element | None = None
        self.tables = 0

    def flush(self, heading: int = 0) -> None:
        text = clean("".join(self.buffer))
        if text and self.buffer_el is not None:
            self.blocks.append(SourcePara(text, SourcePlace(element=self.tree.getpath(self.buffer_el)), heading))
        self.buffer.clear()
        self.buffer_el = None

    def add(self, text: str | None, el: etree._Element) -> None:
        if text:
            if self.buffer_el is None:
                self.buffer_el = el
            self.buffer.append(text)

    def walk(self, el: etree._Element) -> None:
        if not isinstance(el.tag, str):  # 注释、处理指令：只有尾随文字是内容
            self.add(el.tail, el.getparent())
            return
        tag = el.tag.rsplit("}", 1)[-1].lower()
        if tag in SKIP:
            self.add(el.tail, el.getparent())
            return
        if tag == "table" and not el.xpath(".//table"):
            self.flush()
            self.blocks.append(self.table(el))
            self.add(el.tail, el.getparent())
            return
        level = int(tag[1]) if re.fullmatch(r"h[1-6]", tag) else 0
        block = tag in BLOCK or tag in ("table", "tr", "td", "th")
        if block:
            self.flush()
        if tag == "br":
            self.flush()
        else:
            self.add(el.text, el)
            for child in el:
                self.walk(child)
        if block:
            self.flush(level)
        self.add(el.tail, el.getparent())

    def table(self, el: etree._Element) -> Grid:
        self.tables += 1
        number = self.tables
        taken: set[tuple[int, int]] = set()
        cells: list[SourceCell] = []
        for r, tr in enumerate(el.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")):
            c = 0
            for td in tr.xpath("./td|./th"):
                while (r, c) in taken:
                    c += 1
                rowspan = _span(td.get("rowspan"))
                colspan = _span(td.get("colspan"))
                text = clean("".join(_cell_text(td)))
                place = SourcePlace(table=number, row=r + 1, col=c + 1, element=self.tree.getpath(td))
                cells.append(SourceCell(r, c, text, place, rowspan, colspan))
                for i in range(r, r + rowspan):
                    for j in range(c, c + colspan):
                        taken.add((i, j))
                c += colspan
        return Grid(cells, SourcePlace(table=number, element=self.tree.getpath(el)))


def _cell_text(td: etree._Element) -> list[str]:
    """格里的文字：段落、``<br>`` 断开的表头直接接起来（“本年新<br>制作数量”就是“本年新制作数量”）。"""
    out: list[str] = []
    for piece in td.itertext():
        out.append(piece.replace("\n", "").replace("\r", ""))
    return out


def _span(value: str | None) -> int:
    try:
        return min(max(int(str(value).strip()), 1), 200)
    except (TypeError, ValueError):
        return 1


def extract_html(text: str, kind: str = "html") -> Extracted:
    """网页全文 → 段落与表格。"""
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    root = lxml.html.document_fromstring(text or "<html></html>")
    body = root.find("body")
    walker = _Walker(root.getroottree())
    walker.walk(body if body is not None else root)
    walker.flush()
    return Extracted(kind, walker.blocks)
