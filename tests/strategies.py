"""由格式文件派生的 hypothesis 策略：合格的数据文件，以及把它改坏的各种办法。

合格的数据文件由 ``gjjgen init`` 的生成器写出（:func:`gjjgen.scaffold.scaffold`），表里的数
按格式文件填：每个可填的格取随机数（件数非负、增减可负、金额带小数），再按格式文件里的
勾稽关系（``balances``）与“等于其下各项之和”的指标（``sum``）把数补平。所以新增一种格式、
改一张表，这里不必改一行就会把它也试一遍。
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import yaml
from hypothesis import strategies as st

from gjjgen.authoring.scaffold import Carried, Options, scaffold
from gjjgen.document.textblock import Paragraph
from gjjgen.spec.formats import available_specs, load_common, load_spec
from gjjgen.spec.objects import Column, Row, Spec, Table, matrix_leaves, matrix_row

SPEC_IDS = tuple(available_specs())
YEARS = range(2008, dt.date.today().year + 1)

# 合格的文字：常用汉字、字母、数字、中文标点与文件名里不能用的符号；不含控制字符与“{”（引用）
TEXT_ALPHABET = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
    st.sampled_from(list("abcXYZ0123456789，。、；：“”（）《》—·/\\:*?<>| ")),
)
WILD_ALPHABET = st.characters(blacklist_categories=("Cs",))
"""改坏用的字符：任何 Unicode（控制字符、方向控制符、非字符都在内），只除去不能编码的代理项。"""


def _cell_value(draw: st.DrawFn, ctype: str) -> Any:
    if ctype == "signed":
        return draw(st.integers(-1000, 1000))
    if ctype == "amount":
        return Decimal(draw(st.integers(0, 10**8))) / 10000
    return draw(st.integers(0, 10**6))


def _is_total(rows: tuple[Row, ...], key: tuple[str, ...]) -> bool:
    for row in rows:
        if row.key == key[0]:
            return row.total if len(key) == 1 else _is_total(row.rows, key[1:])
    return False


def _fill_matrix(draw: st.DrawFn, table: Table, cells: dict[tuple[str, ...], Any]) -> None:
    inputs = [c for c in table.columns if not c.total]
    for row_key, _row in matrix_leaves(table.rows, ()):
        if _is_total(table.rows, row_key):
            continue  # “（七）总计”之类由 gjjgen 计算，不填
        for column in inputs:
            cells[(table.key, *row_key, column.key)] = _cell_value(draw, column.type)
    for balance in table.balances:  # 勾稽关系：差额补在少的一边（格式文件写明哪几行相等）
        for column in inputs:

            def side(names: tuple[str, ...], column: Column = column) -> int:
                total = 0
                for name in names:
                    row = matrix_row(table, name)
                    if row is None:
                        continue
                    if _is_total(table.rows, row):
                        row = row[:-1]  # 分组的“总计”行由 gjjgen 计算：取这一组各行之和
                    prefix = (table.key, *row)
                    total += sum(v for k, v in cells.items() if k[: len(prefix)] == prefix and k[-1] == column.key)
                return total

            difference = side(balance.left) - side(balance.right)
            target = matrix_row(table, balance.right[-1] if difference > 0 else balance.left[0])
            if difference and target is not None:
                key = (table.key, *target, column.key)
                cells[key] = cells.get(key, 0) + abs(difference)


def _fill_indicator_rows(draw: st.DrawFn, section: str, rows: tuple[Row, ...], cells: dict[tuple[str, ...], Any]) -> int:
    """统计表的一组指标：子项随机，标了 ``sum`` 的等于其下各项之和。返回这组之和。"""
    total = 0
    for row in rows:
        below = _fill_indicator_rows(draw, section, row.rows, cells) if row.rows else None
        if row.has_value:
            value = below if row.sum and below is not None else _cell_value(draw, row.type)
            cells[(section, row.key)] = value
            total += value
    return total


def _fill_tables(draw: st.DrawFn, spec: Spec) -> dict[tuple[str, ...], Any]:
    cells: dict[tuple[str, ...], Any] = {}
    for part in spec.parts:
        if part.kind != "table":
            continue
        table = spec.table_of(part)
        if table.kind == "matrix":
            _fill_matrix(draw, table, cells)
        elif table.kind == "sections":
            for section in table.sections:
                for row in section.rows:
                    for column in (c for c in section.columns if not c.total):
                        cells[(table.key, section.key, row.key, column.key)] = _cell_value(draw, column.type)
        elif table.kind == "groups":
            for group in table.groups:
                for column in (c for c in table.columns if not c.total):
                    cells[(table.key, group.key, column.key)] = _cell_value(draw, column.type)
        elif table.kind == "indicators":
            for section in table.indicator_sections:
                inner: dict[tuple[str, ...], Any] = {}
                total = _fill_indicator_rows(draw, section.key, section.rows, inner)
                if section.value:
                    inner[(section.key, section.value)] = total if section.sum else _cell_value(draw, section.type)
                cells.update({(table.key, *k): v for k, v in inner.items()})
    return cells


@st.composite
def valid_documents(draw: st.DrawFn) -> tuple[str, Spec]:
    """一份合格的数据文件（YAML 文字）与它的格式。"""
    spec = load_spec(draw(st.sampled_from(SPEC_IDS)))
    year = draw(st.sampled_from([y for y in YEARS if spec.fits_year(y)]))
    agency = draw(st.text(TEXT_ALPHABET, min_size=1, max_size=100).filter(lambda s: s.strip(" ._")))
    carried = Carried(cells=_fill_tables(draw, spec))
    for part in spec.parts:
        if part.kind in ("text", "parts") and draw(st.booleans()):
            paragraphs = draw(st.lists(st.text(TEXT_ALPHABET, min_size=1, max_size=300), min_size=1, max_size=3))
            block = tuple(Paragraph(p.strip()) for p in paragraphs if p.strip()) or (Paragraph("无"),)
            title = draw(st.text(TEXT_ALPHABET, min_size=1, max_size=30)).strip() or "其他" if part.kind == "parts" else ""
            carried.texts[part.key] = [(title, block)]
    options = Options(agency=agency.strip(), year=year, spec=spec, common=load_common(), province=spec.province, carried=carried)
    return scaffold(options), spec


# ---------------------------------------------------------------- 改坏


def _leaf_paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in [(*path, k), *_leaf_paths(v, (*path, k))]]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in [(*path, i), *_leaf_paths(v, (*path, i))]]
    return []


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(),
    st.integers(min_value=10**15, max_value=10**400),
    st.text(WILD_ALPHABET, max_size=50),
    st.lists(st.integers(-5, 5), max_size=8),
    st.dictionaries(st.text(WILD_ALPHABET, max_size=8), st.integers(), max_size=3),
    st.dates(),
    st.sampled_from(["—", "/", "无", "1,234", "12件", "0x1F", "012", "１２", "-3", "2.5", "1e400", "9" * 5000]),
)


@st.composite
def mutated_files(draw: st.DrawFn) -> bytes:
    """把一份合格的数据文件改坏：换类型、改键名、插入任意字符、超大的数、截断、换编码。"""
    text, _spec = draw(valid_documents())
    how = draw(st.sampled_from(["type", "key", "insert", "digits", "truncate", "encoding", "lines"]))
    if how in ("type", "key"):
        data = yaml.safe_load(text)
        paths = _leaf_paths(data)
        path = draw(st.sampled_from(paths))
        if how == "type":
            _set(data, path, draw(ODD_VALUES))
        else:
            parent = data
            for step in path[:-1]:
                parent = parent[step]
            if isinstance(parent, dict):
                value = parent.pop(path[-1])
                parent[draw(st.text(WILD_ALPHABET, min_size=1, max_size=30))] = value
        text = yaml.safe_dump(data, allow_unicode=draw(st.booleans()), sort_keys=False, default_flow_style=draw(st.sampled_from([False, None])))
        return text.encode("utf-8")
    if how == "insert":
        at = draw(st.integers(0, len(text)))
        return (text[:at] + draw(st.text(WILD_ALPHABET, min_size=1, max_size=20)) + text[at:]).encode("utf-8", "surrogatepass")
    if how == "digits":  # 一个数格（或叙述里的一处）换成很长的一串数字
        numbers = [m.start(1) for m in re.finditer(r"[\[ ,](\d+)[\],\n]", text)] or [0]
        at = draw(st.sampled_from(numbers)) if draw(st.booleans()) else draw(st.integers(0, len(text)))
        return (text[:at] + "9" * draw(st.integers(14, 60_000)) + text[at:]).encode("utf-8")
    if how == "truncate":
        raw = text.encode("utf-8")
        return raw[: draw(st.integers(0, len(raw)))]
    if how == "encoding":
        codec = draw(st.sampled_from(["gb18030", "utf-16", "utf-16-be", "utf-8-sig", "big5", "shift_jis", "latin-1"]))
        return text.encode(codec, errors="replace")
    lines = text.splitlines(keepends=True)
    index = draw(st.integers(0, max(0, len(lines) - 1)))
    line = draw(st.sampled_from(["\t", "　", "：", "- ", "  ", "&a ", "*a ", "[", "{", '"', "'", "---\n", "? ", "!!python/object "]))
    if lines:
        lines[index] = line + lines[index]
    return "".join(lines).encode("utf-8")
