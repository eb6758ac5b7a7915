"""数据文件的结构校验：由格式文件生成 Cerberus 模式，再把 Cerberus 的错误译成中文问题。

三步：``build_schema``（:mod:`.schema`）从 :class:`~gjjgen.spec.objects.Spec` 生成模式（不手写）；
``resolve_keys``（:mod:`.keys`）把书记员写的键（带序号、全角括号、别名）换成格式文件里的标准键；
这里的 ``check_structure`` 运行 Cerberus，单元格、行、文字块由自定义规则检查。
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

import cerberus

from ..problems.codes import Level
from ..problems.findings import Finding
from ..source.loaded import Loaded
from ..spec.formats import match_key
from ..spec.objects import CellType, Column, Common, Spec
from .cells import parse_cell
from .keys import resolve_keys, suggest
from .schema import build_schema
from .textblock import parse_textblock

TYPE_NAMES = {"dict": "“键: 值”映射", "list": "列表", "string": "一段文字", "integer": "整数", "date": "日期"}


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

    def _cell(self, path: tuple[Any, ...], value: Any, ctype: CellType, units: tuple[str, ...], where: str) -> None:
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
                    f"「{label}」没有“{key}”这一列{suggest(key, [c.key for c in columns])}",
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
        elif year_problem(value):
            self._add(self._path(field), "META-YEAR", year_problem(value))

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

    def _check_with_length(self, field: str, value: Any) -> None:
        limit = self._meta_of(field).get("max_length")
        if value is None or isinstance(value, bool) or not isinstance(value, (str, int, list)) or not limit:
            return
        text = "".join(str(v) for v in value) if isinstance(value, list) else str(value)
        if len(text) > limit:
            self._add(
                self._path(field),
                "META-TOO-LONG",
                f"{field}有 {len(text)} 个字，超过了上限 {limit} 个字（写的是“{text}”）；"
                "它要写进报告的文件名或文件属性，请核对是否多粘贴了文字",
            )

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


FIRST_REPORT_YEAR = 2008
"""《政府信息公开条例》2008 年 5 月 1 日施行，最早的年度报告是 2008 年度的。"""


def year_problem(year: int) -> str:
    """报告年度不可能时的说明（可能时为空）。``validate`` 与 ``init --year`` 共用这一条规则。"""
    last = dt.date.today().year + 1
    if FIRST_REPORT_YEAR <= year <= last:
        return ""
    return f"报告年度 {year} 不在 {FIRST_REPORT_YEAR} 年（《条例》施行）至 {last} 年之间"


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
