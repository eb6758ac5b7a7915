"""表格：整张表拼成 XML 一次解析；合并先定好再写字，不逐格调用 python-docx。

行不跨页拆分（``w:cantSplit``）；表头行每页重复（``w:tblHeader``）。表头行与要“与下一行同页”
的行（节标题、节表头）的每一格段落都写“与下段同页”：表前的标题（本身与下段同页）就带着
表头与第一行数据一起换页，不会只剩标题与一行表头孤零零地留在页脚。"""

from __future__ import annotations

from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from ..model import Length, RenderCell, RenderTable
from .runs import runs_xml
from .settings import DocxSettings, pt_to_twips

_UNIT_TO_PT = {"pt": 1.0, "px": 0.75, "mm": 72 / 25.4, "cm": 720 / 25.4, "in": 72.0}


def _column_twips(
    specs: list[Length | None], n_cols: int, total: int, em_pt: float
) -> list[int]:
    """``<colgroup>`` 宽度 → 每列缇数，总和恰为版心宽度。百分比按比例，缺省的列均分余量。"""
    specs = (list(specs) + [None] * n_cols)[:n_cols]
    total_pt = total / 20
    percents: list[float | None] = []
    for spec in specs:
        if spec is None:
            percents.append(None)
            continue
        value, unit = spec.value, spec.unit
        if unit == "%":
            percents.append(value)
        elif unit == "em":
            percents.append(value * em_pt / total_pt * 100)
        else:
            percents.append(value * _UNIT_TO_PT.get(unit, 0.75) / total_pt * 100)
    known = [p for p in percents if p is not None]
    missing = len(percents) - len(known)
    if missing:
        remaining = 100.0 - sum(known)
        if remaining > missing:
            fill = remaining / missing
        else:
            fill = sum(known) / len(known) if known else 100.0 / n_cols
        percents = [fill if p is None else p for p in percents]
    values = [float(p) for p in percents if p is not None]
    scale = sum(values) or 1.0
    exact = [v / scale * total for v in values]
    widths = [int(x) for x in exact]
    # 最大余数法补足，保证总宽不差一缇。
    order = sorted(range(n_cols), key=lambda i: (-(exact[i] - widths[i]), i))
    for i in order[: total - sum(widths)]:
        widths[i] += 1
    return widths


_CELL_STYLE = '<w:pStyle w:val="TableText"/>'
_KEEP_NEXT = "<w:keepNext/>"


def _cell_ppr_xml(cell: RenderCell, keep_next: bool, s: DocxSettings) -> str:
    """单元格段落：靠左的格（行标签、节标题）按层级左缩进；其余居中（样式默认）。"""
    keep = _KEEP_NEXT if keep_next else ""
    if cell.align == "left":
        indent = pt_to_twips(cell.level * s.level_indent_chars * s.table_size)
        ind = f'<w:ind w:left="{indent}"/>' if indent else ""
        return f'<w:pPr>{_CELL_STYLE}{keep}{ind}<w:jc w:val="left"/></w:pPr>'
    return f"<w:pPr>{_CELL_STYLE}{keep}</w:pPr>"


def _tc_xml(width: int, colspan: int, vmerge: str | None, content: str) -> str:
    span = f'<w:gridSpan w:val="{colspan}"/>' if colspan > 1 else ""
    merge = {"restart": '<w:vMerge w:val="restart"/>', "continue": "<w:vMerge/>"}.get(
        vmerge or "", ""
    )
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{merge}'
        f'<w:vAlign w:val="center"/></w:tcPr>{content}</w:tc>'
    )


def _empty_cell_p(keep_next: bool) -> str:
    """空格子（缺格、纵向合并的续格）里的空段落；要与下一行同页的行里也写“与下段同页”，
    一行的每个段落都带它，Word 与 LibreOffice 才把整行当作与下一行同页。"""
    return f"<w:p><w:pPr>{_CELL_STYLE}{_KEEP_NEXT if keep_next else ''}</w:pPr></w:p>"
_BORDER = 'w:val="single" w:sz="4" w:space="0" w:color="000000"'


def build_table(table: RenderTable, s: DocxSettings) -> Any:
    grid = table.grid()
    if grid.n_cols == 0 or grid.n_rows == 0:
        return None
    total = s.text_width_twips
    widths = _column_twips(table.col_widths, grid.n_cols, total, s.table_size)
    borders = "".join(
        f"<w:{side} {_BORDER}/>"
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    out = [
        f"<w:tbl {nsdecls('w')}><w:tblPr>",
        f'<w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/>',
        f"<w:tblBorders>{borders}</w:tblBorders>",
        '<w:tblLayout w:type="fixed"/>',
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>'
        "</w:tblCellMar>",
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0"'
        ' w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>',
        "</w:tblPr><w:tblGrid>",
        *(f'<w:gridCol w:w="{width}"/>' for width in widths),
        "</w:tblGrid>",
    ]
    for r in range(grid.n_rows):
        row = table.rows[r]
        header = "<w:tblHeader/>" if row.header else ""
        keep_next = row.header or row.keep_with_next
        out.append(f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>")
        c = 0
        slots = grid.slots[r]
        while c < grid.n_cols:
            index = slots[c]
            if index < 0:
                # 行里缺格：补一个空格子，表格才是规整的网格。
                out.append(_tc_xml(widths[c], 1, None, _empty_cell_p(keep_next)))
                c += 1
                continue
            pl = grid.placements[index]
            width = sum(widths[pl.col : pl.col + pl.colspan])
            if pl.row == r:
                ppr = _cell_ppr_xml(pl.cell, keep_next, s)
                size = s.table_size * pl.cell.scale if pl.cell.scale != 1.0 else None
                content = "".join(
                    f"<w:p>{ppr}{runs_xml(runs, s, size)}</w:p>" for runs in pl.cell.paragraphs
                )
                vmerge = "restart" if pl.rowspan > 1 else None
                out.append(_tc_xml(width, pl.colspan, vmerge, content))
            else:
                out.append(_tc_xml(width, pl.colspan, "continue", _empty_cell_p(keep_next)))
            c += pl.colspan
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return parse_xml("".join(out))
