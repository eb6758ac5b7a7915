"""DOCX → 段落与表格。

python-docx 把合并单元格读成重复的格，看不出“横跨两列的 0”与“并排的两个 0”的分别，所以
这里直接读底层元素：``w:gridSpan`` 是横向跨度，``w:vMerge`` 是纵向合并（续格并入上方起始格），
旧版 Word 的 ``w:hMerge`` 也认；``w:gridBefore`` 留出的空位照算。文本框（``w:txbxContent``）
里的段落与表格接在所在段落之后；``mc:Fallback`` 里的副本不重复读。
"""

from __future__ import annotations

import io
import re
from typing import Any

from docx import Document
from docx.oxml.ns import qn

from .extract_html import clean
from .model import Extracted, Grid, SourceCell, SourcePara, SourcePlace

_HEADING_STYLE = re.compile(r"(?:heading|标题)\s*(\d)", re.I)
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _text(el: Any) -> str:
    """段落或单元格的文字（``w:t``、制表符、换行）。"""
    out: list[str] = []
    for node in el.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
        if _in_fallback(node, el):
            continue
        out.append(node.text or "" if node.tag == qn("w:t") else "")
    return "".join(out)


def _in_fallback(node: Any, stop: Any) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == _FALLBACK or parent.tag == qn("w:txbxContent"):
            return True
        parent = parent.getparent()
    return False


def _val(el: Any, path: str, default: str | None = None) -> str | None:
    found = el.find(path)
    if found is None:
        return default
    return found.get(qn("w:val"), "continue" if path.endswith("Merge") else default)


class _DocxReader:
    def __init__(self, styles: dict[str, str]) -> None:
        self.styles = styles
        self.blocks: list[SourcePara | Grid] = []
        self.tables = 0
        self.paragraphs = 0

    def container(self, el: Any) -> None:
        for child in el:
            if child.tag == qn("w:p"):
                self.paragraph(child)
            elif child.tag == qn("w:tbl"):
                self.table(child)
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    self.container(content)

    def paragraph(self, p: Any) -> None:
        self.paragraphs += 1
        text = clean(_text(p))
        if text:
            style = _val(p, f"{qn('w:pPr')}/{qn('w:pStyle')}", "") or ""
            name = self.styles.get(style, style)
            level = _val(p, f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
            found = _HEADING_STYLE.search(name)
            heading = int(found.group(1)) if found else (int(level) + 1 if level and level.isdigit() else 0)
            self.blocks.append(SourcePara(text, SourcePlace(element=f"段落{self.paragraphs}"), heading))
        for box in p.iter(qn("w:txbxContent")):
            if not _in_fallback(box, p):
                self.container(box)

    def table(self, tbl: Any) -> None:
        if tbl.find(f".//{qn('w:tbl')}") is not None:  # 排版用的外框：只读里面的内容
            for tr in tbl.findall(qn("w:tr")):
                for tc in tr.findall(qn("w:tc")):
                    self.container(tc)
            return
        self.tables += 1
        number = self.tables
        cells: list[SourceCell] = []
        above: dict[int, int] = {}  # 列 → 上一行占这一列的单元格下标
        for r, tr in enumerate(tbl.findall(qn("w:tr"))):
            col = int(_val(tr, f"{qn('w:trPr')}/{qn('w:gridBefore')}", "0") or 0)
            current: dict[int, int] = {}
            for tc in tr.findall(qn("w:tc")):
                pr = f"{qn('w:tcPr')}/"
                span = max(1, int(_val(tc, pr + qn("w:gridSpan"), "1") or 1))
                vmerge = _val(tc, pr + qn("w:vMerge"))
                hmerge = _val(tc, pr + qn("w:hMerge"))
                if vmerge == "continue" and col in above:
                    k = above[col]
                    origin = cells[k]
                    cells[k] = SourceCell(origin.row, origin.col, origin.text, origin.place, r - origin.row + 1, origin.colspan)
                    for j in range(col, col + span):
                        current[j] = k
                elif hmerge == "continue" and cells and cells[-1].row == r:
                    last = cells[-1]
                    cells[-1] = SourceCell(last.row, last.col, last.text, last.place, last.rowspan, last.colspan + span)
                    for j in range(col, col + span):
                        current[j] = len(cells) - 1
                else:
                    text = clean("".join(_text(p) for p in tc.iter(qn("w:p"))))
                    place = SourcePlace(table=number, row=r + 1, col=col + 1, element=f"表{number}")
                    cells.append(SourceCell(r, col, text, place, 1, span))
                    for j in range(col, col + span):
                        current[j] = len(cells) - 1
                col += span
            above = current
        self.blocks.append(Grid(cells, SourcePlace(table=number, element=f"表{number}")))


def extract_docx(data: bytes) -> Extracted:
    """DOCX 文件内容 → 段落与表格（正文顺序）。"""
    document = Document(io.BytesIO(data))
    styles = {s.style_id: s.name or "" for s in document.styles}
    reader = _DocxReader(styles)
    reader.container(document.element.body)
    return Extracted("docx", reader.blocks)
