"""交给渲染器的类型化结构：块（段落、分页、草稿水印、表格）、文字段、带跨度的表格网格。

为什么有这一层：模板输出的 HTML 是省份、中心覆盖模板编辑的对象，三种格式都从它来；
但 DOCX 写入器不该再去认类名、拆 ``"8.00%"`` 这样的文字。HTML 只在一处
（:mod:`gjjgen.render.blocks`）按受限词汇（:mod:`gjjgen.render.vocabulary`）读成这里的结构：
段落带角色，单元格带层级与对齐，行带“与下一行同页”，列宽是数。DOCX 写入器按块的类型
逐个处理，文本比对（:mod:`gjjgen.render.extract`）也读同一个结构。
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .vocabulary import Align, ParagraphRole

__all__ = [
    "Block",
    "RenderCell",
    "DraftMark",
    "Length",
    "PageBreak",
    "Para",
    "Placement",
    "RenderRow",
    "Run",
    "RenderTable",
    "RenderGrid",
    "layout_table",
]

LengthUnit = Literal["%", "px", "pt", "mm", "cm", "in", "em"]


@dataclass(frozen=True)
class Run:
    """同一字体的一段文字；``lead`` 为段首随文标题（楷体），``bold`` 为加粗。"""

    text: str
    lead: bool = False
    bold: bool = False


@dataclass
class Para:
    """一个段落：排版角色（决定三种格式里的样子）与文字段。"""

    role: ParagraphRole
    runs: list[Run]

    @property
    def kind(self) -> str:
        """角色名（title、h2、body、agency……）。"""
        return self.role.name

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class PageBreak:
    """分页：其后内容另起一页。"""


@dataclass
class DraftMark:
    """草稿水印，不是正文。"""

    text: str


@dataclass(frozen=True)
class Length:
    """一个长度：数值与单位（列宽多是占版心宽度的百分比）。"""

    value: float
    unit: LengthUnit


@dataclass
class RenderCell:
    """表格单元格：表头格还是数据格、跨行跨列、缩进层级、对齐与若干段落（每段是若干 Run）。"""

    tag: Literal["th", "td"]
    colspan: int
    rowspan: int  # 0 表示一直跨到所在行组末尾（HTML 规则）
    paragraphs: list[list[Run]]
    level: int = 0
    align: Align = "center"
    scale: float = 1.0
    """字号：表格字号的倍数。"""

    @property
    def text(self) -> str:
        return "\n".join("".join(r.text for r in p) for p in self.paragraphs)


@dataclass
class RenderRow:
    """表格行：行组（thead 的行每页重复）与是否与下一行排在同一页。"""

    group: Literal["thead", "tbody", "tfoot"]
    cells: list[RenderCell]
    keep_with_next: bool = False

    @property
    def header(self) -> bool:
        return self.group == "thead"


@dataclass
class RenderTable:
    """一张表：行（thead 行在前、tfoot 行在后）、各列宽度（None 表示未指定）、行组的范围。"""

    rows: list[RenderRow]
    col_widths: list[Length | None]
    group_bounds: list[tuple[int, int]] = field(default_factory=list)  # 行组 [起, 止)

    def grid(self) -> RenderGrid:
        return layout_table(self)


Block = Para | PageBreak | DraftMark | RenderTable


@dataclass(frozen=True)
class Placement:
    """一个单元格在网格中的位置与跨度（已按 HTML 表格算法落位并裁剪）。"""

    row: int
    col: int
    rowspan: int
    colspan: int
    cell: RenderCell


@dataclass
class RenderGrid:
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


def layout_table(table: RenderTable) -> RenderGrid:
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
    return RenderGrid(n_rows, n_cols, placements, slots)
