"""``gjjgen init --from``：从上年的报告取出要承接的一切，交给 :mod:`.scaffold` 写进新文件。

承接什么都由格式文件决定（``carry`` 声明，算术在 :mod:`gjjgen.document.carry`，与跨年度核对
共用），不按格式写死：表中声明了承接的格、机关信息（元数据）、标题、前言、叙述文字与填报信息。
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..document.carry import matrix_carry, section_carry
from ..document.cells import Number
from ..document.names import format_number
from ..document.textblock import TextBlock
from ..spec.objects import (
    Carry,
    Column,
    Common,
    MatrixTable,
    PartKind,
    SectionsTable,
    Spec,
    matrix_leaves,
    matrix_row,
)

if TYPE_CHECKING:
    from ..document.model import Document

CARRIED_META = ("机关名称", "简称", "省份", "网站", "联系方式", "模板目录")
"""承接上年的元数据：机关本身的信息（年度、格式、日期每年不同，不承接）。"""


@dataclass
class Carried:
    """从上年数据承接来的内容。"""

    cells: dict[tuple[str, ...], Number | None] = field(default_factory=dict)
    """表键 + 格键 → 承接的值。"""
    notes: dict[tuple[str, ...], str] = field(default_factory=dict)
    """表键 + 行键 → 行上方的注释（说明承接自上年何处）。"""
    meta: dict[str, Any] = field(default_factory=dict)
    title: tuple[str, ...] = ()
    texts: dict[str, list[tuple[str, TextBlock]]] = field(default_factory=dict)
    """部分键 → 上年文字（(小标题, 文字块)，小标题为空时直接接在本部分）。"""
    preamble: TextBlock = ()
    fields: dict[str, dict[str, str]] = field(default_factory=dict)
    source: str = ""


def _prev_line(prev: Document, path: tuple[Any, ...] | None) -> str:
    if prev.loaded is None or path is None:
        return f"{prev.path}"
    line, _ = prev.loaded.mark(path)
    return f"{prev.path}:{line}"


def carrymatrix_row(table: MatrixTable, carry: Carry, prev: Document) -> tuple[dict[str, Number | None], str] | None:
    """矩阵表中声明了 carry 的行：逐列取上年对应行之和。返回 (列键 → 值, 说明)。"""
    prev_values = prev.tables.get(table.key)
    found = matrix_carry(table, carry, prev_values) if prev_values is not None else None
    if prev_values is None or found is None:
        return None
    columns = {key: cells for key, cells in found.columns.items() if cells.found}
    out = {key: cells.total for key, cells in columns.items()}
    first_path = next((cells.first_path for cells in columns.values()), None)
    labels = "、".join(f"「{label}」" for label in found.prev_labels)
    return out, f"承接上年 {labels}（{_prev_line(prev, first_path)}）"


def carry_section_cell(table: SectionsTable, section_key: str, row_key: str, column: Column, prev: Document) -> tuple[Number | None, tuple[Any, ...] | None] | None:
    """主动公开表中声明了 carry 的列：上年同一行 prev 各列之和（本年增减另计）。"""
    prev_values = prev.tables.get(table.key)
    if column.carry is None or prev_values is None:
        return None
    found = section_carry(section_key, row_key, column.carry, prev_values)
    return None if found is None else (found.total, found.first_path)


def _replace_year(text: str, old: int, new: int) -> str:
    return re.sub(rf"(?<!\d){old}(?!\d)", str(new), text) if old else text


def collect_carried(spec: Spec, common: Common, prev: Document, year: int, new_path: Path) -> Carried:
    """从上年文档中取出要承接的一切（都由格式文件的声明决定，不按格式写死）。"""
    carried = Carried(source=str(prev.path))
    _carry_meta(carried, prev, new_path)
    carried.title = tuple(_replace_year(line, prev.year, year) for line in prev.title_lines)
    carried.preamble = prev.preamble
    for part in spec.parts:
        if part.kind != "table":
            continue
        table = spec.table_of(part)
        if isinstance(table, MatrixTable):
            _carry_matrix(table, prev, carried)
        elif isinstance(table, SectionsTable):
            _carry_sections(table, prev, carried)
    _carry_texts(spec, prev, carried)
    for part in spec.parts:
        if part.kind == "fields" and part.key in prev.fields:
            carried.fields[part.key] = {k: v for k, v in prev.fields[part.key].items() if "日期" not in k}
    return carried


def _carry_meta(carried: Carried, prev: Document, new_path: Path) -> None:
    """机关信息照抄；模板目录改写成相对新文件的路径。"""
    for key in CARRIED_META:
        value = prev.meta.get(key)
        if value in (None, ""):
            continue
        if key == "模板目录":
            absolute = (prev.path.parent / str(value)).resolve()
            value = os.path.relpath(absolute, new_path.resolve().parent)
        carried.meta[key] = value


def _carry_matrix(table: MatrixTable, prev: Document, carried: Carried) -> None:
    """矩阵表：逐个声明了 carry 的行，再让勾稽关系仍然成立。"""
    for row_key, row in matrix_leaves(table.rows, ()):
        if row.carry is None:
            continue
        result = carrymatrix_row(table, row.carry, prev)
        if result is None:
            continue
        values, note = result
        for column_key, value in values.items():
            carried.cells[(table.key, *row_key, column_key)] = value
        carried.notes[(table.key, *row_key)] = note
    _keep_balanced(table, carried)


def _carry_sections(table: SectionsTable, prev: Document, carried: Carried) -> None:
    """主动公开表：每行里声明了 carry 的列，行上方注明承接自上年何处。"""
    for section in table.sections:
        for row in section.rows:
            notes = []
            for column in section.columns:
                found = carry_section_cell(table, section.key, row.key, column, prev)
                if found is None:
                    continue
                value, path = found
                carried.cells[(table.key, section.key, row.key, column.key)] = value
                names = "+".join(f"「{n}」" for n in column.carry.prev) if column.carry else ""
                notes.append(f"「{column.label}」承接上年{names} = {format_number(value) or '未填'}（{_prev_line(prev, path)}）")
            if notes:
                carried.notes[(table.key, section.key, row.key)] = "；".join(notes)


def _carry_texts(spec: Spec, prev: Document, carried: Carried) -> None:
    """叙述：同名的部分照搬，其余并入第一个叙述部分。"""
    text_parts = [p for p in spec.parts if p.kind in ("text", "parts")]
    leftovers: list[tuple[str, TextBlock]] = []
    for part in prev.spec.parts:
        content = prev.texts.get(part.key)
        if not content:
            continue
        blocks = _as_blocks(part.kind, content)
        target = next((p for p in text_parts if p.key == part.key), None)
        if target is None:
            leftovers.extend((title or part.title, block) for title, block in blocks)
        else:
            carried.texts.setdefault(target.key, []).extend(blocks)
    if leftovers and text_parts:
        carried.texts.setdefault(text_parts[0].key, []).extend(leftovers)


def _keep_balanced(table: MatrixTable, carried: Carried) -> None:
    """承接来的数要让勾稽关系仍然成立：差额暂记在右边最后一行（“结转下年度继续办理”）。

    上年结转的申请在新文件里还没有办理结果；把它们先算作“仍未办结”，生成的文件就能通过
    校验，书记员办结一件就把它从这一行移到相应的办理结果行。
    """
    for balance in table.balances:
        target = matrix_row(table, balance.right[-1])
        if target is None:
            continue
        for column in (c for c in table.columns if not c.total):

            def side(names: tuple[str, ...], column: Column = column) -> Number:
                total: Number = 0
                for name in names:
                    row = matrix_row(table, name)
                    if row is not None:
                        total += carried.cells.get((table.key, *row, column.key)) or 0
                return total

            difference = side(balance.left) - side(balance.right)
            if difference:
                key = (table.key, *target, column.key)
                carried.cells[key] = (carried.cells.get(key) or 0) + difference
                carried.notes[(table.key, *target)] = (
                    f"承接来的上年结转申请暂按“仍未办结”计在这一行（使 {balance.left_name} = {balance.right_name}）；"
                    "办结后把数移到相应的办理结果行"
                )


def _as_blocks(kind: PartKind, content: Any) -> list[tuple[str, TextBlock]]:
    if kind == "parts":
        return [(chapter.title, chapter.body) for chapter in content]
    return [("", content)]
