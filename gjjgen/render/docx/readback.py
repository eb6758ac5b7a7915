"""读回 DOCX 的段落与表格，形状与 ``gjjgen.render.extract`` 的 HTML 版本相同。"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from ..extract import CellSpan


def _open(data: bytes) -> Any:
    return Document(io.BytesIO(data))


def _tc_text(tc: Any, parent: Any) -> str:
    return "\n".join(Paragraph(p, parent).text for p in tc.findall(qn("w:p")))


def read_docx_text(data: bytes) -> list[str]:
    """正文段落文本，按文档顺序；表格、页眉页脚不计，空段（分页、表间空段）略去。"""
    doc = _open(data)
    out = []
    for child in doc.element.body:
        if child.tag == qn("w:p"):
            text = Paragraph(child, doc).text
            if text:
                out.append(text)
    return out


def _table_cells(tbl: Any, parent: Any) -> tuple[list[list[str]], list[CellSpan]]:
    """一次走完一张表：完整网格（合并格重复）与去重后的单元格清单。

    纵向合并的续格（``w:vMerge`` 无值）取其上方同列起始格；按底层 ``w:tc`` 去重。"""
    grid: list[list[str]] = []
    owner_rows: list[list[int]] = []  # 每格属于哪个单元格（下标）
    spans: list[list[int]] = []  # [row, col, rowspan, colspan]
    texts: list[str] = []
    for r, tr in enumerate(tbl.findall(qn("w:tr"))):
        row_text: list[str] = []
        row_owner: list[int] = []
        trpr = tr.find(qn("w:trPr"))
        before = 0
        if trpr is not None:
            gb = trpr.find(qn("w:gridBefore"))
            if gb is not None:
                before = int(gb.get(qn("w:val"), "0"))
        for _ in range(before):
            spans.append([r, len(row_text), 1, 1])
            texts.append("")
            row_text.append("")
            row_owner.append(len(texts) - 1)
        for tc in tr.findall(qn("w:tc")):
            tcpr = tc.find(qn("w:tcPr"))
            colspan = 1
            vmerge: str | None = None
            if tcpr is not None:
                gs = tcpr.find(qn("w:gridSpan"))
                if gs is not None:
                    colspan = max(1, int(gs.get(qn("w:val"), "1")))
                vm = tcpr.find(qn("w:vMerge"))
                if vm is not None:
                    vmerge = vm.get(qn("w:val"), "continue")
            col = len(row_text)
            owner = -1
            if vmerge == "continue" and r > 0 and col < len(owner_rows[r - 1]):
                owner = owner_rows[r - 1][col]
                spans[owner][2] = r - spans[owner][0] + 1
            if owner < 0:
                owner = len(texts)
                spans.append([r, col, 1, colspan])
                texts.append(_tc_text(tc, parent))
            for _ in range(colspan):
                row_text.append(texts[owner])
                row_owner.append(owner)
        grid.append(row_text)
        owner_rows.append(row_owner)
    width = max((len(row) for row in grid), default=0)
    for row in grid:
        row.extend([""] * (width - len(row)))
    cells = sorted((a, b, c, d, texts[i]) for i, (a, b, c, d) in enumerate(spans))
    return grid, cells


def read_docx_tables(data: bytes) -> list[list[list[str]]]:
    """每张（正文顶层）表的完整网格：合并单元格的文字在其覆盖的每一格重复。"""
    doc = _open(data)
    return [_table_cells(t, doc)[0] for t in doc.element.body.findall(qn("w:tbl"))]


def read_docx_cells(data: bytes) -> list[list[CellSpan]]:
    """每张表的单元格及跨度 ``(行, 列, 跨行, 跨列, 文字)``，每个合并单元格只列一次。"""
    doc = _open(data)
    return [_table_cells(t, doc)[1] for t in doc.element.body.findall(qn("w:tbl"))]
