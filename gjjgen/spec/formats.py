"""法定格式的内存表示：从 ``schemas/*.yaml`` 读入，供校验、排版、模板生成共用。

格式版本是数据而不是代码：新增一个格式版本只需在 ``schemas/`` 下加一个文件。本模块只
认识四种表的“形状”（kind），每种形状的行、列、合计关系都由格式文件声明。
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, get_args

import yaml

from ..problems.codes import Level, UnknownCodeError, check_level, code_info
from .resources import Resources

COMMON_FILE = "common.yaml"

CELL_TYPES = ("count", "signed", "amount")

TableKind = Literal["sections", "matrix", "groups", "indicators"]
"""表的四种形状：主动公开（按节）、依申请公开（矩阵）、复议诉讼（分组）、2019 年以前的统计表（指标）。"""

PartKind = Literal["text", "table", "parts", "fields"]
"""报告部分的四种：一段叙述、一张表、机关自拟的若干部分、填报信息。"""


class SpecError(Exception):
    """格式文件本身写错了（开发者错误，不是用户数据错误）。"""


# ---------------------------------------------------------------- key matching

_ENUM_PREFIX = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．、]|其中[：:])"
)
_QUOTES = str.maketrans({"“": "", "”": "", '"': "", "‘": "", "’": "", "'": "", "「": "", "」": ""})


def match_key(text: str) -> str:
    """键名比较用的归一形式：全半角、引号、空白、行首序号都不影响匹配。

    书记员会从已发布的报告里复制行名（带“1.”“（一）”、全角括号、中文引号），也会手敲
    不带这些的简写；两者都应认作同一行。
    """
    s = unicodedata.normalize("NFKC", str(text)).translate(_QUOTES)
    s = re.sub(r"\s+", "", s)
    s = _ENUM_PREFIX.sub("", s)
    return s


# ---------------------------------------------------------------- spec objects


@dataclass(frozen=True)
class Carry:
    """跨年度承接关系（格式文件的 ``carry``）：本格 = 上年 ``prev`` 之和 + 本年 ``plus`` − 本年 ``minus``。

    行上的 ``carry``（矩阵表）逐列承接上年的行，如“上年结转”= 上年“结转下年度继续办理”；
    列上的 ``carry``（主动公开表）在同一行内承接上年的列，如“现行有效件数”。``gjjgen init --from``
    据此填写新年度的数，``--previous`` 据此核对。
    """

    prev: tuple[str, ...]
    plus: tuple[str, ...] = ()
    minus: tuple[str, ...] = ()
    level: Level | None = None
    """不写时取问题代码登记的级别（见 ``gjjgen/problems/codes.py``）。"""
    code: str = "YOY-CARRY"


def _carry(raw: Any) -> Carry | None:
    if raw is None:
        return None
    if isinstance(raw, str):
        raw = {"prev": [raw]}

    def names(value: Any) -> tuple[str, ...]:
        return (str(value),) if isinstance(value, str) else tuple(str(v) for v in value or ())

    return Carry(
        prev=names(raw.get("prev")),
        plus=names(raw.get("plus")),
        minus=names(raw.get("minus")),
        level=raw.get("level"),
        code=str(raw.get("code", "YOY-CARRY")),
    )


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    type: str = "count"
    unit: str | None = None
    units: tuple[str, ...] = ()
    span: int = 1
    group: str | None = None
    total: bool = False
    code: str | None = None
    carry: Carry | None = None


@dataclass(frozen=True)
class Row:
    """表中的一行。有子行的行是分组（矩阵表）或带子项的指标（统计表）。"""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    rows: tuple[Row, ...] = ()
    total: bool = False
    code: str | None = None
    unit: str | None = None
    value: str | None = None
    sum: bool = False
    type: str = "count"
    carry: Carry | None = None

    @property
    def has_value(self) -> bool:
        """统计表里单位为“—”或没有单位的分组行不填数。"""
        return bool(self.unit) and self.unit != "—"


@dataclass(frozen=True)
class Section:
    """“主动公开”表的一节（第二十条第（×）项）。"""

    key: str
    label: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Balance:
    code: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    left_name: str
    right_name: str


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    parent: str | None = None


@dataclass(frozen=True)
class Table:
    key: str
    kind: TableKind
    title: str
    name: str = ""
    # sections
    width: int = 0
    label_header: str = ""
    sections: tuple[Section, ...] = ()
    # matrix
    corner: str = ""
    column_header: str = ""
    label_depth: int = 1
    columns: tuple[Column, ...] = ()
    rows: tuple[Row, ...] = ()
    balances: tuple[Balance, ...] = ()
    # groups
    groups: tuple[Group, ...] = ()
    # indicators
    headers: tuple[str, ...] = ()
    indicator_sections: tuple[Row, ...] = ()
    sum_code: str = "STAT-SUM"
    note: str = ""


@dataclass(frozen=True)
class Part:
    key: str
    kind: PartKind
    title: str
    table: str | None = None
    guide: str = ""
    appendix: bool = False
    fields: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Field:
    key: str
    type: str
    required: bool = False
    guide: str = ""


@dataclass(frozen=True)
class Spec:
    id: str
    name: str
    basis: str
    regulation: int
    year_from: int | None
    year_to: int | None
    deadline: tuple[int, int]
    parts: tuple[Part, ...]
    tables: dict[str, Table]
    province: str | None = None
    source: Path | None = None

    def fits_year(self, year: int) -> bool:
        return (self.year_from is None or year >= self.year_from) and (
            self.year_to is None or year <= self.year_to
        )

    def table_of(self, part: Part) -> Table:
        return self.tables[part.table or ""]


@dataclass(frozen=True)
class Common:
    metadata_key: str
    metadata: tuple[Field, ...]
    document: tuple[Field, ...]


# ---------------------------------------------------------------- loading


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise SpecError(f"无法读取格式文件 {path}：{exc}") from exc
    if not isinstance(data, dict):
        raise SpecError(f"格式文件 {path} 的顶层应是映射")
    return data


def _row(raw: dict[str, Any], path: str) -> Row:
    if "key" not in raw:
        raise SpecError(f"{path}: 行缺少 key")
    key = str(raw["key"])
    return Row(
        key=key,
        label=str(raw.get("label", key)),
        aliases=tuple(str(a) for a in raw.get("aliases", ())),
        rows=tuple(_row(r, f"{path}.{key}") for r in raw.get("rows", ()) or ()),
        total=bool(raw.get("total", False)),
        code=raw.get("code"),
        unit=raw.get("unit"),
        value=raw.get("value"),
        sum=bool(raw.get("sum", False)),
        type=str(raw.get("type", "count")),
        carry=_carry(raw.get("carry")),
    )


def _column(raw: dict[str, Any] | str) -> Column:
    if isinstance(raw, str):
        raw = {"key": raw}
    ctype = str(raw.get("type", "count"))
    if ctype not in CELL_TYPES:
        raise SpecError(f"列 {raw.get('key')} 的类型 {ctype} 不认识")
    return Column(
        key=str(raw["key"]),
        label=str(raw.get("label", raw["key"])),
        type=ctype,
        unit=raw.get("unit"),
        units=tuple(raw.get("units", ())),
        span=int(raw.get("span", 1)),
        group=raw.get("group"),
        total=bool(raw.get("total", False)),
        code=raw.get("code"),
        carry=_carry(raw.get("carry")),
    )


def _table(key: str, raw: dict[str, Any]) -> Table:
    kind = raw.get("kind")
    common: dict[str, Any] = {
        "key": key,
        "kind": kind,
        "title": str(raw.get("title", key)),
        "name": str(raw.get("name", raw.get("title", key))),
        "note": str(raw.get("note", "")),
    }
    if kind == "sections":
        sections = tuple(
            Section(
                key=str(s["key"]),
                label=str(s.get("label", s["key"])),
                columns=tuple(_column(c) for c in s["columns"]),
                rows=tuple(_row(r, f"{key}.{s['key']}") for r in s["rows"]),
            )
            for s in raw["sections"]
        )
        return Table(**common, width=int(raw["width"]), label_header=str(raw.get("label_header", "")), sections=sections)
    if kind == "matrix":
        return Table(
            **common,
            corner=str(raw.get("corner", "")),
            column_header=str(raw.get("column_header", "")),
            label_depth=int(raw.get("label_depth", 1)),
            columns=tuple(_column(c) for c in raw["columns"]),
            rows=tuple(_row(r, key) for r in raw["rows"]),
            balances=tuple(
                Balance(
                    code=b["code"],
                    left=tuple(b["left"]),
                    right=tuple(b["right"]),
                    left_name=b.get("left_name", "+".join(b["left"])),
                    right_name=b.get("right_name", "+".join(b["right"])),
                )
                for b in raw.get("balances", ())
            ),
        )
    if kind == "groups":
        return Table(
            **common,
            groups=tuple(Group(key=g["key"], label=g.get("label", g["key"]), parent=g.get("parent")) for g in raw["groups"]),
            columns=tuple(_column(c) for c in raw["columns"]),
        )
    if kind == "indicators":
        return Table(
            **common,
            headers=tuple(raw.get("headers", ("统计指标", "单位", "统计数"))),
            indicator_sections=tuple(_row(s, key) for s in raw["sections"]),
            sum_code=str(raw.get("sum_code", "STAT-SUM")),
        )
    raise SpecError(f"表 {key} 的 kind={kind!r} 不认识（应为 sections、matrix、groups 或 indicators）")


def _find_rows(rows: list[dict[str, Any]], dotted: str) -> tuple[list[dict[str, Any]], int]:
    """在原始行树里按“键.键”路径找到行所在的列表和位置，供补丁使用。"""
    keys = dotted.split(".")
    current = rows
    for depth, key in enumerate(keys):
        for index, row in enumerate(current):
            if row.get("key") == key:
                if depth == len(keys) - 1:
                    return current, index
                current = row.setdefault("rows", [])
                break
        else:
            raise SpecError(f"补丁路径 {dotted} 中的 {key} 不存在")
    raise SpecError(f"补丁路径 {dotted} 为空")


def _apply_patch(tables: dict[str, Any], patch: dict[str, Any]) -> None:
    table = tables.get(str(patch.get("table")))
    if table is None:
        raise SpecError(f"补丁指向不存在的表 {patch.get('table')!r}")
    rows = table.get("sections") if table.get("kind") == "indicators" else table.get("rows")
    if "set" in patch:
        table.update(patch["set"])
    if "replace" in patch:
        siblings, index = _find_rows(rows, patch["replace"])
        siblings[index] = patch["with"]
    if "insert_after" in patch:
        siblings, index = _find_rows(rows, patch["insert_after"])
        siblings[index + 1 : index + 1] = patch["rows"]
    if "insert_before" in patch:
        siblings, index = _find_rows(rows, patch["insert_before"])
        siblings[index:index] = patch["rows"]
    if "remove" in patch:
        siblings, index = _find_rows(rows, patch["remove"])
        del siblings[index]


def _resolved_raw(schemas_dir: Path, spec_id: str, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    if spec_id in seen:
        raise SpecError(f"格式文件继承成环：{' → '.join((*seen, spec_id))}")
    path = schemas_dir / f"{spec_id}.yaml"
    if not path.is_file():
        raise SpecError(f"没有格式文件 {path}")
    raw = _read_yaml(path)
    if str(raw.get("id")) != spec_id:
        raise SpecError(f"{path} 的 id 应为 {spec_id!r}")
    parent_id = raw.get("extends")
    if parent_id is None:
        merged = copy.deepcopy(raw)
    else:
        merged = _resolved_raw(schemas_dir, str(parent_id), (*seen, spec_id))
        for key, value in raw.items():
            if key == "tables":
                merged.setdefault("tables", {}).update(copy.deepcopy(value))
            elif key != "patches":
                merged[key] = copy.deepcopy(value)
        merged["patches"] = []
    for patch in raw.get("patches", ()) or ():
        _apply_patch(merged["tables"], patch)
    merged["_source"] = str(path)
    return merged


def load_spec(spec_id: str, resources: Resources | None = None) -> Spec:
    """读入一个格式版本（解析 extends 与 patches）。``resources`` 不给时用程序自带的格式文件。"""
    return _load_spec((resources or Resources.default()).schemas_dir, spec_id)


@cache
def _load_spec(schemas_dir: Path, spec_id: str) -> Spec:
    raw = _resolved_raw(schemas_dir, spec_id)
    years = raw.get("years", {})
    deadline = raw.get("deadline", {})
    tables = {key: _table(key, value) for key, value in raw.get("tables", {}).items()}
    parts = tuple(
        Part(
            key=str(p["key"]),
            kind=_part_kind(p["kind"], spec_id),
            title=str(p.get("title", p["key"])),
            table=p.get("table"),
            guide=str(p.get("guide", "")),
            appendix=bool(p.get("appendix", False)),
            fields=tuple(p.get("fields", ())),
            aliases=tuple(p.get("aliases", ())),
        )
        for p in raw["parts"]
    )
    for part in parts:
        if part.kind == "table" and part.table not in tables:
            raise SpecError(f"格式 {spec_id} 的部分 {part.key} 指向不存在的表 {part.table}")
    spec = Spec(
        id=spec_id,
        name=str(raw.get("name", spec_id)),
        basis=str(raw.get("basis", "")),
        regulation=int(raw.get("regulation", 2019)),
        year_from=years.get("from"),
        year_to=years.get("to"),
        deadline=(int(deadline.get("month", 1)), int(deadline.get("day", 31))),
        parts=parts,
        tables=tables,
        province=raw.get("province"),
        source=Path(raw["_source"]),
    )
    _check_unique_keys(spec)
    _check_codes(spec)
    return spec


def _check_codes(spec: Spec) -> None:
    """格式文件里写的问题代码都要已登记，承接写的级别要与登记的一致（级别以登记表为准）。"""

    def rows(items: tuple[Row, ...]) -> Iterator[Row]:
        for row in items:
            yield row
            yield from rows(row.rows)

    for table in spec.tables.values():
        where = f"格式 {spec.id} 的表 {table.key}"
        lines: list[Column | Row] = [*table.columns, *rows(table.rows), *rows(table.indicator_sections)]
        for section in table.sections:
            lines += [*section.columns, *rows(section.rows)]
        try:
            for code in (table.sum_code, *(b.code for b in table.balances), *(x.code for x in lines if x.code)):
                code_info(code)
            for carry in (x.carry for x in lines if x.carry):
                check_level(carry.code, carry.level)
        except (UnknownCodeError, ValueError) as exc:
            raise SpecError(f"{where}：{exc}") from None


def _part_kind(value: Any, spec_id: str) -> PartKind:
    for kind in get_args(PartKind):
        if value == kind:
            return kind
    raise SpecError(f"格式 {spec_id} 的部分 kind={value!r} 不认识（应为 {'、'.join(get_args(PartKind))}）")


def _check_unique_keys(spec: Spec) -> None:
    """数据文件里同一层的键归一后必须互不相同，否则书记员写的键会有歧义。"""

    def check(names: list[str], where: str) -> None:
        seen: dict[str, str] = {}
        for name in names:
            norm = match_key(name)
            if norm in seen and seen[norm] != name:
                raise SpecError(f"格式 {spec.id} 的 {where} 中 {seen[norm]!r} 与 {name!r} 归一后相同")
            if norm in seen:
                raise SpecError(f"格式 {spec.id} 的 {where} 中 {name!r} 重复")
            seen[norm] = name

    for table in spec.tables.values():
        if table.kind == "indicators":
            check([s.key for s in table.indicator_sections], table.key)
            for section in table.indicator_sections:
                names = [r.key for r in iter_rows(section.rows)]
                if section.value:
                    names.append(section.value)
                check(names, f"{table.key}.{section.key}")
        elif table.kind == "matrix":

            def walk(rows: tuple[Row, ...], where: str) -> None:
                check([r.key for r in rows] + [a for r in rows for a in r.aliases], where)
                for r in rows:
                    walk(r.rows, f"{where}.{r.key}")

            walk(table.rows, table.key)


def iter_rows(rows: tuple[Row, ...]) -> list[Row]:
    """按文档顺序（先父后子）展开行树。"""
    out: list[Row] = []
    for row in rows:
        out.append(row)
        out.extend(iter_rows(row.rows))
    return out


def load_common(resources: Resources | None = None) -> Common:
    """各格式共用的元数据与文档顶层字段（``schemas/common.yaml``）。"""
    return _load_common((resources or Resources.default()).schemas_dir)


@cache
def _load_common(schemas_dir: Path) -> Common:
    raw = _read_yaml(schemas_dir / COMMON_FILE)

    def fields(items: list[dict[str, Any]]) -> tuple[Field, ...]:
        return tuple(
            Field(key=str(f["key"]), type=str(f["type"]), required=bool(f.get("required")), guide=str(f.get("guide", "")))
            for f in items
        )

    return Common(
        metadata_key=str(raw["metadata"]["key"]),
        metadata=fields(raw["metadata"]["fields"]),
        document=fields(raw["document"]),
    )


def available_specs(resources: Resources | None = None) -> list[str]:
    """schemas/ 下的全部格式版本 id（common.yaml 与 README 除外）。"""
    schemas_dir = (resources or Resources.default()).schemas_dir
    return sorted(p.stem for p in schemas_dir.glob("*.yaml") if p.name != COMMON_FILE)


def latest_spec_id(resources: Resources | None = None) -> str:
    """最新的全国格式（适用起始年度最晚、不分省份）：不知道年度时的默认。"""
    specs = [load_spec(i, resources) for i in available_specs(resources)]
    national = [s for s in specs if not s.province] or specs
    return max(national, key=lambda s: (s.year_from or 0, s.id)).id


def default_spec_id(year: int, province: str | None = None, resources: Resources | None = None) -> str | None:
    """按报告年度选格式：取适用年度覆盖该年的格式；有该省变体的优先用变体。"""
    candidates = [load_spec(i, resources) for i in available_specs(resources)]
    fitting = [s for s in candidates if s.fits_year(year)]
    if not fitting:
        return None
    if province:
        provincial = [s for s in fitting if s.province and match_key(s.province) == match_key(province)]
        if provincial:
            return provincial[0].id
    national = [s for s in fitting if not s.province]
    return (national or fitting)[0].id
