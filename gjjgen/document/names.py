"""按法定格式给表中的每一格（以及分组之和）起名字，并按名字找到它。

叙述文字里的引用（``{{ 依申请.本年新收.总计 }}``）、叙述数字的核对、跨年度核对、JSON/CSV
导出都要说“哪一格”。名字全部由格式文件派生：表（键、表名“表三”、部分标题或表键的前缀，如
“依申请”）、节与行（键、法定行名、别名）、列（键、法定列名），比较方式与数据文件的键相同
（:func:`~gjjgen.spec.formats.match_key`：全半角、引号、空白、行首序号都不影响）。
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..spec.formats import match_key
from ..spec.objects import (
    Column,
    GroupsTable,
    IndicatorsTable,
    MatrixTable,
    Row,
    SectionsTable,
    Spec,
    Table,
)
from .cells import format_number, total_of

if TYPE_CHECKING:
    from .model import Document

CellKey = tuple[str, ...]

INDICATOR_COLUMN = "统计数"
"""2019 年以前统计表唯一的数据列；引用时可写可不写。"""


@dataclass(frozen=True)
class Item:
    """一个可引用的量：一格，或一组格之和（矩阵表的分组行、复议诉讼表的“行政诉讼”）。"""

    table: Table
    key: tuple[str, ...]
    """标准键组成的路径（节/行…、列），如 ``("本年度办理结果", "予以公开", "总计")``。"""
    levels: tuple[tuple[str, ...], ...]
    """每一层行（或节）可用的写法：键、法定名称、别名。"""
    labels: tuple[str, ...]
    """每一层行的法定名称（用于消息与导出）。"""
    column: Column | None
    parts: tuple[CellKey, ...]
    """相加的格（``TableValues.cells`` 的键）；普通格只有一个。"""
    default: bool = False
    """引用时可省略列名（该列是“总计”列，或这一节只有一列）。"""
    unit: str | None = None
    computed: bool = False

    @property
    def name(self) -> str:
        """规范的引用名，如 ``依申请公开.本年新收.总计``。"""
        return ".".join((self.table.key, *self.key))

    @property
    def column_label(self) -> str:
        return self.column.label if self.column else INDICATOR_COLUMN

    @property
    def description(self) -> str:
        """给人看的名称：表三「一、本年新收政府信息公开申请数量」「总计」。"""
        rows = "」「".join(self.labels)
        if self.column is None:
            return f"{self.table.name}「{rows}」"
        return f"{self.table.name}「{rows}」「{self.column.label}」"

    def value(self, doc: Document) -> Any:
        """本格在文档中的值（int、Decimal 或 None 表示未填）。"""
        values = doc.tables.get(self.table.key)
        if values is None:
            return None
        cells = [values.cells.get(k) for k in self.parts]
        present = [c for c in cells if c is not None]
        if len(self.parts) == 1:
            return present[0].value if present else None
        return total_of(present)

    def text(self, doc: Document) -> str:
        return format_number(self.value(doc))


def _names(*values: Any) -> tuple[str, ...]:
    out: list[str] = []
    for value in values:
        if not value:
            continue
        for text in (value,) if isinstance(value, str) else value:
            if text and text not in out:
                out.append(text)
    return tuple(out)


def _row_names(row: Row) -> tuple[str, ...]:
    return _names(row.key, row.label, row.aliases)


def _leaf_keys(rows: tuple[Row, ...], prefix: tuple[str, ...]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for row in rows:
        if row.total:
            continue
        if row.rows:
            out.extend(_leaf_keys(row.rows, (*prefix, row.key)))
        else:
            out.append((*prefix, row.key))
    return out


def _count_unit(column: Column) -> str | None:
    if column.type == "amount":
        return column.unit if column.unit or len(column.units) != 1 else column.units[0]
    return "件"


def _sections(table: SectionsTable) -> list[Item]:
    items = []
    for section in table.sections:
        for row in section.rows:
            for column in section.columns:
                key = (section.key, row.key, column.key)
                items.append(
                    Item(
                        table=table,
                        key=key,
                        levels=(_names(section.key, section.label), _row_names(row)),
                        labels=(section.label, row.label),
                        column=column,
                        parts=(key,),
                        default=len(section.columns) == 1,
                        unit=_count_unit(column),
                    )
                )
    return items


def _matrix(table: MatrixTable) -> list[Item]:
    items: list[Item] = []

    def walk(rows: tuple[Row, ...], keys: tuple[str, ...], levels: tuple[tuple[str, ...], ...], labels: tuple[str, ...]) -> None:
        for row in rows:
            path = (*keys, row.key)
            row_levels = (*levels, _row_names(row))
            row_labels = (*labels, row.label)
            leaves = _leaf_keys(row.rows, path) if row.rows else [path]
            for column in table.columns:
                items.append(
                    Item(
                        table=table,
                        key=(*path, column.key),
                        levels=row_levels,
                        labels=row_labels,
                        column=column,
                        parts=tuple((*leaf, column.key) for leaf in leaves),
                        default=column.total,
                        unit="件",
                        computed=column.total or row.total or bool(row.rows),
                    )
                )
            if row.rows:
                walk(row.rows, path, row_levels, row_labels)

    walk(table.rows, (), (), ())
    return items


def _groups(table: GroupsTable) -> list[Item]:
    items = []
    parents: dict[str, list[str]] = {}
    for group in table.groups:
        if group.parent:
            parents.setdefault(group.parent, []).append(group.key)
        for column in table.columns:
            key = (group.key, column.key)
            levels = ((group.parent,), _names(group.key, group.label)) if group.parent else (_names(group.key, group.label),)
            labels = (group.parent, group.label) if group.parent else (group.label,)
            items.append(
                Item(table, key, levels, labels, column, (key,), default=column.total, unit="件", computed=column.total)
            )
    for parent, keys in parents.items():
        for column in table.columns:
            items.append(
                Item(
                    table=table,
                    key=(parent, column.key),
                    levels=((parent,),),
                    labels=(parent,),
                    column=column,
                    parts=tuple((k, column.key) for k in keys),
                    default=column.total,
                    unit="件",
                    computed=True,
                )
            )
    return items


def _indicators(table: IndicatorsTable) -> list[Item]:
    items = []

    def walk(section: Row, rows: tuple[Row, ...]) -> None:
        for row in rows:
            if row.has_value:
                key = (section.key, row.key)
                items.append(
                    Item(
                        table=table,
                        key=key,
                        levels=(_names(section.key, section.label), _row_names(row)),
                        labels=(section.label, row.label),
                        column=None,
                        parts=(key,),
                        default=True,
                        unit=row.unit,
                    )
                )
            walk(section, row.rows)

    for section in table.indicator_sections:
        if section.value:
            key = (section.key, section.value)
            items.append(
                Item(
                    table=table,
                    key=key,
                    levels=(_names(section.key, section.label, section.value),),
                    labels=(section.label,),
                    column=None,
                    parts=(key,),
                    default=True,
                    unit=section.unit,
                )
            )
        walk(section, section.rows)
    return items


def table_items(table: Table) -> list[Item]:
    """一张表全部可引用的量，按表中顺序。"""
    if isinstance(table, SectionsTable):
        return _sections(table)
    if isinstance(table, MatrixTable):
        return _matrix(table)
    if isinstance(table, GroupsTable):
        return _groups(table)
    return _indicators(table)


_ITEMS: dict[tuple[str, int], tuple[Item, ...]] = {}


def spec_items(spec: Spec) -> tuple[Item, ...]:
    """格式中全部可引用的量（按格式缓存：格式对象由 ``load_spec`` 缓存，不会变）。"""
    cache_key = (spec.id, id(spec))
    if cache_key not in _ITEMS:
        _ITEMS[cache_key] = tuple(item for table in spec.tables.values() for item in table_items(table))
    return _ITEMS[cache_key]


# ---------------------------------------------------------------- resolving names


class UnknownName(Exception):
    """引用名解析失败；``message`` 是给书记员看的中文说明（含“是不是……？”）。"""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def table_names(spec: Spec) -> dict[str, list[str]]:
    """每张表可用的写法：表键、表名（表三）、所在部分的键与标题。"""
    names: dict[str, list[str]] = {key: [key, table.name, table.title] for key, table in spec.tables.items()}
    for part in spec.parts:
        if part.kind == "table" and part.table in names:
            names[part.table].extend([part.key, part.title, *part.aliases])
    return names


def _find_table(spec: Spec, word: str) -> Table:
    wanted = match_key(word)
    names = table_names(spec)
    exact = [key for key, alts in names.items() if any(match_key(a) == wanted for a in alts)]
    if not exact and len(wanted) >= 2:
        exact = [key for key in names if match_key(key).startswith(wanted)]
    if len(exact) == 1:
        return spec.tables[exact[0]]
    choices = "、".join(names)
    if exact:
        raise UnknownName(f"“{word}”可以指{'、'.join(exact)}，请写完整")
    close = difflib.get_close_matches(wanted, [match_key(k) for k in names], n=1, cutoff=0.4)
    hint = f"是不是“{close[0]}”？" if close else ""
    raise UnknownName(f"{spec.name}没有叫“{word}”的表；{hint}可用的表：{choices}")


def _is_subsequence(words: list[str], levels: tuple[tuple[str, ...], ...]) -> bool:
    index = 0
    for word in words:
        while index < len(levels) and word not in levels[index]:
            index += 1
        if index == len(levels):
            return False
        index += 1
    return True


def _matches(item: Item, words: list[str]) -> bool:
    levels = tuple(tuple(match_key(n) for n in level) for level in item.levels)
    if item.column is None:
        if words and words[-1] == INDICATOR_COLUMN:
            words = words[:-1]
        row_words = words
    elif words and words[-1] in (match_key(item.column.key), match_key(item.column.label)):
        row_words = words[:-1]
    elif item.default:
        row_words = words
    else:
        return False
    if not row_words:
        return item.column is not None and len(words) == 1  # 只写列名：在整张表里唯一时可用
    if row_words[-1] not in levels[-1]:
        return False
    return _is_subsequence(row_words[:-1], levels[:-1])


_RESOLVED: dict[tuple[str, int, str], Item | UnknownName] = {}
"""已解析过的名字（或它的错误）：叙述里同一个引用可以出现成千上万次，每种格式每个名字只解析一次。"""


def resolve_name(spec: Spec, name: str) -> Item:
    """按点分的名字找到一个量：``依申请.本年新收.总计``、``主动公开.行政规范性文件.本年制发件数``。

    中间的层级可以省略（``依申请.予以公开`` 即 ``依申请公开.本年度办理结果.予以公开.总计``），
    有“总计”列或只有一列时列名可以省略；省略后仍有歧义时报错并列出可选的完整写法。
    """
    key = (spec.id, id(spec), name)
    if key not in _RESOLVED:
        if len(_RESOLVED) > 4096:
            _RESOLVED.clear()
        try:
            _RESOLVED[key] = _resolve_name(spec, name)
        except UnknownName as exc:
            _RESOLVED[key] = exc
    found = _RESOLVED[key]
    if isinstance(found, UnknownName):
        raise UnknownName(found.message)
    return found


def _resolve_name(spec: Spec, name: str) -> Item:
    segments = [s.strip() for s in name.strip().split(".")]
    if not name.strip() or any(not s for s in segments):
        raise UnknownName(f"引用“{name}”写法不对：应为用“.”分隔的表名、行名、列名，如“依申请.本年新收.总计”")
    table = _find_table(spec, segments[0])
    words = [match_key(s) for s in segments[1:]]
    items = [item for item in spec_items(spec) if item.table.key == table.key]
    if not words:
        raise UnknownName(f"引用“{name}”只写了表名；请接着写行名（和列名），如“{items[0].name}”")
    found = [item for item in items if _matches(item, words)]
    if len(found) == 1:
        return found[0]
    if found:
        options = "、".join(f"“{i.name}”" for i in found[:6])
        raise UnknownName(f"引用“{name}”有歧义，可以指：{options}；请写得更完整")
    candidates = {match_key(i.name): i.name for i in items}
    wanted = match_key(".".join((table.key, *segments[1:])))
    close = difflib.get_close_matches(wanted, list(candidates), n=1, cutoff=0.5)
    hint = f"是不是“{candidates[close[0]]}”？" if close else f"可以写如“{items[0].name}”"
    raise UnknownName(f"{table.name}里没有“{'.'.join(segments[1:])}”；{hint}")
