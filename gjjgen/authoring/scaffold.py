"""由法定格式生成一份完整的数据文件（``gjjgen init``），可选地承接上一年度的报告。

每个键都写出来，上方的注释照录法定格式的行名、列名和填写说明（格式文件的 ``label`` 与
``guide``），数字格一律写 0，叙述部分留空并写明应写什么。有上年数据时（``--from``）：

- 表中声明了 ``carry`` 的格按规定承接（上年结转 = 上年结转下年度继续办理，现行有效件数、
  上一年项目数量接着上年算）；
- 机关信息照抄；
- 上年的叙述文字逐段保留，但每段开头加上 :data:`CARRIED_MARK`。这个标记是正文的一部分：
  不删掉它，``gjjgen validate`` 会逐段警告（TEXT-CARRIED），生成的报告里也会原样印出，
  所以不可能在不知情时把去年的文字当作今年的发出去。
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import yaml

from ..document.names import format_number
from ..document.passages import CARRIED_MARK
from ..document.textblock import Paragraph, TextBlock
from ..report.model import chinese_number
from ..spec.objects import (
    Column,
    Common,
    Field,
    FieldType,
    GroupsTable,
    IndicatorsTable,
    MatrixTable,
    Row,
    SectionsTable,
    Spec,
    Table,
    iter_rows,
    row_label,
)
from .carried import Carried, collect_carried

__all__ = ["CARRIED_MARK", "Carried", "Options", "collect_carried", "scaffold", "yaml_key", "yaml_str"]

INDENT = "  "

FIELD_TYPE_WORDS: dict[FieldType, str] = {"year": "四位数年份", "date": "日期，如 2025-01-20 或 2025年1月20日", "format": "格式版本"}

# ---------------------------------------------------------------- YAML text helpers


def yaml_key(text: str) -> str:
    """键：能不加引号就不加（书记员看到的就是表上的字），否则用双引号。"""
    if re.fullmatch(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#]*", text) and not text.endswith(" "):
        try:
            if yaml.safe_load(f"{text}: 0") == {text: 0}:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)


def yaml_str(text: str) -> str:
    """一行文字的标量：双引号（JSON 字符串也是合法的 YAML 双引号字符串）。"""
    return json.dumps(text, ensure_ascii=False)


def _number(value: Any) -> str:
    text = format_number(value)
    return text if text else "0"


def _comment(lines: list[str], indent: str, text: str) -> None:
    for line in text.splitlines() or [""]:
        lines.append(f"{indent}# {line}".rstrip())


# ---------------------------------------------------------------- writing


@dataclass
class Options:
    """``gjjgen init`` 的输入。"""

    agency: str
    year: int
    spec: Spec
    common: Common
    province: str | None = None
    schema_ref: str | None = None
    previous_ref: str | None = None
    carried: Carried | None = None


class _Writer:
    def __init__(self, options: Options) -> None:
        self.o = options
        self.lines: list[str] = []
        self.carried = options.carried or Carried()

    # -- pieces

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def comment(self, text: str, indent: str = "") -> None:
        _comment(self.lines, indent, text)

    def header(self) -> None:
        spec = self.o.spec
        if self.o.schema_ref:
            self.lines.append(f"# yaml-language-server: $schema={self.o.schema_ref}")
        self.comment(f"{self.o.agency} {self.o.year} 年政府信息公开工作年度报告 数据文件")
        self.comment(f"法定格式：{spec.name}（{spec.basis}）。由 gjjgen init 生成。")
        self.comment("填写：数字格只写数字，没有发生的写 0；确实空白的格写“—”（会提示，印出来保持“—”）。")
        self.comment("合计（“总计”列、“（七）总计”行等）由 gjjgen 计算，不必填写。")
        self.comment("叙述文字可引用表中的数，如 {{ 依申请.本年新收.总计 }}，印出时换成表中的值（见 README）。")
        self.comment("检查：gjjgen validate 本文件；草稿：gjjgen render --draft 本文件")
        if self.carried.source:
            self.comment(f"承接自上年数据：{self.carried.source}。上年的文字每段前都加了 {CARRIED_MARK}，")
            self.comment("改写成本年的内容后删去标记；标记未删时 gjjgen validate 会警告，印出来也看得见。")
        self.blank()

    def metadata(self) -> None:
        common = self.o.common
        values: dict[str, Any] = {
            "机关名称": self.o.agency,
            "报告年度": self.o.year,
            "格式": self.o.spec.id,
            "省份": self.o.province,
            "上年数据": self.o.previous_ref,
        }
        for key, value in self.carried.meta.items():
            if key not in values or values[key] in (None, ""):
                values[key] = value
        self.lines.append(f"{yaml_key(common.metadata_key)}:")
        for f in common.metadata:
            self.comment(_field_guide(f), INDENT)
            value = values.get(f.key)
            if value in (None, ""):
                self.lines.append(f"{INDENT}{yaml_key(f.key)}:")
            elif isinstance(value, int) and f.type == "year":
                self.lines.append(f"{INDENT}{yaml_key(f.key)}: {value}")
            else:
                self.lines.append(f"{INDENT}{yaml_key(f.key)}: {yaml_str(str(value))}")
        self.blank()

    def document_fields(self) -> None:
        for f in self.o.common.document:
            self.comment(f"{f.key}：{f.guide}")
            if f.type == "lines":
                title = self.carried.title
                if title:
                    self.comment("（照上年标题改了年份，请核对）")
                    self.lines.append(f"{yaml_key(f.key)}:")
                    for line in title:
                        self.lines.append(f"{INDENT}- {yaml_str(line)}")
                else:
                    self.lines.append(f"{yaml_key(f.key)}:")
            else:
                self.textblock(f.key, [("", self.carried.preamble)] if self.carried.preamble else [])
            self.blank()

    def textblock(self, key: str, blocks: list[tuple[str, TextBlock]], indent: str = "") -> None:
        if not blocks:
            self.lines.append(f"{indent}{yaml_key(key)}:")
            return
        self.lines.append(f"{indent}{yaml_key(key)}:")
        for title, block in blocks:
            if title:
                self.subsection(title, block, indent + INDENT)
            else:
                self.items(block, indent + INDENT)

    def items(self, block: TextBlock, indent: str) -> None:
        run: list[str] = []

        def flush() -> None:
            if run:
                self.lines.append(f"{indent}- |-")
                for text in run:
                    self.lines.append(f"{indent}{INDENT}{CARRIED_MARK}{text}")
                run.clear()

        for item in block:
            if isinstance(item, Paragraph):
                run.append(item.text)
            else:
                flush()
                self.subsection(item.title, item.body, indent)
        flush()

    def subsection(self, title: str, body: TextBlock, indent: str) -> None:
        self.lines.append(f"{indent}- 标题: {yaml_str(title)}")
        if not body:
            return
        if all(isinstance(b, Paragraph) for b in body):
            self.lines.append(f"{indent}  正文: |-")
            for item in body:
                self.lines.append(f"{indent}{INDENT}{INDENT}{CARRIED_MARK}{item.text}")  # type: ignore[union-attr]
        else:
            self.lines.append(f"{indent}  正文:")
            self.items(body, indent + INDENT + INDENT)

    def parts(self) -> None:
        number = 0
        for part in self.o.spec.parts:
            if not part.appendix:
                number += 1
            heading = part.title if part.appendix else f"{chinese_number(number)}、{part.title}"
            self.lines.append(f"# {'=' * 60}")
            self.comment(heading + ("（附件）" if part.appendix else ""))
            if part.kind == "text":
                self.comment(f"应写：{part.guide}" if part.guide else "")
                self.comment("写法：一段文字写在“|”下一行起（每段一行，缩进两格）；分节写成“- 标题: …”加“正文: …”。")
                blocks = self.carried.texts.get(part.key, [])
                if blocks:
                    self.textblock(part.key, blocks)
                else:
                    self.lines.append(f"{yaml_key(part.key)}: |-")
            elif part.kind == "parts":
                self.comment(f"应写：{part.guide}" if part.guide else "")
                self.comment("写法：每部分一项，“- 标题: 一、概述”下一行写“正文: |”，正文每段一行。")
                blocks = self.carried.texts.get(part.key, [])
                if blocks:
                    self.lines.append(f"{yaml_key(part.key)}:")
                    for title, block in blocks:
                        self.subsection(title or part.title, block, INDENT)
                else:
                    self.lines.append(f"{yaml_key(part.key)}:")
                    self.comment("- 标题: 概述", INDENT)
                    self.comment("  正文: |", INDENT)
                    self.comment("    第一段", INDENT)
            elif part.kind == "fields":
                self.comment(part.guide)
                self.lines.append(f"{yaml_key(part.key)}:")
                values = self.carried.fields.get(part.key, {})
                for name in part.fields:
                    value = values.get(name)
                    self.lines.append(f"{INDENT}{yaml_key(name)}:" + (f" {yaml_str(value)}" if value else ""))
            else:
                self.table(part.key, self.o.spec.table_of(part))
            self.blank()

    # -- tables

    def _value(self, table: Table, key: tuple[str, ...]) -> Any:
        return self.carried.cells.get((table.key, *key), 0)

    def _row_values(self, table: Table, key: tuple[str, ...], columns: tuple[Column, ...]) -> str:
        inputs = [c for c in columns if not c.total]
        values = [_number(self._value(table, (*key, c.key))) for c in inputs]
        if len(values) == 1:
            return values[0]
        return f"[{', '.join(values)}]"

    def _note(self, table: Table, key: tuple[str, ...], indent: str) -> None:
        note = self.carried.notes.get((table.key, *key))
        if note:
            self.comment(note, indent)

    def table(self, part_key: str, table: Table) -> None:
        self.comment(f"{table.name}：{table.title}")
        self.lines.append(f"{yaml_key(part_key)}:")
        if isinstance(table, SectionsTable):
            self._table_sections(table)
        elif isinstance(table, MatrixTable):
            self._table_matrix(table)
        elif isinstance(table, GroupsTable):
            self._table_groups(table)
        else:
            self._table_indicators(table)

    def _table_sections(self, table: SectionsTable) -> None:
        for section in table.sections:
            self.lines.append(f"{INDENT}{yaml_key(section.key)}:")
            inputs = [c for c in section.columns if not c.total]
            if len(inputs) > 1:
                self.comment(f"{table.label_header or '信息内容'} | " + " | ".join(c.label for c in inputs), INDENT * 2)
            for row in section.rows:
                guide = _row_guide(row.label, inputs)
                self.comment(guide, INDENT * 2)
                for column in inputs:
                    if column.carry:
                        self.comment(_carry_guide(column), INDENT * 2)
                self._note(table, (section.key, row.key), INDENT * 2)
                self.lines.append(f"{INDENT * 2}{yaml_key(row.key)}: {self._row_values(table, (section.key, row.key), section.columns)}")

    def _table_matrix(self, table: MatrixTable) -> None:
        inputs = [c for c in table.columns if not c.total]
        total = next((c for c in table.columns if c.total), None)
        names = "、".join(f"{c.group}·{c.label}" if c.group else c.label for c in inputs)
        self.comment(f"每行依次填 {len(inputs)} 个数：{names}", INDENT)
        if total:
            self.comment(f"“{total.label}”列与各“总计”行由 gjjgen 计算，不必填写。", INDENT)
        if table.corner:
            self.comment(table.corner, INDENT)

        def walk(rows: tuple[Row, ...], prefix: tuple[str, ...], depth: int) -> None:
            indent = INDENT * depth
            for row in rows:
                key = (*prefix, row.key)
                if row.total:
                    self.comment(f"{row.label}：由 gjjgen 计算", indent)
                    continue
                self.comment(row.label + (f"（应等于上年报告的「{'」+「'.join(row_label(table, tuple(p.split('.'))) for p in row.carry.prev)}」）" if row.carry else ""), indent)
                if row.rows:
                    self.lines.append(f"{indent}{yaml_key(row.key)}:")
                    walk(row.rows, key, depth + 1)
                else:
                    self._note(table, key, indent)
                    self.lines.append(f"{indent}{yaml_key(row.key)}: {self._row_values(table, key, table.columns)}")

        walk(table.rows, (), 1)

    def _table_groups(self, table: GroupsTable) -> None:
        inputs = [c for c in table.columns if not c.total]
        total = next((c for c in table.columns if c.total), None)
        self.comment("每项依次填：" + "、".join(c.label for c in inputs) + (f"（“{total.label}”由 gjjgen 计算）" if total else ""), INDENT)
        for group in table.groups:
            self.comment(f"{group.parent}·{group.label}" if group.parent else group.label, INDENT)
            self.lines.append(f"{INDENT}{yaml_key(group.key)}: {self._row_values(table, (group.key,), table.columns)}")

    def _table_indicators(self, table: IndicatorsTable) -> None:
        self.comment(f"每项填{table.headers[-1] if table.headers else '统计数'}（单位见注释）；没有单位的分组行不填数。", INDENT)
        for section in table.indicator_sections:
            self.lines.append(f"{INDENT}{yaml_key(section.key)}:")
            indent = INDENT * 2
            if section.value:
                self.comment(f"{section.label}（{section.unit}）" + ("：应等于下列各项之和" if section.sum else ""), indent)
                self.lines.append(f"{indent}{yaml_key(section.value)}: {_number(self._value(table, (section.key, section.value)))}")
            else:
                self.comment(section.label, indent)
            for row in iter_rows(section.rows):
                if not row.has_value:
                    self.comment(f"{row.label}（不填数）", indent)
                    continue
                self.comment(f"{row.label}（{row.unit}）" + ("：应等于其下各项之和" if row.sum else ""), indent)
                self.lines.append(f"{indent}{yaml_key(row.key)}: {_number(self._value(table, (section.key, row.key)))}")
        if table.note:
            self.comment(table.note, INDENT)

    def text(self) -> str:
        self.header()
        self.metadata()
        self.document_fields()
        self.parts()
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
        return "\n".join(self.lines) + "\n"


def _field_guide(f: Field) -> str:
    kind = FIELD_TYPE_WORDS.get(f.type)
    required = "（必填）" if f.required else ""
    return f"{f.key}{required}：{f.guide}" + (f"（{kind}）" if kind and kind not in f.guide else "")


def _row_guide(label: str, inputs: list[Column]) -> str:
    if len(inputs) == 1:
        column = inputs[0]
        what = "金额，可带小数" if column.type == "amount" else "件数"
        return f"{label}：{column.label}（{what}）"
    kinds = {c.type for c in inputs}
    note = "；「本年增/减」减少时写负数" if "signed" in kinds else ""
    return f"{label}：依次填 " + "、".join(c.label for c in inputs) + note


def _carry_guide(column: Column) -> str:
    carry = column.carry
    assert carry is not None
    parts = "上年「" + "」+ 上年「".join(carry.prev) + "」"
    parts += "".join(f" + 本年「{n}」" for n in carry.plus) + "".join(f" − 本年「{n}」" for n in carry.minus)
    return f"「{column.label}」= {parts}"


def scaffold(options: Options) -> str:
    """生成数据文件的全文。"""
    return _Writer(options).text()
