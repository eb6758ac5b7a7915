"""统计表的版式：由格式文件（表的形状）与取值推出带合并单元格的网格。

为什么单独成模块：合并单元格的方式是法定格式的一部分（表三左上角 3 列 × 3 行的勾稽说明、
“申请人情况”横跨 7 列……），HTML、PDF、DOCX 都要一模一样。这里只认识四种表的形状
（sections、matrix、groups、indicators），行、列、分组全部来自 ``gjjgen.spec.formats``；新的格式
版本只要沿用这四种形状，就不必改这里的代码。

网格是中性的数据结构（行 → 单元格：文字、跨列、跨行、角色、层级），模板只负责把它写成
``<table>``；格里的文字就是 :attr:`gjjgen.document.cells.Cell.text`，未填的格保留书记员的写法。
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..document.tables import TableValues
from ..spec.objects import (
    Column,
    GroupsTable,
    IndicatorsTable,
    MatrixTable,
    Row,
    Section,
    SectionsTable,
    TableKind,
)

ROLES = ("corner", "header", "section", "label", "unit", "value")
"""单元格的角色：左上角说明格、表头、节标题行、行标签、单位、数据。"""

MAX_LEVEL = 3


@dataclass(frozen=True)
class GridCell:
    """网格里的一个单元格（HTML 习惯：被合并覆盖的位置不再有单元格）。"""

    text: str
    role: str
    colspan: int = 1
    rowspan: int = 1
    level: int = 0
    blank: bool = False
    """``level`` 是行标签的缩进层级（0–3）；``blank`` 表示未填的数据格。"""
    source: tuple[Any, ...] | None = field(default=None, compare=False)
    computed: bool = field(default=False, compare=False)
    """数据格在数据文件里的路径、是否由 gjjgen 算出（合计）。不印出来，供实时预览把问题
    标到格上（见 :mod:`gjjgen.serve`）。"""

    @property
    def tag(self) -> str:
        """数据格与单位格是 ``td``，其余（表头、行标签、节标题）是 ``th``。"""
        return "td" if self.role in ("value", "unit") else "th"

    @property
    def css_class(self) -> str:
        """受限词汇里的类名（见 ``gjjgen.render``）：模板照抄，不做判断。"""
        if self.role == "value":
            return "blank" if self.blank else "num"
        if self.role == "label":
            return f"label level-{min(self.level, MAX_LEVEL)}"
        return self.role


@dataclass(frozen=True)
class GridRow:
    """一行单元格。``kind`` 为 header（表头）、section（节标题）或 data（数据行）。"""

    cells: tuple[GridCell, ...]
    kind: str = "data"

    @property
    def css_class(self) -> str:
        """表体行都不跨页拆分（``keep``）；节标题与节表头还要与下一行同页（``keep-with-next``）。"""
        return "keep" if self.kind == "data" else "keep keep-with-next"


@dataclass(frozen=True)
class TableGrid:
    """一张表的网格：``head`` 是每页重复的表头行，``body`` 是其余的行。

    ``widths`` 是各列宽度（占版心宽度的百分比，已格式化成文字，如 ``"8.00%"``）。
    """

    key: str
    kind: TableKind
    name: str
    title: str
    n_cols: int
    widths: tuple[str, ...]
    head: tuple[GridRow, ...]
    body: tuple[GridRow, ...]

    @property
    def css_class(self) -> str:
        return f"stat stat-{self.kind}"

    @property
    def rows(self) -> tuple[GridRow, ...]:
        return self.head + self.body


def _widths(parts: list[float]) -> tuple[str, ...]:
    total = sum(parts)
    return tuple(f"{p / total * 100:.2f}%" for p in parts)


def _value(values: TableValues, key: tuple[str, ...], colspan: int = 1) -> GridCell:
    cell = values.cells.get(key)
    if cell is None:
        return GridCell("", "value", colspan=colspan, blank=True)
    return GridCell(
        cell.text, "value", colspan=colspan, blank=cell.blank, source=cell.path, computed=cell.computed
    )


# ---------------------------------------------------------------- sections (表二)


def _section_columns(section: Section, width: int) -> list[tuple[Column, int]]:
    """各列与其跨度；最后一列补足到表宽，免得格式文件少写一个 span 就缺格。"""
    cols = [(c, max(1, c.span)) for c in section.columns]
    used = 1 + sum(span for _, span in cols)
    if cols and used < width:
        column, span = cols[-1]
        cols[-1] = (column, span + width - used)
    return cols


def layout_sections(table: SectionsTable, values: TableValues) -> TableGrid:
    """主动公开表：节标题行横跨全宽，每节一行表头（信息内容 + 列名），然后是数据行。"""
    width = table.width or 1 + max(sum(max(1, c.span) for c in s.columns) for s in table.sections)
    body: list[GridRow] = []
    for section in table.sections:
        body.append(GridRow((GridCell(section.label, "section", colspan=width),), "section"))
        cols = _section_columns(section, width)
        header = [GridCell(table.label_header, "header")]
        header += [GridCell(c.label, "header", colspan=span) for c, span in cols]
        body.append(GridRow(tuple(header), "header"))
        for row in section.rows:
            cells = [GridCell(row.label, "label")]
            cells += [_value(values, (section.key, row.key, c.key), span) for c, span in cols]
            body.append(GridRow(tuple(cells)))
    first = 31.0
    return TableGrid(
        table.key, table.kind, table.name, table.title, width,
        _widths([first] + [(100 - first) / (width - 1)] * (width - 1)) if width > 1 else ("100.00%",),
        (), tuple(body),
    )


# ---------------------------------------------------------------- matrix (表三)


def _leaf_count(row: Row) -> int:
    return sum(_leaf_count(r) for r in row.rows) if row.rows else 1


def _column_header_rows(columns: tuple[Column, ...], top: str) -> list[list[GridCell]]:
    """列表头：可选的总表头（如“申请人情况”）、分组行（如“法人或其他组织”）、组内列名。"""
    grouped = any(c.group for c in columns)
    rows: list[list[GridCell]] = []
    if top:
        rows.append([GridCell(top, "header", colspan=len(columns))])
    if not grouped:
        rows.append([GridCell(c.label, "header") for c in columns])
        return rows
    upper: list[GridCell] = []
    lower: list[GridCell] = []
    index = 0
    while index < len(columns):
        column = columns[index]
        if not column.group:
            upper.append(GridCell(column.label, "header", rowspan=2))
            index += 1
            continue
        end = index
        while end < len(columns) and columns[end].group == column.group:
            end += 1
        upper.append(GridCell(column.group, "header", colspan=end - index))
        lower.extend(GridCell(c.label, "header") for c in columns[index:end])
        index = end
    rows += [upper, lower]
    return rows


def layout_matrix(table: MatrixTable, values: TableValues) -> TableGrid:
    """申请情况表：左上角说明格跨全部标签列与表头行；分组行标签纵跨其全部子行，
    没有下级的行标签横跨余下的标签列。层级由标签所在的列表示，标签不再缩进（level-0）。"""
    depth = max(1, table.label_depth)
    header_rows = _column_header_rows(table.columns, table.column_header)
    corner = GridCell(table.corner, "corner", colspan=depth, rowspan=len(header_rows))
    head = [GridRow((corner, *header_rows[0]), "header")]
    head += [GridRow(tuple(r), "header") for r in header_rows[1:]]

    body: list[GridRow] = []

    def walk(rows: tuple[Row, ...], prefix: tuple[str, ...], level: int, pending: list[GridCell]) -> None:
        for row in rows:
            key = (*prefix, row.key)
            if row.rows and level < depth - 1:
                pending.append(GridCell(row.label, "label", rowspan=_leaf_count(row)))
                walk(row.rows, key, level + 1, pending)
                continue
            label = GridCell(row.label, "label", colspan=depth - level)
            cells = [*pending, label, *(_value(values, (*key, c.key)) for c in table.columns)]
            pending.clear()
            body.append(GridRow(tuple(cells)))

    walk(table.rows, (), 0, [])
    # 数据列只放数字与短列名；标签列里最后一列放最长的行名（如“（六）其他处理”的子项）
    n = max(1, len(table.columns))
    value_share = min(6.5, 50.0 / n)
    outer = [9.5] * (depth - 1)
    labels = [*outer, 100.0 - value_share * n - sum(outer)]
    return TableGrid(
        table.key, table.kind, table.name, table.title, depth + len(table.columns),
        _widths(labels + [value_share] * len(table.columns)),
        tuple(head), tuple(body),
    )


# ---------------------------------------------------------------- groups (表四)


def layout_groups(table: GroupsTable, values: TableValues) -> TableGrid:
    """复议诉讼表：没有行标签，一行数据。顶层分组（如“行政复议”）与上级分组（如“行政诉讼”）
    在第一行；有上级的分组在第二行横跨其各列；列名在最后一行（无上级的分组的列名纵跨两行）。"""
    columns = table.columns
    n = len(columns)
    nested = any(g.parent for g in table.groups)
    top: list[GridCell] = []
    middle: list[GridCell] = []
    bottom: list[GridCell] = []
    index = 0
    groups = table.groups
    while index < len(groups):
        group = groups[index]
        if not group.parent:
            top.append(GridCell(group.label, "header", colspan=n))
            target = middle if nested else bottom
            target.extend(GridCell(c.label, "header", rowspan=2 if nested else 1) for c in columns)
            index += 1
            continue
        end = index
        while end < len(groups) and groups[end].parent == group.parent:
            end += 1
        top.append(GridCell(group.parent, "header", colspan=n * (end - index)))
        for member in groups[index:end]:
            middle.append(GridCell(member.label, "header", colspan=n))
            bottom.extend(GridCell(c.label, "header") for c in columns)
        index = end
    head = [GridRow(tuple(r), "header") for r in (top, middle, bottom) if r]
    data = [_value(values, (g.key, c.key)) for g in groups for c in columns]
    width = n * len(groups)
    return TableGrid(
        table.key, table.kind, table.name, table.title, width,
        _widths([1.0] * width), tuple(head), (GridRow(tuple(data)),),
    )


# ---------------------------------------------------------------- indicators (统计表)


def layout_indicators(table: IndicatorsTable, values: TableValues) -> TableGrid:
    """2019 年以前的统计表：统计指标 | 单位 | 统计数；标签按层级缩进，分组行单位为“—”、不填数。"""
    head = (GridRow(tuple(GridCell(h, "header") for h in table.headers), "header"),)
    body: list[GridRow] = []

    def emit(section_key: str, row: Row, data_key: str | None, level: int) -> None:
        unit = row.unit if row.has_value else "—"
        if data_key is None:
            value = GridCell("", "value", blank=True)
        else:
            value = _value(values, (section_key, data_key))
        body.append(GridRow((GridCell(row.label, "label", level=level), GridCell(unit or "—", "unit"), value)))

    def walk(section_key: str, row: Row, data_key: str | None, level: int) -> None:
        emit(section_key, row, data_key, level)
        for child in row.rows:
            walk(section_key, child, child.key if child.has_value else None, level + 1)

    for section in table.indicator_sections:
        if section.value:
            walk(section.key, section, section.value, 0)
        else:
            emit(section.key, section, None, 0)
            for row in section.rows:
                walk(section.key, row, row.key if row.has_value else None, 1)
    return TableGrid(
        table.key, table.kind, table.name, table.title, len(table.headers),
        _widths([68.0, 14.0, 18.0][: len(table.headers)]), head, tuple(body),
    )


def layout_table(values: TableValues) -> TableGrid:
    """一张表（含取值）的网格：每种表的形状一个版式函数。"""
    table = values.table
    if isinstance(table, SectionsTable):
        return layout_sections(table, values)
    if isinstance(table, MatrixTable):
        return layout_matrix(table, values)
    if isinstance(table, GroupsTable):
        return layout_groups(table, values)
    return layout_indicators(table, values)
