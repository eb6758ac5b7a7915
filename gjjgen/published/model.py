"""读入已发布报告时各阶段共用的数据形状：来源位置、段落、表格网格。

为什么单独成模块：抽取（HTML、DOCX、PDF、纯文本）各写一个，切分、对应、生成只认这里的
形状；每个段落、每个单元格都带着它在原文里的位置，最后写进旁注文件，校验时据此指出原文
的哪一格。
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..problems.codes import Level


@dataclass(frozen=True)
class SourcePlace:
    """原文中的一处：第几张表第几行第几列、PDF 第几页与方框、纯文本第几行、HTML 元素路径。"""

    table: int | None = None
    row: int | None = None
    col: int | None = None
    page: int | None = None
    line: int | None = None
    element: str = ""
    box: tuple[float, float, float, float] | None = None

    def describe(self) -> str:
        """给人看的位置（不含表名），如“第5页”“第7行第4列”。"""
        words = []
        if self.page is not None:
            words.append(f"第{self.page}页")
        if self.line is not None and self.row is None:
            words.append(f"第{self.line}行")
        if self.row is not None:
            words.append(f"第{self.row}行第{self.col}列")
        return " ".join(words)

    def as_json(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for key in ("table", "row", "col", "page", "line", "element", "box"):
            value = getattr(self, key)
            if value not in (None, ""):
                out[key] = list(value) if isinstance(value, tuple) else value
        return out


@dataclass(frozen=True)
class SourcePara:
    """一段文字。``heading`` 是抽取时能看出的标题级别（HTML 的 h1–h6、Word 的标题样式），0 表示不知道。"""

    text: str
    place: SourcePlace
    heading: int = 0


@dataclass(frozen=True)
class SourceCell:
    """表中的一个单元格（合并格只出现一次，记左上角与跨度）。"""

    row: int
    col: int
    text: str
    place: SourcePlace
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Grid:
    """一张表。``geometric`` 为假时列位置不可信（纯文本导出的表，各行格数不一），只能按表头次序读。"""

    cells: list[SourceCell]
    place: SourcePlace
    geometric: bool = True

    @property
    def height(self) -> int:
        return max((c.row + c.rowspan for c in self.cells), default=0)

    def rows(self) -> list[list[SourceCell]]:
        """每一行里始于本行或跨到本行的单元格，按列排序（横向合并的格只出现一次）。"""
        out: list[list[SourceCell]] = [[] for _ in range(self.height)]
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                out[r].append(cell)
        for row in out:
            row.sort(key=lambda c: c.col)
        return out

    def extend(self, other: Grid) -> None:
        """接上另一张表（分页拆开的表）：行号顺延。"""
        offset = self.height
        self.cells.extend(
            SourceCell(c.row + offset, c.col, c.text, c.place, c.rowspan, c.colspan) for c in other.cells
        )
        self.geometric = self.geometric and other.geometric


Block = SourcePara | Grid


@dataclass
class Extracted:
    """一份原文抽取的结果：按顺序的段落与表格，外加抽取时的发现。"""

    kind: str
    blocks: list[Block] = field(default_factory=list)
    notes: list[tuple[Level, str, str]] = field(default_factory=list)
    """(级别, 代码, 说明)：抽取时发现、与具体一格无关的问题。"""
    embedded: str | None = None
    """PDF 里附带的数据文件全文（由 gjjgen 生成的 PDF 带有它），有则直接用它。"""
