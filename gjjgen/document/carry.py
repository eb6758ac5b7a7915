"""上年承接的算术：格式文件里声明了 ``carry`` 的格，取上年对应各格之和。

同一条规则只算一处：``gjjgen init --from`` 用它填写新年度的数（``authoring/scaffold``），
跨年度核对用它核对本年写的数（``checks/yearly``）。承接关系见 ``schemas/README.md``：
行上的 ``carry``（矩阵表）逐列等于上年某几行之和；列上的 ``carry``（主动公开表）在同一行内
等于上年某几列之和（再加本年 ``plus``、减本年 ``minus``，那是本年的数，由调用方加减）。
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..spec.objects import Carry, MatrixTable, SectionsTable, matrix_row, row_label
from .cells import Cell, Number
from .tables import TableValues


@dataclass(frozen=True)
class PreviousCells:
    """上年对应的各格（按声明的顺序；上年没有的格为 ``None``）。"""

    cells: tuple[Cell | None, ...]

    @property
    def complete(self) -> bool:
        """声明的每一格上年都有。"""
        return all(c is not None for c in self.cells)

    @property
    def found(self) -> tuple[Cell, ...]:
        return tuple(c for c in self.cells if c is not None)

    @property
    def total(self) -> Number | None:
        """已填各格之和；一格都没填时为 ``None``（未填不当作 0）。"""
        filled = [c.value for c in self.found if c.value is not None]
        return sum(filled) if filled else None

    @property
    def first_path(self) -> tuple[Any, ...] | None:
        """第一个上年格在上年文件里的路径（用来指出上年文件的行列）。"""
        return next((c.path for c in self.found), None)


@dataclass(frozen=True)
class MatrixCarry:
    """矩阵表里一行的承接：上年对应的行（标准键与法定行名），与逐列的上年各格。"""

    prev_rows: tuple[tuple[str, ...], ...]
    prev_labels: tuple[str, ...]
    columns: dict[str, PreviousCells]


def matrix_carry(table: MatrixTable, carry: Carry, before: TableValues) -> MatrixCarry | None:
    """矩阵表中声明了 carry 的行：逐列（合计列除外）取上年对应各行的格。上年不是矩阵表、没有那几行时为 ``None``。"""
    previous = before.table
    if not isinstance(previous, MatrixTable):
        return None
    found_rows = [matrix_row(previous, name) for name in carry.prev]
    prev_rows = tuple(r for r in found_rows if r is not None)
    if len(prev_rows) != len(found_rows):
        return None
    columns = {
        column.key: PreviousCells(tuple(before.cells.get((*r, column.key)) for r in prev_rows))
        for column in table.columns
        if not column.total
    }
    return MatrixCarry(prev_rows, tuple(row_label(previous, r) for r in prev_rows), columns)


def section_carry(section_key: str, row_key: str, carry: Carry, before: TableValues) -> PreviousCells | None:
    """主动公开表中声明了 carry 的列：上年同一节、同一行的 ``prev`` 各列。上年没有这一节、这一行
    或这几列时为 ``None``。"""
    if not isinstance(before.table, SectionsTable):
        return None
    section = next((s for s in before.table.sections if s.key == section_key), None)
    if section is None or not any(r.key == row_key for r in section.rows):
        return None
    keys = {c.key for c in section.columns}
    if not all(name in keys for name in carry.prev):
        return None
    return PreviousCells(tuple(before.cells.get((section_key, row_key, name)) for name in carry.prev))
