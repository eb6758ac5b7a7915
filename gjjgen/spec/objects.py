"""格式说明的对象：格式文件读成的表、行、列、部分，校验、排版、模板生成都只认这些。

对象都是不可变的数据；怎样从 ``schemas/*.yaml`` 读成它们见 :mod:`.formats`。
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Literal, get_args

from ..problems.codes import Level

CellType = Literal["count", "signed", "amount"]
"""数字格的三种：非负整数（件数）、可为负的整数（增减）、金额（可带小数）。"""

CELL_TYPES: tuple[CellType, ...] = get_args(CellType)

FieldType = Literal["text", "year", "format", "date", "lines", "textblock"]
"""元数据与文档顶层字段（``schemas/common.yaml``）的六种写法。"""

FIELD_TYPES: tuple[FieldType, ...] = get_args(FieldType)

TableKind = Literal["sections", "matrix", "groups", "indicators"]
"""表的四种形状：主动公开（按节）、依申请公开（矩阵）、复议诉讼（分组）、2019 年以前的统计表（指标）。

每种形状一个类（:class:`SectionsTable` 等），``kind`` 是类上的常量：``table.kind == "matrix"``
与 ``isinstance(table, MatrixTable)`` 一样能让类型检查知道手里是哪一种表。
"""

TABLE_KINDS: tuple[TableKind, ...] = get_args(TableKind)

PartKind = Literal["text", "table", "parts", "fields"]
"""报告部分的四种：一段叙述、一张表、机关自拟的若干部分、填报信息。"""

PART_KINDS: tuple[PartKind, ...] = get_args(PartKind)


class SpecError(Exception):
    """格式文件本身写错了（开发者错误，不是用户数据错误）。"""


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


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    type: CellType = "count"
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
    type: CellType = "count"
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
class TableBase:
    """各种表共有的：数据文件里的键、标题、表名（“表三”）、印在表下的注。具体的表见下面四个类。"""

    key: str
    title: str
    name: str = ""
    note: str = ""
    """印在表下的注（如山东省统计表的“注：各子栏目数总数要等于总栏目数量”）；放进附件的表印出它。"""


@dataclass(frozen=True)
class SectionsTable(TableBase):
    """按节的表（2019、2021 年格式的“主动公开”）：每节各有自己的列与行，共用一套栅格。"""

    kind: ClassVar[Literal["sections"]] = "sections"
    width: int = 0
    """栅格的列数（含行名一列）；0 表示按最宽的一节算。"""
    label_header: str = ""
    sections: tuple[Section, ...] = ()


@dataclass(frozen=True)
class MatrixTable(TableBase):
    """矩阵表（“依申请公开”）：行树 × 数据列，每列都要满足 ``balances`` 声明的勾稽关系。"""

    kind: ClassVar[Literal["matrix"]] = "matrix"
    corner: str = ""
    column_header: str = ""
    label_depth: int = 1
    """行名占几列（行树最深几层）。"""
    columns: tuple[Column, ...] = ()
    rows: tuple[Row, ...] = ()
    balances: tuple[Balance, ...] = ()


@dataclass(frozen=True)
class GroupsTable(TableBase):
    """分组表（“复议诉讼”）：一行数据分成若干组，每组同样的列。"""

    kind: ClassVar[Literal["groups"]] = "groups"
    groups: tuple[Group, ...] = ()
    columns: tuple[Column, ...] = ()


@dataclass(frozen=True)
class IndicatorsTable(TableBase):
    """指标表（2019 年以前的统计表）：大项下的行树，每行一个指标、一个单位、一个数。"""

    kind: ClassVar[Literal["indicators"]] = "indicators"
    headers: tuple[str, ...] = ()
    indicator_sections: tuple[Row, ...] = ()
    """大项（格式文件的 ``sections``）：大项本身也是行，``value`` 是它自己的数据键。"""
    sum_code: str = "STAT-SUM"


Table = SectionsTable | MatrixTable | GroupsTable | IndicatorsTable
"""格式文件里的一张表：四种之一，按 ``kind`` 或 ``isinstance`` 区分。"""


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
    states: tuple[Statement, ...] = ()
    """这一部分按格式必须写到的内容（评估逐项查），见 schemas/README.md 的 ``states``。"""


@dataclass(frozen=True)
class Statement:
    """叙述部分必须写到的一项：写了 ``words`` 中任一个词就算写到（``{上一年}`` 代入报告年度减一）。"""

    code: str
    about: str
    basis: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Field:
    key: str
    type: FieldType
    required: bool = False
    guide: str = ""
    max_length: int | None = None
    """最多几个字（``lines`` 各行合计）：标题写进 DOCX 属性、机关名称写进文件名，都有长度上限。"""


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



def iter_rows(rows: tuple[Row, ...]) -> list[Row]:
    """按文档顺序（先父后子）展开行树。"""
    out: list[Row] = []
    for row in rows:
        out.append(row)
        out.extend(iter_rows(row.rows))
    return out


def matrix_row(table: MatrixTable, dotted: str) -> tuple[str, ...] | None:
    """矩阵表中按“键.键”写的行路径（格式文件的 ``carry``、``balances`` 这样写）对应的标准键；没有这一行为 None。"""
    rows = table.rows
    keys: list[str] = []
    for part in dotted.split("."):
        row = next((r for r in rows if r.key == part), None)
        if row is None:
            return None
        keys.append(row.key)
        rows = row.rows
    return tuple(keys)


def row_label(table: MatrixTable, keys: tuple[str, ...]) -> str:
    """矩阵表中一行的法定名称。"""
    rows = table.rows
    label = ".".join(keys)
    for key in keys:
        row = next((r for r in rows if r.key == key), None)
        if row is None:
            break
        label, rows = row.label, row.rows
    return label


def matrix_leaves(rows: tuple[Row, ...], prefix: tuple[str, ...]) -> list[tuple[tuple[str, ...], Row]]:
    """矩阵表的叶子行（含合计行）与各自的键路径，按表中顺序。"""
    out: list[tuple[tuple[str, ...], Row]] = []
    for row in rows:
        if row.rows:
            out.extend(matrix_leaves(row.rows, (*prefix, row.key)))
        else:
            out.append(((*prefix, row.key), row))
    return out


def table_lines(table: Table) -> list[Column | Row]:
    """一张表的全部列与行（行树按文档顺序展开）：合计的问题代码、跨年度承接都写在它们上面。"""
    if isinstance(table, SectionsTable):
        lines: list[Column | Row] = []
        for section in table.sections:
            lines += [*section.columns, *iter_rows(section.rows)]
        return lines
    if isinstance(table, MatrixTable):
        return [*table.columns, *iter_rows(table.rows)]
    if isinstance(table, GroupsTable):
        return list(table.columns)
    return list(iter_rows(table.indicator_sections))


def table_codes(table: Table) -> list[str]:
    """格式文件为这张表声明的问题代码：合计、勾稽关系、指标的加总。"""
    codes = [line.code for line in table_lines(table) if line.code]
    if isinstance(table, MatrixTable):
        codes += [b.code for b in table.balances]
    if isinstance(table, IndicatorsTable):
        codes.append(table.sum_code)
    return codes
