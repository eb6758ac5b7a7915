"""表格 → 法定表的各格，按行名与列名对应，从不按位置。

每一格记下来源（原文位置、行名、列名）、对上的方式（exact / alias / fuzzy）与读数的情形
（number 数、blank 原文未填、unreadable 读不出的数——也记为未填并警告）。少了的行照样写出、
全部未填；不认识的行与列是警告。
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..problems.codes import Level
from ..spec.objects import (
    GroupsTable,
    IndicatorsTable,
    MatrixTable,
    Row,
    SectionsTable,
    Table,
    iter_rows,
)
from .headers import Leaf, column_tree, geometric_leaves, ordered_leaves, section_tree
from .labels import Candidate, is_blank, is_value, match, read_number
from .model import Grid, SourceCell, SourcePlace

CellKey = tuple[str, ...]


@dataclass(frozen=True)
class Traced:
    """导入的一格：写进数据文件的文字与它的来历。"""

    text: str
    raw: str
    place: SourcePlace
    row_label: str
    col_label: str
    match: str
    kind: str


@dataclass(frozen=True)
class Issue:
    level: Level
    code: str
    message: str
    place: SourcePlace | None = None


@dataclass
class Mapped:
    """一张法定表读出的结果。``cells`` 的键是 (表键, 行键…, 列键)。"""

    table: Table
    cells: dict[CellKey, Traced] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)

    def put(self, key: CellKey, cell: SourceCell, row_label: str, col_label: str, how: str) -> None:
        number = read_number(cell.text)
        if is_blank(cell.text):
            text, kind = cell.text.strip() if cell.text.strip() in ("—", "/", "无") else "", "blank"
        elif number is not None:
            text, kind = number, "number"
        else:
            text, kind = "", "unreadable"
            self.issues.append(
                Issue("warning", "IMPORT-NUMBER", f"{self.table.name}「{row_label}」「{col_label}」：读不出数“{cell.text}”，记为未填", cell.place)
            )
        full = (self.table.key, *key)
        if full in self.cells:
            return
        self.cells[full] = Traced(text, cell.text, cell.place, row_label, col_label, how, kind)


def _row_candidates(rows: tuple[Row, ...], prefix: tuple[str, ...] = (), parents: tuple[str, ...] = ()) -> list[tuple[Candidate, tuple[str, ...]]]:
    """矩阵表的叶子行（含“总计”行）：(候选, 祖先行名)。"""
    out: list[tuple[Candidate, tuple[str, ...]]] = []
    for row in rows:
        key = (*prefix, row.key)
        if row.rows:
            out.extend(_row_candidates(row.rows, key, (*parents, row.label, row.key)))
        else:
            out.append((Candidate(key, (row.label, row.key), row.aliases), parents))
    return out


def _pick_row(labels: list[str], candidates: list[tuple[Candidate, tuple[str, ...]]], last: int) -> tuple[int, str] | None:
    """一行的行名路径 → 候选下标。同名的行（“其他”“（二）被依法纠错数”）看所在分组，再看原文次序。"""
    if not labels:
        return None
    found = match(labels[-1], [c for c, _ in candidates])
    if found is None:
        return None
    best, how = found
    same = [
        i for i, (c, _) in enumerate(candidates)
        if c is best or (c.names[0] == best.names[0] or c.key[-1] == best.key[-1] or how == "fuzzy")
        and (m := match(labels[-1], [c])) is not None and m[1] == how
    ]
    if len(same) > 1 and len(labels) > 1:
        context = [i for i in same if any(match(t, [Candidate((), candidates[i][1])]) for t in labels[:-1])]
        same = context or same
    later = [i for i in same if i > last]
    return (later or same)[0], how


def _split_rows(grid: Grid) -> tuple[list[list[SourceCell]], int]:
    """(各行, 第一条数据行的行号)：第一条有数值（数或未填记号）的行之前都是表头。

    续表（分页拆出的第二个 ``<table>``）可能一开头就是数据行：第一行有数就算数据行。"""
    rows = grid.rows()
    for r, row in enumerate(rows):
        starting = [c for c in row if c.row == r and c.text]
        if any(is_value(c.text) for c in starting) and (r or any(read_number(c.text) is not None for c in starting)):
            return rows, r
    return rows, len(rows)


def drop_repeated_header(first: Grid, second: Grid) -> Grid:
    """分页续表常把表头再印一遍：续表开头那几行表头的文字都在前一段里出现过，就去掉。"""
    rows, start = _split_rows(second)
    if start == 0 or start >= len(rows):
        return second
    seen = {c.text for c in first.cells}
    header = [c for c in second.cells if c.row < start]
    if not all(c.text in seen for c in header if c.text):
        return second
    kept = [SourceCell(c.row - start, c.col, c.text, c.place, c.rowspan, c.colspan) for c in second.cells if c.row >= start]
    return Grid(kept, second.place, second.geometric)


def _labels(row: list[SourceCell], r: int, value_cols: set[int] | None) -> list[str]:
    out: list[str] = []
    for cell in row:
        if value_cols is not None and cell.col in value_cols:
            continue
        if cell.text and not is_value(cell.text) and (not out or out[-1] != cell.text):
            out.append(cell.text)
    return out


def _fit(values: list[SourceCell], width: int) -> list[SourceCell]:
    """纯文本的表：去掉排版多出的空格（先尾后头），直到与表头的列数相同。"""
    values = list(values)
    while len(values) > width and not values[-1].text:
        values.pop()
    while len(values) > width and not values[0].text:
        values.pop(0)
    return values


def row_values(grid: Grid, row: list[SourceCell], r: int, leaves: dict[int, Leaf] | list[Leaf]) -> list[tuple[SourceCell, Leaf]]:
    """一行的数值格与它们的列。"""
    if isinstance(leaves, dict):
        out = []
        for cell in row:
            if cell.row == r and cell.col in leaves:
                out.append((cell, leaves[cell.col]))
        return out
    values: list[SourceCell] = []
    for cell in reversed(row):
        if cell.text and not is_value(cell.text):
            break
        values.insert(0, cell)
    return list(zip(_fit(values, len(leaves)), leaves, strict=False))


def _unknown_column(mapped: Mapped, leaf: Leaf, cell: SourceCell, warned: set[str]) -> None:
    if leaf.header not in warned:
        warned.add(leaf.header)
        mapped.issues.append(Issue("warning", "IMPORT-COLUMN-UNKNOWN", f"{mapped.table.name}：不认识的列“{leaf.header}”，其中的数没有导入", cell.place))


def map_rows(table: MatrixTable | GroupsTable, grids: list[Grid]) -> Mapped:
    """矩阵表（表三）与分组表（表四）。分页拆开的各段分别读：续段有自己的表头（各页的列线可能
    不同）就按它读，没有就沿用上一段的表头。"""
    mapped = Mapped(table)
    tree = column_tree(table)
    candidates: list[tuple[Candidate, tuple[str, ...]]] = (
        _row_candidates(table.rows) if isinstance(table, MatrixTable) else [(Candidate((), ("",)), ())]
    )
    state: dict[str, Any] = {"last": -1, "warned": set(), "leaves": None}
    for grid in grids:
        rows, first = _split_rows(grid)
        if first > 0 or state["leaves"] is None:
            width = max((c.col + c.colspan for c in grid.cells), default=0)
            if grid.geometric:
                found = geometric_leaves(rows[:first], range(width), tree)
                state["leaves"] = {c: leaf for c, leaf in found.items() if leaf.node or c >= _label_width(rows[:first])}
            else:
                state["leaves"] = ordered_leaves(rows[:first], tree)
        _read_rows(mapped, grid, rows[first:], first, candidates, state)
    return mapped


def _read_rows(mapped: Mapped, grid: Grid, rows: list[list[SourceCell]], first: int, candidates: list[tuple[Candidate, tuple[str, ...]]], state: dict[str, Any]) -> None:
    table, leaves = mapped.table, state["leaves"]
    value_cols = set(leaves) if isinstance(leaves, dict) else None
    for offset, row in enumerate(rows):
        r = first + offset
        pairs = row_values(grid, row, r, leaves)
        picked: tuple[int, str] | None = (0, "exact")  # 表四只有一行数据，没有行名
        if not isinstance(table, GroupsTable):
            labels = _labels(row, r, value_cols)
            picked = _pick_row(labels, candidates, state["last"])
        if picked is None:
            if labels and any(c.text for c, _ in pairs):
                mapped.issues.append(Issue("warning", "IMPORT-ROW-UNKNOWN", f"{table.name}：不认识的行“{labels[-1]}”，其中的数没有导入", row[0].place))
            continue
        index, how = picked
        candidate = candidates[index][0]
        state["last"] = index
        for cell, leaf in pairs:
            if leaf.node is None:
                _unknown_column(mapped, leaf, cell, state["warned"])
                continue
            worst = how if how != "exact" else leaf.how
            row_label = candidate.names[0] or leaf.node.key[0]
            mapped.put((*candidate.key, *leaf.node.key), cell, row_label, leaf.node.label, worst)


def _label_width(header_rows: list[list[SourceCell]]) -> int:
    """左上角那格（行名区的表头）占的列数；没有时为 0。"""
    if not header_rows or not header_rows[0]:
        return 0
    corner = header_rows[0][0]
    return corner.col + corner.colspan if corner.col == 0 and corner.rowspan >= 1 else 0


def map_sections(table: SectionsTable, grid: Grid) -> Mapped:
    """主动公开表：节标题（第二十条第（×）项）、表头行（信息内容 | …）、数据行。"""
    mapped = Mapped(table)
    sections = [Candidate((s.key,), (s.label, s.key)) for s in table.sections]
    section = None
    leaves: dict[int, Leaf] | list[Leaf] = []
    warned: set[str] = set()
    for r, row in enumerate(grid.rows()):
        texts = [c.text for c in row if c.text]
        if not texts:
            continue
        found = match(texts[0], sections) if len(set(texts)) == 1 else None
        if found and found[1] != "fuzzy" or (found and "第二十条" in texts[0]):
            section = next(s for s in table.sections if s.key == found[0].key[0])
            continue
        is_header = match(texts[0], [Candidate(("",), (table.label_header or "信息内容",))]) is not None
        if section is None and is_header:
            section = table.sections[0]  # 第一节的节标题印在了表格外面（LibreOffice 导出的 PDF 常见）
        if section is None:
            continue
        if is_header:
            header = [c for c in row if c.row == r][1:]
            tree = section_tree(section.columns)
            leaves = geometric_leaves([header], range(99), tree) if grid.geometric else ordered_leaves([header], tree)
            continue
        labels = _labels(row, r, set(leaves) if isinstance(leaves, dict) else None)
        rows = [Candidate((rw.key,), (rw.label, rw.key), rw.aliases) for rw in section.rows]
        picked = match(labels[-1], rows) if labels else None
        pairs = row_values(grid, row, r, leaves)
        if picked is None:
            if labels and any(c.text for c, _ in pairs):
                mapped.issues.append(Issue("warning", "IMPORT-ROW-UNKNOWN", f"{table.name}「{section.label}」：不认识的行“{labels[-1]}”", row[0].place))
            continue
        candidate, how = picked
        for cell, leaf in pairs:
            if leaf.node is None:
                _unknown_column(mapped, leaf, cell, warned)
                continue
            worst = how if how != "exact" else leaf.how
            mapped.put((section.key, *candidate.key, *leaf.node.key), cell, candidate.names[0], leaf.node.label, worst)
    return mapped


def _indicator_candidates(table: IndicatorsTable) -> list[tuple[Candidate, tuple[str, ...]]]:
    out: list[tuple[Candidate, tuple[str, ...]]] = []
    for section in table.indicator_sections:
        if section.value:
            out.append((Candidate((section.key, section.value), (section.label, section.value), section.aliases), ()))
        for row in iter_rows(section.rows):
            if row.has_value:
                out.append((Candidate((section.key, row.key), (row.label, row.key), row.aliases), (section.label,)))
    return out


def map_indicators(table: IndicatorsTable, grid: Grid) -> Mapped:
    """统计表：统计指标 | 单位 | 统计数，同名的指标按所在大项与原文次序区分。"""
    mapped = Mapped(table)
    candidates = _indicator_candidates(table)
    sections = [Candidate((s.key,), (s.label, s.key), s.aliases) for s in table.indicator_sections]
    last = -1
    current: str | None = None
    for r, row in enumerate(grid.rows()):
        cells = [c for c in row if c.row == r or c.col == 0]
        while len(cells) > 3 and not cells[-1].text:
            cells.pop()
        while len(cells) > 3 and not cells[0].text:
            cells.pop(0)
        if len(cells) < 2 or not cells[0].text or is_value(cells[0].text):
            continue
        label, value = cells[0].text, cells[-1]
        unit = cells[1].text if len(cells) >= 3 else ""
        section = match(label, sections)
        if section and section[1] != "fuzzy":
            current = section[0].key[0]
        if not unit or is_blank(unit) or not is_value(value.text):
            continue  # 表头与单位为“—”的大项行：不填数
        pool = [(c, p) for c, p in candidates if current is None or c.key[0] == current] or candidates
        picked = _pick_row([label], pool, -1 if pool is not candidates else last)
        if picked is None:
            mapped.issues.append(Issue("warning", "IMPORT-ROW-UNKNOWN", f"{table.name}：不认识的指标“{label}”", cells[0].place))
            continue
        index, how = picked
        candidate = pool[index][0]
        taken = (table.key, *candidate.key)
        if taken in mapped.cells:
            rest = [i for i in range(index + 1, len(pool)) if match(label, [pool[i][0]])]
            if not rest:
                continue
            index = rest[0]
            candidate = pool[index][0]
        last = candidates.index(pool[index])
        mapped.put(candidate.key, value, candidate.names[0], "统计数", how)
    return mapped


def map_table(table: Table, grids: list[Grid]) -> Mapped:
    """一张法定表（可能被分页拆成几段）→ 各格。"""
    if isinstance(table, (MatrixTable, GroupsTable)):
        return map_rows(table, grids)
    whole = Grid(list(grids[0].cells), grids[0].place, grids[0].geometric)
    for grid in grids[1:]:
        whole.extend(drop_repeated_header(whole, grid))
    return map_sections(table, whole) if isinstance(table, SectionsTable) else map_indicators(table, whole)
