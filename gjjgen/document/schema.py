"""由格式文件生成数据文件的 Cerberus 模式：模式不手写，格式文件改了模式跟着改。

每一项的规则带着 ``meta``（法定名称、别名、列、单元格类型），结构检查与键的对应都从这里取。
"""

from __future__ import annotations

from typing import Any

from ..spec.objects import (
    Column,
    Common,
    Field,
    FieldType,
    GroupsTable,
    MatrixTable,
    Row,
    SectionsTable,
    Spec,
    Table,
    iter_rows,
)


def _meta(**kwargs: Any) -> dict[str, Any]:
    return {k: v for k, v in kwargs.items() if v not in (None, (), "")}


def _row_rule(columns: tuple[Column, ...], label: str, aliases: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"nullable": True, "check_with": "row", "meta": _meta(columns=columns, label=label, aliases=aliases)}


def _matrix_rows(table: MatrixTable, rows: tuple[Row, ...]) -> dict[str, Any]:
    schema: dict[str, Any] = {}
    for row in rows:
        if row.rows:
            schema[row.key] = {
                "type": "dict",
                "nullable": True,
                "schema": _matrix_rows(table, row.rows),
                "meta": _meta(label=row.label, aliases=row.aliases),
            }
        else:
            schema[row.key] = _row_rule(table.columns, row.label, row.aliases)
    return schema


def _table_rule(table: Table) -> dict[str, Any]:
    if isinstance(table, SectionsTable):
        schema = {
            section.key: {
                "type": "dict",
                "nullable": True,
                "schema": {row.key: _row_rule(section.columns, row.label, row.aliases) for row in section.rows},
                "meta": _meta(label=section.label),
            }
            for section in table.sections
        }
    elif isinstance(table, MatrixTable):
        schema = _matrix_rows(table, table.rows)
    elif isinstance(table, GroupsTable):
        schema = {g.key: _row_rule(table.columns, g.label) for g in table.groups}
    else:
        schema = {}
        for section in table.indicator_sections:
            inner: dict[str, Any] = {}
            if section.value:
                inner[section.value] = {"nullable": True, "check_with": "cell", "meta": _meta(type=section.type, label=section.label)}
            for row in iter_rows(section.rows):
                if row.has_value:
                    inner[row.key] = {"nullable": True, "check_with": "cell", "meta": _meta(type=row.type, label=row.label, aliases=row.aliases)}
            schema[section.key] = {"type": "dict", "nullable": True, "schema": inner, "meta": _meta(label=section.label)}
    return {"type": "dict", "schema": schema}


_FIELD_RULES: dict[FieldType, dict[str, Any]] = {
    "text": {"type": ["string", "integer"], "nullable": True},
    "year": {"check_with": "year"},
    "format": {"check_with": "format", "nullable": True},
    "date": {"check_with": "date", "nullable": True},
    "lines": {"check_with": "lines", "nullable": True},
    "textblock": {"check_with": "textblock", "nullable": True},
}


def _with_length(rule: dict[str, Any], field: Field) -> dict[str, Any]:
    """格式文件写了 ``max_length`` 的项再核对长度（见 :meth:`_Validator._check_with_length`）。"""
    if field.max_length:
        checks = rule.get("check_with")
        rule["check_with"] = [*([checks] if checks else []), "length"]
        rule["meta"] = {**rule.get("meta", {}), "max_length": field.max_length, "label": field.key}
    return rule


def build_schema(spec: Spec, common: Common) -> dict[str, Any]:
    """生成整份数据文件的 Cerberus 模式。"""
    metadata = {}
    for f in common.metadata:
        rule = dict(_FIELD_RULES[f.type])
        if f.required:
            rule["required"] = True
            rule.pop("nullable", None)
        metadata[f.key] = _with_length(rule, f)
    schema: dict[str, Any] = {common.metadata_key: {"type": "dict", "required": True, "schema": metadata}}
    for f in common.document:
        schema[f.key] = _with_length(dict(_FIELD_RULES[f.type]), f)
    for part in spec.parts:
        if part.kind == "text":
            rule = {"check_with": "textblock", "nullable": True}
        elif part.kind == "parts":
            rule = {"check_with": "parts", "nullable": True}
        elif part.kind == "fields":
            rule = {"type": "dict", "nullable": True, "schema": {k: dict(_FIELD_RULES["text"]) for k in part.fields}}
        else:
            rule = _table_rule(spec.table_of(part))
            rule["required"] = True
        rule["meta"] = {**rule.get("meta", {}), **_meta(label=part.title, aliases=part.aliases)}
        schema[part.key] = rule
    return schema
