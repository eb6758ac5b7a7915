"""读入法定格式：把 ``schemas/*.yaml`` 读成 :mod:`.objects` 里的对象，供校验、排版、模板生成共用。

格式版本是数据而不是代码：新增一个格式版本只需在 ``schemas/`` 下加一个文件（继承与补丁的合并见
:mod:`.patches`）。这里只认识四种表的“形状”（kind），每种形状的行、列、合计关系都由格式文件声明；
键名的比较方式（:func:`match_key`）也在这里，数据文件的键与格式文件的名称都按它对应。
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, TypeVar

from ..problems.codes import UnknownCodeError, check_level, code_info
from .objects import (
    CELL_TYPES,
    FIELD_TYPES,
    PART_KINDS,
    TABLE_KINDS,
    Balance,
    Carry,
    Column,
    Common,
    Field,
    Group,
    GroupsTable,
    IndicatorsTable,
    MatrixTable,
    Part,
    Row,
    Section,
    SectionsTable,
    Spec,
    SpecError,
    Statement,
    Table,
    iter_rows,
    table_codes,
    table_lines,
)
from .patches import read_yaml, resolved_raw
from .resources import Resources

COMMON_FILE = "common.yaml"


# ---------------------------------------------------------------- key matching

_ENUM_PREFIX = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．、]|其中[：:])"
)
_QUOTES = str.maketrans({"“": "", "”": "", '"': "", "‘": "", "’": "", "'": "", "「": "", "」": ""})


@lru_cache(maxsize=1 << 16)
def match_key(text: str) -> str:
    """键名比较用的归一形式：全半角、引号、空白、行首序号都不影响匹配。

    书记员会从已发布的报告里复制行名（带“1.”“（一）”、全角括号、中文引号），也会手敲
    不带这些的简写；两者都应认作同一行。结果按文字缓存：核对叙述时同一批行名要比较成千上万次。
    """
    s = unicodedata.normalize("NFKC", str(text)).translate(_QUOTES)
    s = re.sub(r"\s+", "", s)
    s = _ENUM_PREFIX.sub("", s)
    return s



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


# ---------------------------------------------------------------- loading


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
        type=_one_of(raw.get("type", "count"), CELL_TYPES, f"{path}.{key} 的 type"),
        carry=_carry(raw.get("carry")),
    )


def _column(raw: dict[str, Any] | str) -> Column:
    if isinstance(raw, str):
        raw = {"key": raw}
    return Column(
        key=str(raw["key"]),
        label=str(raw.get("label", raw["key"])),
        type=_one_of(raw.get("type", "count"), CELL_TYPES, f"列 {raw['key']} 的 type"),
        unit=raw.get("unit"),
        units=tuple(raw.get("units", ())),
        span=int(raw.get("span", 1)),
        group=raw.get("group"),
        total=bool(raw.get("total", False)),
        code=raw.get("code"),
        carry=_carry(raw.get("carry")),
    )


def _table(key: str, raw: dict[str, Any]) -> Table:
    """按 ``kind`` 读成对应的表类；每种表只读它自己的字段。"""
    kind = _one_of(raw.get("kind"), TABLE_KINDS, f"表 {key} 的 kind")
    title = str(raw.get("title", key))
    common = {"key": key, "title": title, "name": str(raw.get("name", title)), "note": str(raw.get("note", ""))}
    if kind == "sections":
        return SectionsTable(
            **common,
            width=int(raw["width"]),
            label_header=str(raw.get("label_header", "")),
            sections=tuple(_section(key, s) for s in raw["sections"]),
        )
    if kind == "matrix":
        return MatrixTable(
            **common,
            corner=str(raw.get("corner", "")),
            column_header=str(raw.get("column_header", "")),
            label_depth=int(raw.get("label_depth", 1)),
            columns=tuple(_column(c) for c in raw["columns"]),
            rows=tuple(_row(r, key) for r in raw["rows"]),
            balances=tuple(_balance(b) for b in raw.get("balances", ())),
        )
    if kind == "groups":
        return GroupsTable(
            **common,
            groups=tuple(Group(key=g["key"], label=g.get("label", g["key"]), parent=g.get("parent")) for g in raw["groups"]),
            columns=tuple(_column(c) for c in raw["columns"]),
        )
    if kind == "indicators":
        return IndicatorsTable(
            **common,
            headers=tuple(raw.get("headers", ("统计指标", "单位", "统计数"))),
            indicator_sections=tuple(_row(s, key) for s in raw["sections"]),
            sum_code=str(raw.get("sum_code", "STAT-SUM")),
        )


def _section(table_key: str, raw: dict[str, Any]) -> Section:
    return Section(
        key=str(raw["key"]),
        label=str(raw.get("label", raw["key"])),
        columns=tuple(_column(c) for c in raw["columns"]),
        rows=tuple(_row(r, f"{table_key}.{raw['key']}") for r in raw["rows"]),
    )


def _balance(raw: dict[str, Any]) -> Balance:
    return Balance(
        code=raw["code"],
        left=tuple(raw["left"]),
        right=tuple(raw["right"]),
        left_name=raw.get("left_name", "+".join(raw["left"])),
        right_name=raw.get("right_name", "+".join(raw["right"])),
    )


def load_spec(spec_id: str, resources: Resources | None = None) -> Spec:
    """读入一个格式版本（解析 extends 与 patches）。``resources`` 不给时用程序自带的格式文件。"""
    return _load_spec((resources or Resources.default()).schemas_dir, spec_id)


@cache
def _load_spec(schemas_dir: Path, spec_id: str) -> Spec:
    raw = resolved_raw(schemas_dir, spec_id)
    years = raw.get("years", {})
    deadline = raw.get("deadline", {})
    tables = {key: _table(key, value) for key, value in raw.get("tables", {}).items()}
    parts = tuple(
        Part(
            key=str(p["key"]),
            kind=_one_of(p["kind"], PART_KINDS, f"格式 {spec_id} 的部分 {p['key']} 的 kind"),
            title=str(p.get("title", p["key"])),
            table=p.get("table"),
            guide=str(p.get("guide", "")),
            appendix=bool(p.get("appendix", False)),
            fields=tuple(p.get("fields", ())),
            aliases=tuple(p.get("aliases", ())),
            states=tuple(
                Statement(str(s["code"]), str(s["about"]), str(s["basis"]), tuple(str(w) for w in s["words"]))
                for s in p.get("states", ())
            ),
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
    for table in spec.tables.values():
        try:
            for code in table_codes(table):
                code_info(code)
            for carry in (line.carry for line in table_lines(table) if line.carry):
                check_level(carry.code, carry.level)
        except (UnknownCodeError, ValueError) as exc:
            raise SpecError(f"格式 {spec.id} 的表 {table.key}：{exc}") from None


_Word = TypeVar("_Word", bound=str)


def _one_of(value: object, choices: tuple[_Word, ...], what: str) -> _Word:
    """只能取几个值之一的字段：认得的原样返回（类型随之收窄成那几个值），不认得的报格式文件写错。"""
    for choice in choices:
        if value == choice:
            return choice
    raise SpecError(f"{what}={value!r} 不认识（应为 {'、'.join(choices[:-1])} 或 {choices[-1]}）")


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
        if isinstance(table, IndicatorsTable):
            check([s.key for s in table.indicator_sections], table.key)
            for section in table.indicator_sections:
                names = [r.key for r in iter_rows(section.rows)]
                if section.value:
                    names.append(section.value)
                check(names, f"{table.key}.{section.key}")
        elif isinstance(table, MatrixTable):

            def walk(rows: tuple[Row, ...], where: str) -> None:
                check([r.key for r in rows] + [a for r in rows for a in r.aliases], where)
                for r in rows:
                    walk(r.rows, f"{where}.{r.key}")

            walk(table.rows, table.key)

def load_common(resources: Resources | None = None) -> Common:
    """各格式共用的元数据与文档顶层字段（``schemas/common.yaml``）。"""
    return _load_common((resources or Resources.default()).schemas_dir)


@cache
def _load_common(schemas_dir: Path) -> Common:
    raw = read_yaml(schemas_dir / COMMON_FILE)

    def fields(items: list[dict[str, Any]]) -> tuple[Field, ...]:
        return tuple(
            Field(
                key=str(f["key"]),
                type=_one_of(f["type"], FIELD_TYPES, f"{COMMON_FILE} 的字段 {f['key']} 的 type"),
                required=bool(f.get("required")),
                guide=str(f.get("guide", "")),
                max_length=int(f["max_length"]) if f.get("max_length") else None,
            )
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
