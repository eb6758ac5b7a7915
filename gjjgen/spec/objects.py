"""格式说明的对象：格式文件读成的表、行、列、部分，校验、排版、模板生成都只认这些。

对象都是不可变的数据；怎样从 ``schemas/*.yaml`` 读成它们见 :mod:`.formats`。
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..problems.codes import Level

CELL_TYPES = ("count", "signed", "amount")

TableKind = Literal["sections", "matrix", "groups", "indicators"]
"""表的四种形状：主动公开（按节）、依申请公开（矩阵）、复议诉讼（分组）、2019 年以前的统计表（指标）。"""

PartKind = Literal["text", "table", "parts", "fields"]
"""报告部分的四种：一段叙述、一张表、机关自拟的若干部分、填报信息。"""


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
    type: str
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
