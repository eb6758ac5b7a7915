"""数据文件的 JSON Schema（draft 2020-12），供编辑器补全中文键、就地提示错误。

与 Cerberus 模式一样由格式文件派生（不手写）：键是法定格式的行名、列名，``description`` 是
法定名称与填写说明。VS Code 的 YAML 插件读数据文件第一行的
``# yaml-language-server: $schema=…`` 找到它（``gjjgen init`` 会写这一行和这个文件）。

它只是编辑时的帮助：比 ``gjjgen validate`` 宽松（不核对合计、勾稽关系），键只认标准写法、
法定名称和别名（``gjjgen validate`` 还认全半角、序号不同的写法）。
"""

from __future__ import annotations

import json
from typing import Any

from ..document.cells import BLANK_MARKERS, TYPE_WORDS
from ..spec.formats import available_specs
from ..spec.objects import (
    CellType,
    Column,
    Common,
    Field,
    GroupsTable,
    MatrixTable,
    Row,
    SectionsTable,
    Spec,
    Table,
    iter_rows,
)

DIALECT = "https://json-schema.org/draft/2020-12/schema"

_BLANK = {"$ref": "#/$defs/未填"}


_DEFS: dict[str, Any] = {}
"""构建中收集的共用定义（格、行的形状），最后放进 ``$defs``：同形状的行只写一次。"""


def _cell_def(ctype: CellType, units: tuple[str, ...] = ()) -> dict[str, Any]:
    if ctype == "amount":
        unit = "|".join(units)
        number: dict[str, Any] = {"type": "number", "minimum": 0}
        text = {"type": "string", "pattern": rf"^\s*\d+(\.\d+)?\s*({unit})?\s*$" if unit else r"^\s*\d+(\.\d+)?\s*$"}
    elif ctype == "signed":
        number = {"type": "integer"}
        text = {"type": "string", "pattern": r"^\s*[+\-－＋]?[0-9０-９]+\s*$"}
    else:
        number = {"type": "integer", "minimum": 0}
        text = {"type": "string", "pattern": r"^\s*[0-9０-９]+\s*$"}
    return {"anyOf": [number, text, _BLANK], "description": TYPE_WORDS[ctype]}


def _cell(ctype: CellType, units: tuple[str, ...] = (), description: str = "") -> dict[str, Any]:
    name = "格-" + ctype + ("-" + "-".join(units) if units else "")
    _DEFS.setdefault(name, _cell_def(ctype, units))
    ref: dict[str, Any] = {"$ref": f"#/$defs/{name}"}
    if description:
        ref["description"] = f"{description}：{TYPE_WORDS[ctype]}"
    return ref


def _names(key: str, label: str = "", aliases: tuple[str, ...] = ()) -> list[str]:
    out = [key]
    for name in (label, *aliases):
        if name and name not in out:
            out.append(name)
    return out


def _row(columns: tuple[Column, ...], label: str, shape: str) -> dict[str, Any]:
    """一行：引用这种列组合的共用定义，描述写本行的法定名称与列序。"""
    inputs = [c for c in columns if not c.total]
    order = "、".join(c.label for c in inputs)
    total = next((c for c in columns if c.total), None)
    hint = f"依次填：{order}" + (f"（“{total.label}”由 gjjgen 计算，可不写）" if total else "")
    name = f"行-{shape}"
    _DEFS.setdefault(name, _row_def(columns))
    return {"$ref": f"#/$defs/{name}", "description": f"{label}。{hint}", "default": [0] * len(inputs) if len(inputs) > 1 else 0}


def _row_def(columns: tuple[Column, ...]) -> dict[str, Any]:
    """一行：按列序的列表、按列名的映射，或（只有一列时）一个数。"""
    inputs = [c for c in columns if not c.total]
    order = "、".join(c.label for c in inputs)
    total = next((c for c in columns if c.total), None)
    hint = f"依次填：{order}" + (f"（“{total.label}”由 gjjgen 计算，可不写）" if total else "")
    items = [_cell(c.type, c.units, c.label) for c in columns]
    as_list = {
        "type": "array",
        "prefixItems": items,
        "minItems": len(inputs),
        "maxItems": len(columns),
        "items": False,
        "description": f"按列序写成列表，{hint}",
    }
    props: dict[str, Any] = {}
    for column in columns:
        for name in _names(column.key, column.label):
            props[name] = _cell(column.type, column.units, column.label)
    as_map = {"type": "object", "properties": props, "additionalProperties": False, "description": "按列名写成映射"}
    options: list[dict[str, Any]] = [as_list, as_map, {"type": "null"}]
    if len(columns) == 1:
        options.insert(0, _cell(columns[0].type, columns[0].units, columns[0].label))
    return {"anyOf": options}


def _object(props: dict[str, Any], description: str, required: list[str] | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": ["object", "null"], "properties": props, "additionalProperties": False, "description": description}
    if required:
        schema["required"] = required
    return schema


def _put(props: dict[str, Any], names: list[str], schema: dict[str, Any]) -> None:
    for name in names:
        props.setdefault(name, schema)


def _matrix_rows(table: MatrixTable, rows: tuple[Row, ...]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for row in rows:
        if row.rows:
            schema = _object(_matrix_rows(table, row.rows), row.label)
        else:
            schema = _row(table.columns, row.label, table.key)
            if row.total:
                schema["description"] = f"{row.label}：由 gjjgen 计算，可不写；写了则核对"
        _put(props, _names(row.key, row.label, row.aliases), schema)
    return props


def _table(table: Table, title: str) -> dict[str, Any]:
    props: dict[str, Any] = {}
    if isinstance(table, SectionsTable):
        for section in table.sections:
            rows: dict[str, Any] = {}
            for row in section.rows:
                _put(rows, _names(row.key, row.label, row.aliases), _row(section.columns, row.label, f"{table.key}-{section.key}"))
            _put(props, _names(section.key, section.label), _object(rows, section.label))
    elif isinstance(table, MatrixTable):
        props = _matrix_rows(table, table.rows)
    elif isinstance(table, GroupsTable):
        for group in table.groups:
            label = f"{group.parent}·{group.label}" if group.parent else group.label
            _put(props, _names(group.key, group.label), _row(table.columns, label, table.key))
    else:
        for indicator in table.indicator_sections:
            inner: dict[str, Any] = {}
            if indicator.value:
                inner[indicator.value] = _cell(indicator.type, (), f"{indicator.label}（{indicator.unit}）")
            for row in iter_rows(indicator.rows):
                if row.has_value:
                    _put(inner, _names(row.key, row.label, row.aliases), _cell(row.type, (), f"{row.label}（{row.unit}）"))
            _put(props, _names(indicator.key, indicator.label), _object(inner, indicator.label))
    schema = _object(props, f"{table.name} {title}")
    schema["type"] = "object"
    return schema


def _field(f: Field, spec_ids: list[str]) -> dict[str, Any]:
    if f.type == "year":
        schema: dict[str, Any] = {"type": "integer", "minimum": 2008, "maximum": 2100}
    elif f.type == "format":
        schema = {"enum": [*spec_ids, *(int(i) for i in spec_ids if i.isdigit()), None]}
    elif f.type == "date":
        schema = {
            "anyOf": [
                {"type": "string", "pattern": r"^\s*\d{4}\s*(-|/|\.|年)\s*\d{1,2}\s*(-|/|\.|月)\s*\d{1,2}\s*日?\s*$"},
                {"type": "null"},
            ]
        }
    elif f.type == "lines":
        schema = {"anyOf": [{"type": ["string", "null"]}, {"type": "array", "items": {"type": ["string", "integer"]}}]}
    elif f.type == "textblock":
        schema = {"$ref": "#/$defs/文字块"}
    else:
        schema = {"type": ["string", "integer"] if f.required else ["string", "integer", "null"]}
    return {**schema, "description": f.guide or f.key}


def _defs() -> dict[str, Any]:
    subsection = {
        "type": "object",
        "properties": {
            "标题": {"type": ["string", "integer"], "description": "分节标题（序号由排版生成，不必手写）"},
            "小标题": {"type": ["string", "integer"], "description": "分节标题（同“标题”）"},
            "正文": {"$ref": "#/$defs/文字块"},
            "内容": {"$ref": "#/$defs/文字块"},
        },
        "anyOf": [{"required": ["标题"]}, {"required": ["小标题"]}],
        "additionalProperties": False,
        "description": "带标题的一节：标题 + 正文",
    }
    return {
        "未填": {"anyOf": [{"type": "null"}, {"enum": list(BLANK_MARKERS)}], "description": "未填的格（不计为 0）"},
        "分节": subsection,
        "文字块": {
            "anyOf": [
                {"type": ["string", "number", "null"]},
                {"$ref": "#/$defs/分节"},
                {
                    "type": "array",
                    "items": {"anyOf": [{"type": ["string", "number", "null"]}, {"$ref": "#/$defs/分节"}]},
                },
            ],
            "description": "一段文字（每行一段），或段落与分节组成的列表",
        },
    }


def json_schema(spec: Spec, common: Common) -> dict[str, Any]:
    """整份数据文件的 JSON Schema。"""
    _DEFS.clear()
    spec_ids = available_specs()
    meta = {f.key: _field(f, spec_ids) for f in common.metadata}
    props: dict[str, Any] = {
        common.metadata_key: {
            "type": "object",
            "properties": meta,
            "required": [f.key for f in common.metadata if f.required],
            "additionalProperties": False,
            "description": "报告的基本信息",
        }
    }
    for f in common.document:
        props[f.key] = _field(f, spec_ids)
    required = [common.metadata_key]
    for index, part in enumerate(spec.parts, start=1):
        heading = f"{part.title}" if part.appendix else f"第{index}部分：{part.title}"
        if part.kind == "text":
            schema: dict[str, Any] = {"$ref": "#/$defs/文字块", "description": f"{heading}。{part.guide}".rstrip("。") + "。"}
        elif part.kind == "parts":
            schema = {"type": ["array", "null"], "items": {"$ref": "#/$defs/分节"}, "description": f"{heading}。{part.guide}"}
        elif part.kind == "fields":
            schema = _object({k: {"type": ["string", "integer", "null"], "description": k} for k in part.fields}, f"{heading}。{part.guide}")
        else:
            schema = _table(spec.table_of(part), heading)
            required.append(part.key)
        _put(props, _names(part.key, part.title, part.aliases), schema)
    return {
        "$schema": DIALECT,
        "title": f"政府信息公开工作年度报告数据文件（{spec.name}，{spec.basis}）",
        "description": "由 gjjgen schema 按法定格式生成；最终以 gjjgen validate 的结果为准。",
        "type": "object",
        "properties": props,
        "required": required,
        "additionalProperties": False,
        "$defs": {**_defs(), **dict(sorted(_DEFS.items()))},
    }


def json_schema_text(spec: Spec, common: Common) -> str:
    return json.dumps(json_schema(spec, common), ensure_ascii=False, indent=2) + "\n"


def schema_file_name(spec: Spec) -> str:
    """``gjjgen init`` 写在数据文件旁边的 JSON Schema 文件名。"""
    return f"gjjgen-{spec.id}.schema.json"
