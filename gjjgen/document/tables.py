"""统计表的取值：读出书记员填写的格，并按格式文件算出全部合计。

合计只在这里算一次：检查用它核对书记员抄写的合计，报告模型用它印表。格的键是标准键
组成的元组，如 ``("本年度办理结果", "不予公开", "属于国家秘密", "自然人")``。
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..source.loaded import Loaded
from ..spec.formats import match_key
from ..spec.objects import (
    CellType,
    Column,
    GroupsTable,
    IndicatorsTable,
    MatrixTable,
    Row,
    SectionsTable,
    Table,
    matrix_leaves,
)
from .cells import Cell, Number, parse_cell, total_of

CellKey = tuple[str, ...]


@dataclass
class RowInput:
    """一行的原始信息：在数据文件里的路径，是否写了这一行。"""

    key: tuple[str, ...]
    label: str
    path: tuple[Any, ...]
    present: bool
    blank_columns: list[str] = field(default_factory=list)


@dataclass
class TableValues:
    """一张表的全部格：``cells`` 是要印出的值（含算出的合计），``typed`` 是书记员抄写的合计。"""

    table: Table
    path: tuple[Any, ...]
    cells: dict[CellKey, Cell] = field(default_factory=dict)
    typed: dict[CellKey, Cell] = field(default_factory=dict)
    computed: dict[CellKey, Number | None] = field(default_factory=dict)
    rows: list[RowInput] = field(default_factory=list)
    invalid: bool = False

    def value(self, key: CellKey) -> Number | None:
        cell = self.cells.get(key)
        return None if cell is None else cell.value

    def text(self, key: CellKey) -> str:
        cell = self.cells.get(key)
        return "" if cell is None else cell.text


def _scalar(loaded: Loaded | None, path: tuple[Any, ...]) -> str | None:
    if loaded is None:
        return None
    scalar = loaded.raw.get(path)
    return scalar.raw if scalar else None


class _Reader:
    def __init__(self, table: Table, data: Any, path: tuple[Any, ...], loaded: Loaded | None) -> None:
        self.values = TableValues(table=table, path=path)
        self.data = data if isinstance(data, dict) else {}
        self.path = path
        self.loaded = loaded
        self.bad: set[tuple[Any, ...]] = set()
        """写错的格（已由结构校验报告）：它们不算“未填”，免得同一格既报错又报“未填写”。"""

    def cell(self, value: Any, path: tuple[Any, ...], ctype: CellType, units: tuple[str, ...] = ()) -> Cell:
        cell, issue = parse_cell(value, _scalar(self.loaded, path), ctype, units)
        if issue or cell is None:
            self.values.invalid = True
            self.bad.add(path)
            return Cell(None, "", path)
        return Cell(cell.value, cell.text, path)

    def row(self, key: tuple[str, ...], label: str, value: Any, path: tuple[Any, ...], columns: tuple[Column, ...], present: bool) -> dict[str, Cell]:
        """读一行：列表按列序、映射按列名、单列时也可只写一个数。"""
        out: dict[str, Cell] = {}
        info = RowInput(key=key, label=label, path=path, present=present)
        inputs = [c for c in columns if not c.total]
        broken = False  # 整行写错（个数不对、不是一行数）：结构校验已报告，不再逐格报“未填”
        if isinstance(value, list):
            broken = len(value) not in (len(inputs), len(columns))
            self.values.invalid |= broken
            for index, column in enumerate(columns):
                if index < len(value):
                    out[column.key] = self.cell(value[index], (*path, index), column.type, column.units)
        elif isinstance(value, dict):
            by_key = {match_key(c.key): c for c in columns}
            for name, raw in value.items():
                named = by_key.get(match_key(name))
                if named is not None:
                    out[named.key] = self.cell(raw, (*path, name), named.type, named.units)
        elif value is not None and len(columns) == 1:
            out[columns[0].key] = self.cell(value, path, columns[0].type, columns[0].units)
        elif value is not None:
            self.values.invalid = broken = True
        for column in inputs:
            if column.key not in out:
                out[column.key] = Cell(None, "", path)
            if out[column.key].blank and not broken and out[column.key].path not in self.bad:
                info.blank_columns.append(column.key)
        self.values.rows.append(info)
        return out


def _read_sections(reader: _Reader, table: SectionsTable) -> None:
    for section in table.sections:
        section_data = reader.data.get(section.key)
        section_data = section_data if isinstance(section_data, dict) else {}
        for row in section.rows:
            path = (*reader.path, section.key, row.key)
            cells = reader.row((section.key, row.key), row.label, section_data.get(row.key), path, section.columns, row.key in section_data)
            for col, cell in cells.items():
                reader.values.cells[(section.key, row.key, col)] = cell


def _set_total(values: TableValues, key: CellKey, computed: Number | None, typed: Cell | None, path: tuple[Any, ...]) -> None:
    values.computed[key] = computed
    if typed is not None:
        values.typed[key] = typed
    if computed is not None:
        text = str(computed)
        values.cells[key] = Cell(computed, text, typed.path if typed else path, computed=True)
    elif typed is not None:
        values.cells[key] = typed
    else:
        values.cells[key] = Cell(None, "", path, computed=True)


def _row_totals(values: TableValues, row_key: tuple[str, ...], cells: dict[str, Cell], columns: tuple[Column, ...], path: tuple[Any, ...]) -> None:
    inputs = [c for c in columns if not c.total]
    for column in inputs:
        values.cells[(*row_key, column.key)] = cells[column.key]
    for column in columns:
        if column.total:
            typed = cells.get(column.key)
            computed = total_of([cells[c.key] for c in inputs])
            _set_total(values, (*row_key, column.key), computed, typed, path)


def _read_matrix(reader: _Reader, table: MatrixTable) -> None:
    values = reader.values

    def walk(rows: tuple[Row, ...], data: dict[str, Any], prefix: tuple[str, ...], present: bool = True) -> None:
        for row in rows:
            key = (*prefix, row.key)
            path = (*reader.path, *key)
            if row.rows:
                inner = data.get(row.key)
                group_present = present and isinstance(inner, dict)
                if present and row.key in data and not group_present:
                    values.invalid = True  # 整组写成了别的样子：结构校验已报告
                elif present and not group_present:
                    # 整组没写：报一次，不逐行报
                    values.rows.append(RowInput(key=key, label=row.label, path=path, present=False, blank_columns=["*"]))
                walk(row.rows, inner if isinstance(inner, dict) else {}, key, group_present)
                continue
            if row.total:
                continue
            cells = reader.row(key, row.label, data.get(row.key), path, table.columns, row.key in data)
            if not present:
                values.rows.pop()
            _row_totals(values, key, cells, table.columns, path)
        # 行合计（“（七）总计”）= 同组其余各行的全部叶子行之和
        for row in rows:
            if not row.total:
                continue
            key = (*prefix, row.key)
            path = (*reader.path, *key)
            leaf_keys = [(*prefix, *k) for k, r in matrix_leaves(tuple(r for r in rows if not r.total), ())]
            typed_cells = reader.row(key, row.label, data.get(row.key), path, table.columns, row.key in data)
            values.rows.pop()  # 合计行不计入“未填”统计：它由 gjjgen 计算
            for column in table.columns:
                computed = total_of([values.cells[(*k, column.key)] for k in leaf_keys])
                typed = typed_cells.get(column.key) if row.key in data else None
                if typed is not None and typed.blank and not typed.text:
                    typed = None
                _set_total(values, (*key, column.key), computed, typed, path)

    walk(table.rows, reader.data, ())


def _read_groups(reader: _Reader, table: GroupsTable) -> None:
    for group in table.groups:
        path = (*reader.path, group.key)
        cells = reader.row((group.key,), group.label, reader.data.get(group.key), path, table.columns, group.key in reader.data)
        _row_totals(reader.values, (group.key,), cells, table.columns, path)


def _read_indicators(reader: _Reader, table: IndicatorsTable) -> None:
    values = reader.values

    def read(section_key: str, data: dict[str, Any], row: Row, data_key: str) -> Cell:
        path = (*reader.path, section_key, data_key)
        present = data_key in data
        cell = reader.cell(data.get(data_key), path, row.type) if present else Cell(None, "", path)
        info = RowInput(key=(section_key, data_key), label=row.label, path=path, present=present)
        if cell.blank:
            info.blank_columns.append("统计数")
        values.rows.append(info)
        return cell

    def walk(section_key: str, data: dict[str, Any], row: Row, data_key: str | None) -> Cell | None:
        own = read(section_key, data, row, data_key) if data_key else None
        children = [walk(section_key, data, child, child.key if child.has_value else None) for child in row.rows]
        if own is None:
            return None
        key = (section_key, data_key or row.key)
        if row.sum:
            computed = total_of([c for c in children if c is not None])
            values.computed[key] = computed
            values.typed[key] = own
            if own.blank and computed is not None:
                own = Cell(computed, str(computed), own.path, computed=True)
        values.cells[key] = own
        return own

    for section in table.indicator_sections:
        data = reader.data.get(section.key)
        data = data if isinstance(data, dict) else {}
        if section.value:
            walk(section.key, data, section, section.value)
        else:
            for row in section.rows:
                walk(section.key, data, row, row.key if row.has_value else None)


def read_table(table: Table, data: Any, path: tuple[Any, ...], loaded: Loaded | None = None) -> TableValues:
    """读一张表并算出全部合计；数据有误的格按未填处理并把 ``invalid`` 置真。"""
    reader = _Reader(table, data, path, loaded)
    if isinstance(table, SectionsTable):
        _read_sections(reader, table)
    elif isinstance(table, MatrixTable):
        _read_matrix(reader, table)
    elif isinstance(table, GroupsTable):
        _read_groups(reader, table)
    else:
        _read_indicators(reader, table)
    if data is not None and not isinstance(data, dict):
        _drop_blanks(reader.values, ())
    for key, value in reader.data.items():
        if value is not None and not isinstance(value, (dict, list)) and isinstance(table, (SectionsTable, IndicatorsTable)):
            _drop_blanks(reader.values, (key,))  # 一节写成了一段文字（如“行政许可：0”）：已报告
    return reader.values


def _drop_blanks(values: TableValues, prefix: tuple[str, ...]) -> None:
    """写错了形状的表或节：结构校验已报告，其中的行不再报“未填”。"""
    values.invalid = True
    for row in values.rows:
        if row.key[: len(prefix)] == prefix:
            row.blank_columns.clear()
