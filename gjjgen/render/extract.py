"""从 HTML 取出段落文本与表格网格，供与 DOCX（``docx.read_docx_*``）逐一比对。

为什么要有：DOCX 由 HTML 派生，“模板改一处，三种格式一样变”要靠比对来证明。
每种格式各一个取数函数，返回同样的形状：

- ``read_html_text``：正文段落文本，按出现顺序，不含表格单元格、不含草稿水印；
  ``<br>`` 记作 ``"\\n"``，空白按浏览器规则折叠。
- ``read_html_tables``：每张表一个完整网格（行 × 列），``colspan``/``rowspan``
  展开，合并单元格的文字在其覆盖的每一格重复，格内多段以 ``"\\n"`` 相连。
- ``read_html_cells``：每张表的合并单元格清单 ``(行, 列, 跨行, 跨列, 文字)``，
  每个单元格只出现一次，用来核对合并方式完全一致。
"""

from __future__ import annotations

from gjjgen.render.blocks import parse_blocks
from gjjgen.render.model import Para, RenderTable

__all__ = ["CellSpan", "read_html_cells", "read_html_tables", "read_html_text"]

CellSpan = tuple[int, int, int, int, str]


def read_html_text(html: str) -> list[str]:
    """正文段落文本（表格外），顺序与 DOCX 正文一致。"""
    return [b.text for b in parse_blocks(html) if isinstance(b, Para)]


def read_html_tables(html: str) -> list[list[list[str]]]:
    """每张表的完整单元格网格（合并格重复、空位为空串）。"""
    return [b.grid().text_grid() for b in parse_blocks(html) if isinstance(b, RenderTable)]


def read_html_cells(html: str) -> list[list[CellSpan]]:
    """每张表的单元格及其跨度，按行、列排序，每个合并单元格只列一次。"""
    out: list[list[CellSpan]] = []
    for block in parse_blocks(html):
        if isinstance(block, RenderTable):
            grid = block.grid()
            spans = [(p.row, p.col, p.rowspan, p.colspan, p.cell.text) for p in grid.placements]
            # 行里缺格的空位在 DOCX 里是单独的空格子，这里也逐格列出。
            spans += [
                (r, c, 1, 1, "")
                for r, row in enumerate(grid.slots)
                for c, index in enumerate(row)
                if index < 0
            ]
            out.append(sorted(spans))
    return out
