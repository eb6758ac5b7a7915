"""认格式版本：看原文里出现了哪些只有某个格式才有的表格文字（行名、列名、节名）。

报告年度只作先验：真实的 2020 年度报告有按 2019 年以前的写法编的，所以年度不定格式，
只在两个格式得分相同时帮着取舍。省份变体（如 pre-2019-山东）多出的行只有它有，得分自然高。
"""

from __future__ import annotations

from collections import Counter
from functools import cache

from ..spec.formats import available_specs, load_spec, match_key
from ..spec.objects import IndicatorsTable, MatrixTable, Row, SectionsTable, Spec, Table, iter_rows
from .model import Grid


def table_labels(table: Table) -> set[str]:
    """一张法定表上印着的全部文字（归一后）。"""
    words: set[str] = set()
    rows: list[Row] = []
    if isinstance(table, SectionsTable):
        words.add(table.label_header)
        for section in table.sections:
            words.add(section.label)
            words.update(c.label for c in section.columns)
            words.update(r.label for r in section.rows)
    elif isinstance(table, IndicatorsTable):
        words.update(table.headers)
        rows = iter_rows(table.indicator_sections)
    else:
        words.update(c.label for c in table.columns)
        words.update(c.group or "" for c in table.columns)
        if isinstance(table, MatrixTable):
            words.add(table.column_header)
            rows = iter_rows(table.rows)
        else:
            words.update(w for group in table.groups for w in (group.label, group.parent or ""))
    for row in rows:
        words.update((row.label, *row.aliases))
    return {match_key(w) for w in words if w and match_key(w)}


@cache
def spec_labels(spec_id: str) -> frozenset[str]:
    spec = load_spec(spec_id)
    out: set[str] = set()
    for table in spec.tables.values():
        out |= table_labels(table)
    return frozenset(out)


def grid_words(grids: list[Grid]) -> set[str]:
    return {match_key(c.text) for g in grids for c in g.cells if c.text}


def detect_spec(grids: list[Grid], year: int | None) -> tuple[Spec, dict[str, float]]:
    """得分最高的格式与各格式的得分。得分：原文里出现的、只有少数格式才有的表格文字之和。"""
    ids = available_specs()
    words = grid_words(grids)
    holders = Counter(w for i in ids for w in spec_labels(i))
    scores: dict[str, float] = {}
    for spec_id in ids:
        found = words & spec_labels(spec_id)
        scores[spec_id] = sum(1 / holders[w] for w in found if holders[w] < len(ids))
    def rank(spec_id: str) -> tuple[float, int, int]:
        spec = load_spec(spec_id)
        return (round(scores[spec_id], 6), int(year is not None and spec.fits_year(year)), int(not spec.province))

    best = max(ids, key=rank)
    return load_spec(best), scores


def which_table(grid: Grid, spec: Spec) -> str | None:
    """这张表是格式里的哪一张（按表格文字的重合）；一格也对不上的（索引号表等）返回 None。"""
    words = grid_words([grid])
    scored = [(len(words & table_labels(t)), key) for key, t in spec.tables.items()]
    best = max(scored, default=(0, None))
    return best[1] if best[0] >= 2 else None
