"""写出数据文件：与 ``examples/`` 同样的键、同样的注释写法；同时给出每个值在数据文件里的路径，
供旁注文件与校验定位使用。

原文未填的格照录（“—”写作 —，空格写作 ""），绝不写 0；原文印了合计（“总计”列、“总计”行）
的照录，gjjgen 校验时会核对它是否等于算出的和。
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import yaml

from ..authoring.scaffold import INDENT, yaml_str
from ..authoring.scaffold import yaml_key as _yaml_key
from ..document.textblock import Paragraph, TextBlock
from ..spec.objects import (
    Column,
    Common,
    GroupsTable,
    IndicatorsTable,
    MatrixTable,
    Row,
    SectionsTable,
    Spec,
    Table,
    iter_rows,
)
from .mapping import CellKey, Traced

YamlPath = tuple[Any, ...]
yaml_key = cache(_yaml_key)
"""键的写法（每个键要试读一次 YAML，同样的键只试一次）。"""


@cache
def plain(text: str) -> str:
    """能不加引号就不加（与示例文件一样）；“2019”这样会被读成数的加引号。"""
    try:
        if yaml.safe_load(text) == text and "\n" not in text and not text.startswith(("'", '"')):
            return text
    except yaml.YAMLError:
        pass
    return yaml_str(text)


def scalar(text: str) -> str:
    """一格的写法：数照写，“—”照写，其余（空、“无”、“/”）加引号。"""
    if text == "—" or (text and (text[0].isdigit() or text[0] in "+-") and all(ch.isdigit() or ch in ".+-万元" for ch in text)):
        return text
    return yaml_str(text)


class Emitter:
    def __init__(self, spec: Spec, common: Common, cells: dict[CellKey, Traced]) -> None:
        self.spec = spec
        self.common = common
        self.cells = cells
        self.lines: list[str] = []
        self.paths: dict[YamlPath, CellKey] = {}
        self.missing: list[tuple[Table, str]] = []

    def comment(self, text: str, indent: str = "") -> None:
        self.lines.append(f"{indent}# {text}".rstrip())

    def header(self, agency: str, year: int | None, source: str, sidecar: str) -> None:
        self.comment(f"{agency} {year or ''} 年政府信息公开工作年度报告（{self.spec.name}）")
        self.comment(f"数据由 gjjgen import 从已发布的报告“{source}”读出；每个值在原文里的位置与可信程度见 {sidecar}。")
        self.comment("原文空着或印作“—”的格照录为未填（\"\"、—），没有当作 0。校验：gjjgen validate 本文件")

    def meta(self, values: dict[str, Any]) -> None:
        self.lines.append(f"{yaml_key(self.common.metadata_key)}:")
        for f in self.common.metadata:
            value = values.get(f.key)
            if value in (None, ""):
                continue
            text = str(value) if f.type in ("year", "date") else plain(str(value))
            self.lines.append(f"{INDENT}{yaml_key(f.key)}: {text}")
        self.lines.append("")

    def title(self, lines: list[str]) -> None:
        if len(lines) == 1:
            self.lines.append(f"标题: {yaml_str(lines[0])}")
        elif lines:
            self.lines.append("标题:")
            self.lines.extend(f"{INDENT}- {yaml_str(line)}" for line in lines)
        self.lines.append("")

    def textblock(self, key: str, block: TextBlock, indent: str = "") -> None:
        if not block:
            self.lines.append(f"{indent}{yaml_key(key)}: \"\"")
            return
        self.lines.append(f"{indent}{yaml_key(key)}:")
        self.items(block, indent + INDENT)

    def items(self, block: TextBlock, indent: str) -> None:
        for item in block:
            if isinstance(item, Paragraph):
                self.lines.append(f"{indent}- {yaml_str(item.text)}")
            else:
                self.lines.append(f"{indent}- 标题: {yaml_str(item.title)}")
                if item.body:
                    self.lines.append(f"{indent}  正文:")
                    self.items(item.body, indent + INDENT + INDENT)

    def chapters(self, key: str, chapters: list[tuple[str, TextBlock]]) -> None:
        self.lines.append(f"{yaml_key(key)}:")
        for title, block in chapters:
            self.lines.append(f"{INDENT}- 标题: {yaml_str(title)}")
            if block:
                self.lines.append(f"{INDENT}  正文:")
                self.items(block, INDENT * 3)

    # -- tables

    def _row(self, indent: str, key: str, path: YamlPath, cell_keys: Sequence[CellKey]) -> None:
        texts = []
        for index, cell_key in enumerate(cell_keys):
            traced = self.cells.get(cell_key)
            texts.append(scalar(traced.text) if traced else '""')
            self.paths[(*path, index) if len(cell_keys) > 1 else path] = cell_key
        value = texts[0] if len(texts) == 1 else f"[{', '.join(texts)}]"
        self.lines.append(f"{indent}{yaml_key(key)}: {value}")

    def _columns(self, table: Table, columns: tuple[Column, ...]) -> list[Column]:
        """总计列只在原文印了它时写出。"""
        out = []
        for column in columns:
            if column.total and not any(k[0] == table.key and k[-1] == column.key and t.text for k, t in self.cells.items()):
                continue
            out.append(column)
        return out

    def _has(self, prefix: CellKey) -> bool:
        return any(k[: len(prefix)] == prefix for k in self.cells)

    def table(self, part_key: str, table: Table) -> None:
        self.comment(f"{table.name}：{table.title}")
        self.lines.append(f"{yaml_key(part_key)}:")
        if isinstance(table, SectionsTable):
            self._sections(part_key, table)
        elif isinstance(table, MatrixTable):
            self._matrix(part_key, table)
        elif isinstance(table, GroupsTable):
            self._groups(part_key, table)
        else:
            self._indicators(part_key, table)

    def _sections(self, part_key: str, table: SectionsTable) -> None:
        for section in table.sections:
            self.lines.append(f"{INDENT}{yaml_key(section.key)}:")
            columns = list(section.columns)
            if len(columns) > 1:
                self.comment(f"{table.label_header or '信息内容'} | " + " | ".join(c.label for c in columns), INDENT * 2)
            for row in section.rows:
                keys = [(table.key, section.key, row.key, c.key) for c in columns]
                self._note_missing(table, keys, row.label)
                self._row(INDENT * 2, row.key, (part_key, section.key, row.key), keys)

    def _note_missing(self, table: Table, keys: Sequence[CellKey], label: str) -> None:
        if not any(k in self.cells for k in keys):
            self.missing.append((table, label))

    def _matrix(self, part_key: str, table: MatrixTable) -> None:
        columns = self._columns(table, table.columns)
        self.comment("  ".join(c.label for c in columns), INDENT)

        def walk(rows: tuple[Row, ...], prefix: tuple[str, ...], depth: int) -> None:
            indent = INDENT * depth
            for row in rows:
                key = (*prefix, row.key)
                if row.rows:
                    self.lines.append(f"{indent}{yaml_key(row.key)}:")
                    walk(row.rows, key, depth + 1)
                    continue
                keys = [(table.key, *key, c.key) for c in columns]
                if row.total and not any(self.cells.get(k) and self.cells[k].text for k in keys):
                    continue
                self._note_missing(table, keys, row.label)
                self._row(indent, row.key, (part_key, *key), keys)

        walk(table.rows, (), 1)

    def _groups(self, part_key: str, table: GroupsTable) -> None:
        columns = self._columns(table, table.columns)
        self.comment("  ".join(c.label for c in columns), INDENT)
        for group in table.groups:
            keys = [(table.key, group.key, c.key) for c in columns]
            self._note_missing(table, keys, group.label)
            self._row(INDENT, group.key, (part_key, group.key), keys)

    def _indicators(self, part_key: str, table: IndicatorsTable) -> None:
        for section in table.indicator_sections:
            self.lines.append(f"{INDENT}{yaml_key(section.key)}:")
            rows = [(section.value, section.label, section.unit)] if section.value else []
            rows += [(r.key, r.label, r.unit) for r in iter_rows(section.rows) if r.has_value]
            for key, label, unit in rows:
                cell_key = (table.key, section.key, key)
                self._note_missing(table, [cell_key], label)
                traced = self.cells.get(cell_key)
                text = scalar(traced.text) if traced else '""'
                self.lines.append(f"{INDENT * 2}{yaml_key(key)}: {text}" + (f"  # {unit}" if unit else ""))
                self.paths[(part_key, section.key, key)] = cell_key

    def text(self) -> str:
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
        return "\n".join(self.lines) + "\n"
