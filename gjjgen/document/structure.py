"""数据文件的结构校验：由格式文件生成 Cerberus 模式，再把 Cerberus 的错误译成中文问题。

三步：``build_schema`` 从 :class:`~gjjgen.spec.formats.Spec` 生成模式（不手写）；``resolve_keys``
把书记员写的键（带序号、全角括号、别名）换成格式文件里的标准键；``check_structure``
运行 Cerberus，单元格、行、文字块由自定义规则检查。
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from typing import Any

import cerberus

from ..problems.codes import Level
from ..problems.findings import Finding
from ..source.datafile import Loaded
from ..spec.formats import Column, Common, Row, Spec, Table, iter_rows, match_key
from .cells import parse_cell
from .textblock import parse_textblock

TYPE_NAMES = {"dict": "“键: 值”映射", "list": "列表", "string": "一段文字", "integer": "整数", "date": "日期"}


# ---------------------------------------------------------------- schema generation


def _meta(**kwargs: Any) -> dict[str, Any]:
    return {k: v for k, v in kwargs.items() if v not in (None, (), "")}


def _row_rule(columns: tuple[Column, ...], label: str, aliases: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"nullable": True, "check_with": "row", "meta": _meta(columns=columns, label=label, aliases=aliases)}


def _matrix_rows(table: Table, rows: tuple[Row, ...]) -> dict[str, Any]:
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
    if table.kind == "sections":
        schema = {
            section.key: {
                "type": "dict",
                "nullable": True,
                "schema": {row.key: _row_rule(section.columns, row.label, row.aliases) for row in section.rows},
                "meta": _meta(label=section.label),
            }
            for section in table.sections
        }
    elif table.kind == "matrix":
        schema = _matrix_rows(table, table.rows)
    elif table.kind == "groups":
        schema = {g.key: _row_rule(table.columns, g.label) for g in table.groups}
    elif table.kind == "indicators":
        schema = {}
        for section in table.indicator_sections:
            inner: dict[str, Any] = {}
            if section.value:
                inner[section.value] = {"nullable": True, "check_with": "cell", "meta": _meta(type=section.type, label=section.label)}
            for row in iter_rows(section.rows):
                if row.has_value:
                    inner[row.key] = {"nullable": True, "check_with": "cell", "meta": _meta(type=row.type, label=row.label, aliases=row.aliases)}
            schema[section.key] = {"type": "dict", "nullable": True, "schema": inner, "meta": _meta(label=section.label)}
    else:  # pragma: no cover - spec/formats.py 已拒绝未知的 kind
        raise ValueError(table.kind)
    return {"type": "dict", "schema": schema}


_FIELD_RULES: dict[str, dict[str, Any]] = {
    "text": {"type": ["string", "integer"], "nullable": True},
    "year": {"check_with": "year"},
    "format": {"check_with": "format", "nullable": True},
    "date": {"check_with": "date", "nullable": True},
    "lines": {"check_with": "lines", "nullable": True},
    "textblock": {"check_with": "textblock", "nullable": True},
}


def build_schema(spec: Spec, common: Common) -> dict[str, Any]:
    """生成整份数据文件的 Cerberus 模式。"""
    metadata = {}
    for f in common.metadata:
        rule = dict(_FIELD_RULES[f.type])
        if f.required:
            rule["required"] = True
            rule.pop("nullable", None)
        metadata[f.key] = rule
    schema: dict[str, Any] = {common.metadata_key: {"type": "dict", "required": True, "schema": metadata}}
    for f in common.document:
        schema[f.key] = dict(_FIELD_RULES[f.type])
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


# ---------------------------------------------------------------- key resolution


def _rename(loaded: Loaded, old: tuple[Any, ...], new: tuple[Any, ...]) -> None:
    """把位置表里以 ``old`` 开头的路径改到 ``new`` 下，数据已按标准键重排。"""
    n = len(old)
    tables: tuple[dict[Any, Any], ...] = (loaded.value_marks, loaded.key_marks, loaded.raw)
    for table in tables:
        for path in [p for p in table if p[:n] == old]:
            table[new + path[n:]] = table.pop(path)


def resolve_keys(loaded: Loaded, schema: dict[str, Any], data: Any = None, path: tuple[Any, ...] = ()) -> list[Finding]:
    """把近似的键（序号、全半角、别名不同）改成标准键，并报告不认识的键与重复的键。

    不认识的键在这里报告而不交给 Cerberus：Cerberus 每记一个错误就把错误表重排一次，
    成千上万个乱写的键会让校验慢到几十分钟。被报告的键留在数据里，Cerberus 不再理会。
    """
    findings: list[Finding] = []
    if data is None:
        data = loaded.data
    if not isinstance(data, dict):
        return findings
    lookup: dict[str, str] = {}
    for key, rule in schema.items():
        lookup.setdefault(match_key(key), key)
        for alias in rule.get("meta", {}).get("aliases", ()):
            lookup.setdefault(match_key(alias), key)
    where = "数据文件顶层" if not path else f"「{path[-1]}」"
    for key in list(data):
        if key in schema:
            continue
        target = lookup.get(match_key(key))
        if target is None:
            findings.append(
                Finding((*path, key), "KEY-UNKNOWN", f"{where}不认识键“{key}”{_suggest(str(key), list(schema))}", at_key=True)
            )
            continue
        if target in data:
            first, second = sorted((loaded.key_mark((*path, target)), loaded.key_mark((*path, key))))
            later = key if loaded.key_mark((*path, key)) == second else target
            earlier = target if later == key else key
            findings.append(
                Finding(
                    (*path, later),
                    "KEY-DUP",
                    f"“{later}”与“{earlier}”指的是同一项（第一次在第 {first[0]} 行），只能写一次",
                    at_key=True,
                )
            )
            data.pop(key)  # 已报告；留下标准写法的那一项，免得再报“不认识”
            continue
        data[target] = data.pop(key)
        _rename(loaded, (*path, key), (*path, target))
    # 保持数据文件中的书写顺序无关紧要：后续处理按格式文件的顺序取值
    for key, value in data.items():
        rule = schema.get(key)
        if rule and isinstance(value, dict) and isinstance(rule.get("schema"), dict) and rule.get("type") == "dict":
            findings.extend(resolve_keys(loaded, rule["schema"], value, (*path, key)))
    return findings


# ---------------------------------------------------------------- validator


class _GeneratedSchema(cerberus.schema.DefinitionSchema):
    """由格式文件生成的模式：它是否合乎 Cerberus 语法由测试保证（见 test_schema），
    运行时不再逐条检查模式本身——那一步占了 ``gjjgen validate`` 大半的时间。"""

    def validate(self, schema: Any = None) -> None:
        return None


class _Validator(cerberus.Validator):
    """Cerberus 校验器：自定义规则把问题直接记为 :class:`Finding`。"""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.findings: list[Finding] = kwargs.get("findings", [])
        self.loaded: Loaded | None = kwargs.get("loaded")
        self.spec_ids: tuple[str, ...] = kwargs.get("spec_ids", ())

    def _add(self, path: tuple[Any, ...], code: str, message: str, level: Level | None = None, at_key: bool = False) -> None:
        self.findings.append(Finding(tuple(path), code, message, level, at_key))

    def _path(self, field: str) -> tuple[Any, ...]:
        return (*self.document_path, field)

    def _raw(self, path: tuple[Any, ...]) -> str | None:
        if self.loaded is None:
            return None
        scalar = self.loaded.raw.get(path)
        return scalar.raw if scalar else None

    def _meta_of(self, field: str) -> dict[str, Any]:
        return self.schema.get(field, {}).get("meta", {})

    # -- cells and rows

    def _cell(self, path: tuple[Any, ...], value: Any, ctype: str, units: tuple[str, ...], where: str) -> None:
        _, issue = parse_cell(value, self._raw(path), ctype, units)
        if issue:
            self._add(path, issue.code, f"{where}：{issue.message}")

    def _check_with_cell(self, field: str, value: Any) -> None:
        meta = self._meta_of(field)
        self._cell(self._path(field), value, meta.get("type", "count"), (), f"「{meta.get('label', field)}」")

    def _check_with_row(self, field: str, value: Any) -> None:
        meta = self._meta_of(field)
        columns: tuple[Column, ...] = meta["columns"]
        label = meta.get("label", field)
        path = self._path(field)
        inputs = [c for c in columns if not c.total]
        if value is None:
            return
        if not isinstance(value, (list, dict)):
            if len(columns) == 1:
                self._cell(path, value, columns[0].type, columns[0].units, f"「{label}」")
                return
            names = "、".join(c.key for c in columns)
            self._add(
                path,
                "ROW-TYPE",
                f"「{label}」应按列写成列表，如 [{', '.join('0' for _ in inputs)}]（{names}），或按列名写成映射"
                + _fullwidth_hint(value),
            )
            return
        if isinstance(value, list):
            if len(value) not in (len(inputs), len(columns)):
                expect = f"{len(inputs)} 个" if len(inputs) == len(columns) else f"{len(inputs)} 个（或连同“{columns[-1].key}”{len(columns)} 个）"
                self._add(
                    path,
                    "ROW-LENGTH",
                    f"「{label}」写了 {len(value)} 个数，应为 {expect}，依次是：{'、'.join(c.key for c in columns)}"
                    + _comma_hint(value),
                )
                return
            for index, (column, cell) in enumerate(zip(columns, value, strict=False)):
                self._cell((*path, index), cell, column.type, column.units, f"「{label}」的「{column.key}」")
            return
        by_key = {match_key(c.key): c for c in columns}
        for key, cell in value.items():
            named = by_key.get(match_key(key))
            if named is None:
                self._add(
                    (*path, key),
                    "KEY-UNKNOWN",
                    f"「{label}」没有“{key}”这一列{_suggest(key, [c.key for c in columns])}",
                    at_key=True,
                )
                continue
            self._cell((*path, key), cell, named.type, named.units, f"「{label}」的「{named.key}」")

    # -- metadata

    def _check_with_year(self, field: str, value: Any) -> None:
        raw = self._raw(self._path(field))
        if raw is not None and isinstance(value, int) and not (re.fullmatch(r"[0-9]+", raw.strip()) and int(raw) == value):
            value = raw  # YAML 1.1 把 02023（八进制）、0x7E7 之类也读成整数：按写的文字判断
        if isinstance(value, bool) or not isinstance(value, int):
            scalar = self._raw(self._path(field))
            shown = scalar if scalar is not None else value
            self._add(self._path(field), "META-YEAR", f"报告年度应为四位数的年份，如 2023，写的是“{shown}”{_year_hint(value)}")
        elif not 2008 <= value <= dt.date.today().year + 1:
            self._add(self._path(field), "META-YEAR", f"报告年度 {value} 不在 2008 年（《条例》施行）至 {dt.date.today().year + 1} 年之间")

    def _check_with_format(self, field: str, value: Any) -> None:
        if value is None:
            return
        if str(value) not in self.spec_ids:
            self._add(
                self._path(field),
                "META-FORMAT",
                f"不认识格式“{value}”，可选：{'、'.join(self.spec_ids)}（不写则按报告年度确定）",
            )

    def _check_with_date(self, field: str, value: Any) -> None:
        if value is None or isinstance(value, dt.date):
            return
        shown = self._raw(self._path(field)) or str(value)
        if parse_date(value) is None:
            self._add(
                self._path(field),
                "META-DATE",
                f"“{shown}”不是有效日期；请写成 2024-01-20 或 2024年1月20日",
            )

    def _check_with_lines(self, field: str, value: Any) -> None:
        if value is None or isinstance(value, str):
            return
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            self._add(self._path(field), "TEXT-TYPE", "标题应是一行文字，或每行一项的列表")

    # -- narrative

    def _check_with_textblock(self, field: str, value: Any) -> None:
        _, issues = parse_textblock(value, self._path(field))
        for issue in issues:
            self._add(issue.path, issue.code, issue.message, issue.level, at_key=issue.code == "KEY-UNKNOWN")

    def _check_with_parts(self, field: str, value: Any) -> None:
        path = self._path(field)
        if value is None:
            return
        if not isinstance(value, list):
            self._add(path, "TEXT-TYPE", "正文应是各部分组成的列表，每部分写成“- 标题: …”加“正文: …”")
            return
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                self._add((*path, index), "TEXT-TYPE", "正文的每一部分应写成“标题: …”加“正文: …”")
                continue
            _, issues = parse_textblock(item, (*path, index))
            for issue in issues:
                self._add(issue.path, issue.code, issue.message, issue.level, at_key=issue.code == "KEY-UNKNOWN")


def parse_date(value: Any) -> dt.date | None:
    """接受 YAML 日期、“2024-01-20”“2024/1/20”“2024.1.20”“2024年1月20日”。"""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    match = re.fullmatch(r"\s*(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?\s*", value)
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def _year_hint(value: Any) -> str:
    """报告年度写成文字时最常见的几种原因。"""
    if not isinstance(value, str):
        return ""
    plain = unicodedata.normalize("NFKC", value).strip()
    if re.fullmatch(r"\d{4}", plain):
        return "；请用半角数字" if plain != value.strip() else "；年份不要加引号"
    if re.fullmatch(r"\d{4}\s*年度?", plain):
        return "；只写数字，不要带“年”字"
    if re.fullmatch(r"[〇零一二三四五六七八九]{4}\s*年?度?", plain):
        return "；请用阿拉伯数字"
    return ""


def _comma_hint(value: list[Any]) -> str:
    """[0，0，0]：全角逗号不是分隔符，YAML 把它们读成一个数。"""
    if any(isinstance(v, str) and "，" in v for v in value):
        return "；这里用了全角逗号“，”，各数之间要用半角逗号“,”分隔"
    return ""


def _fullwidth_hint(value: Any) -> str:
    if isinstance(value, str) and "：" in value:
        return "；这里似乎把全角冒号“：”当成了键值分隔符，请改成半角冒号“:”加空格"
    return ""


_COLON_KEY = re.compile(r"([^\s:：#\"'\[\]{},]{1,40})：")


def _fullwidth_colon(loaded: Loaded, path: tuple[Any, ...], value: Any) -> Finding | None:
    """应为映射的地方写成了“行政许可：0”：YAML 把整行读成一段文字。定位到那个全角冒号。

    只在模式要求映射或一行数的地方这样判断；叙述文字里的“：”是正常的标点，从不报告。
    """
    scalar = loaded.raw.get(path)
    if not isinstance(value, str) or scalar is None or scalar.quoted:
        return None
    match = _COLON_KEY.match(value)
    if match is None:
        return None
    line, col = loaded.mark(path)
    key, rest = match.group(1), value[match.end() :].strip()
    example = f"{key}: {rest if len(rest) <= 20 else '…'}" if rest else f"{key}:"
    return Finding(
        path,
        "YAML-FULLWIDTH-COLON",
        f"“{key}”后面用了全角冒号“：”，整行被当成了一段文字；请改成半角冒号“:”并在后面加一个空格，写成“{example}”",
        where=(line, col + match.end() - 1),
    )


def _metadata_hint(data: Any, common: Common) -> str:
    """缺少“元数据:”这一行而它的各项写在了顶层：告诉书记员把它们缩进到“元数据:”下面。"""
    if not isinstance(data, dict):
        return ""
    fields = {match_key(f.key): f.key for f in common.metadata}
    stray = [fields[match_key(k)] for k in data if match_key(k) in fields]
    if not stray:
        return ""
    names = "”“".join(stray[:3])
    return f"；“{names}”等应写在“{common.metadata_key}:”这一行下面，并缩进两个空格"


def _suggest(key: str, candidates: list[str]) -> str:
    norm = {match_key(c): c for c in candidates}
    close = difflib.get_close_matches(match_key(key), list(norm), n=1, cutoff=0.5)
    if close:
        return f"；是不是“{norm[close[0]]}”？"
    return f"；可写的有：{'、'.join(candidates[:12])}{'等' if len(candidates) > 12 else ''}"


def _flatten(errors: list[Any]) -> list[Any]:
    out = []
    for error in errors:
        if error.is_group_error and error.child_errors:
            out.extend(_flatten(list(error.child_errors)))
        else:
            out.append(error)
    return out


def check_structure(loaded: Loaded, spec: Spec, common: Common, spec_ids: tuple[str, ...]) -> list[Finding]:
    """运行结构校验，返回全部问题（不止第一个）。"""
    schema = build_schema(spec, common)
    findings = resolve_keys(loaded, schema)
    validator = _Validator(findings=findings, loaded=loaded, spec_ids=spec_ids, allow_unknown=True)
    validator.schema = _GeneratedSchema(validator, schema)
    validator.validate(loaded.data)
    for error in _flatten(list(validator._errors)):
        path = tuple(error.document_path)
        field = path[-1] if path else ""
        if error.code == cerberus.errors.REQUIRED_FIELD.code:
            where = "数据文件" if len(path) == 1 else f"「{path[-2]}」"
            hint = _metadata_hint(loaded.data, common) if path == (common.metadata_key,) else ""
            findings.append(Finding(path, "KEY-MISSING", f"{where}缺少“{field}”{hint}"))
        elif error.code == cerberus.errors.BAD_TYPE.code:
            wanted = error.constraint if isinstance(error.constraint, list) else [error.constraint]
            names = "或".join(TYPE_NAMES.get(w) or str(w) for w in wanted)
            colon = _fullwidth_colon(loaded, path, error.value)
            if colon is not None:
                findings.append(colon)
            else:
                findings.append(Finding(path, "TYPE", f"「{field}」应为{names}" + _fullwidth_hint(error.value)))
        elif error.code == cerberus.errors.NOT_NULLABLE.code:
            hint = _metadata_hint(loaded.data, common) if path == (common.metadata_key,) else ""
            findings.append(Finding(path, "KEY-EMPTY", f"「{field}」不能为空{hint}", at_key=True))
        elif error.code == cerberus.errors.CUSTOM.code:
            continue  # 自定义规则已直接记入 findings
        else:  # pragma: no cover - 模式只用到上面几种规则
            findings.append(Finding(path, "SCHEMA", f"「{field}」不符合格式要求（{error.rule}）"))
    return findings
