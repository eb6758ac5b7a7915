"""跨年度核对：本年数据与上年数据文件比较。

年报常见的三种错误都出在“照着去年改”：结转数与去年报告对不上，现行有效件数没有接着
去年算，文字原样照抄。核对哪几格由格式文件的 ``carry`` 声明（见 ``schemas/README.md``），
格式换了（如 2020 年用 2019 年格式、2021 年用 2021 年格式）也照样核对两年都有的部分。

上年文件用同一个读入器读、同一套校验建成文档；它自己的问题不在这里重复，只在有错误时
提示一句。
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..document.carry import matrix_carry, section_carry
from ..document.names import format_number
from ..document.passages import CARRIED_MARK, Passage, iter_passages, position
from ..files import os_error_text
from ..problems.findings import Finding
from ..spec.objects import MatrixTable, SectionsTable, Table, matrix_leaves

if TYPE_CHECKING:
    from ..document.model import Document
    from ..document.tables import TableValues


class ValidateFile(Protocol):
    """校验一个数据文件的函数（``checks.validate.validate_file``），用来校验上年文件。"""

    def __call__(self, path: str | Path, *, yearly: bool) -> Any: ...


SIMILAR = 0.9
"""两段文字归一后相似度达到这个比例即视为“内容雷同”。"""

MIN_CHARS = 20
"""归一后不足这么多字的段落（如“无”）不比较：每年一样是正常的。"""

SAME_CELLS = 3
"""与上年完全相同的非零格达到这个数（且占本表非零格的一半以上）时提示。"""


# ---------------------------------------------------------------- carried-over marker


def check_carried_marks(doc: Document) -> list[Finding]:
    """``gjjgen init --from`` 留下的“上年原文”标记：没删就说明这段还没改写。"""
    findings = []
    for passage in iter_passages(doc):
        for occurrence, _ in enumerate(re.finditer(re.escape(CARRIED_MARK), passage.text)):
            findings.append(
                Finding(
                    passage.path,
                    "TEXT-CARRIED",
                    f"「{passage.part}」这段照抄自上年报告，还带着{CARRIED_MARK}；按本年情况改写后删去标记",
                    "warning",
                    where=position(doc, passage.path, CARRIED_MARK, occurrence),
                )
            )
    return findings


# ---------------------------------------------------------------- loading last year


def previous_path(doc: Document, explicit: str | Path | None) -> tuple[Path | None, Finding | None]:
    """上年数据文件：命令行给的优先，否则用元数据“上年数据”（相对本文件）。"""
    if explicit:
        return Path(explicit), None
    value = doc.meta.get("上年数据")
    if value in (None, ""):
        return None, None
    path = Path(os.path.normpath(doc.path.parent / str(value)))
    try:
        found = path.is_file()
    except OSError as exc:  # 名字太长、没有权限：is_file 不替我们吞下
        return None, Finding(
            (doc.common.metadata_key, "上年数据"),
            "YOY-PREV-UNREADABLE",
            f"元数据“上年数据”写的是“{value}”，这个路径无法使用：{os_error_text(exc)}；请改正路径，或删去这一项",
        )
    if not found:
        return None, Finding(
            (doc.common.metadata_key, "上年数据"),
            "YOY-PREV-MISSING",
            f"元数据“上年数据”写的是“{value}”，找不到这个文件（按本文件所在目录计，即 {path}）；请改正路径，或删去这一项",
        )
    return path, None


def check_previous(doc: Document, explicit: str | Path | None, validate_file: ValidateFile) -> list[Finding]:
    """与上年数据文件核对；没有上年数据时什么也不做。

    上年文件用调用方给的 ``validate_file`` 校验（即校验本年文件的同一个函数）：由调用方传入，
    本模块就不必反过来导入校验的总入口。
    """
    path, problem = previous_path(doc, explicit)
    if problem is not None:
        return [problem]
    if path is None:
        return []
    meta_path = (doc.common.metadata_key,) if explicit else (doc.common.metadata_key, "上年数据")
    result = validate_file(path, yearly=False)
    prev = result.document
    given = "命令行 --previous 给的" if explicit else "元数据“上年数据”指向的"
    if prev is None or result.loaded.data is None:
        return [_unusable(result, path, meta_path, given, bool(explicit))]
    findings = _about_previous(doc, prev, len(result.errors), path, meta_path, given)
    findings.extend(check_carry(doc, prev))
    findings.extend(check_same_cells(doc, prev))
    findings.extend(check_same_text(doc, prev))
    return findings


def _unusable(result: Any, path: Path, meta_path: tuple[Any, ...], given: str, explicit: bool) -> Finding:
    """上年文件找不到、读不出或读不懂：是错误，不能悄悄不核对。"""
    first = result.errors[0] if result.errors else None
    reason = f"：{first.message}" if first else ""
    if first and (first.line, first.col) != (1, 1):
        reason += f"（在该文件第 {first.line} 行第 {first.col} 列）"
    return Finding(
        meta_path, "YOY-PREV-UNUSABLE", f"{given}上年数据文件 {path} 无法使用，跨年度核对没有进行{reason}", at_key=explicit,
    )


def _about_previous(
    doc: Document, prev: Document, errors: int, path: Path, meta_path: tuple[Any, ...], given: str
) -> list[Finding]:
    """上年文件本身的几句提醒：别的机关的、自己有错误、不是上一年度的。"""
    findings: list[Finding] = []
    if prev.agency and doc.agency and prev.agency != doc.agency:
        findings.append(Finding(
            (doc.common.metadata_key, "机关名称"), "YOY-PREV-AGENCY",
            f"{given}上年数据文件 {path} 是“{prev.agency}”的报告，本报告是“{doc.agency}”的；是不是选错了文件？"
            "跨年度核对照常进行，结果可能都不对",
            "warning",
        ))
    if errors:
        findings.append(Finding(
            meta_path, "YOY-PREV-ERRORS",
            f"上年数据文件 {path} 本身有 {errors} 个错误（用 gjjgen validate 查看），跨年度核对的结果可能不准", "warning",
        ))
    if prev.year and doc.year and prev.year != doc.year - 1:
        findings.append(Finding(
            meta_path, "YOY-PREV-YEAR",
            f"上年数据文件是 {prev.year} 年度的报告，本报告是 {doc.year} 年度；跨年度核对应与 {doc.year - 1} 年度比较",
            "warning",
        ))
    return findings


# ---------------------------------------------------------------- carried values


def _where(prev: Document, path: tuple[Any, ...] | None) -> str:
    if prev.loaded is None or path is None:
        return str(prev.path)
    line, col = prev.loaded.mark(path)
    return f"{prev.path}:{line}:{col}"


def check_carry(doc: Document, prev: Document) -> list[Finding]:
    """格式文件中声明了 ``carry`` 的格：与上年报告的对应格核对。"""
    findings: list[Finding] = []
    for key, values in doc.tables.items():
        before = prev.tables.get(key)
        if before is None or values.invalid or before.invalid:
            continue
        table = values.table
        if isinstance(table, MatrixTable):
            findings.extend(_carry_rows(table, values, before, prev))
        elif isinstance(table, SectionsTable):
            findings.extend(_carry_columns(table, values, before, prev))
    return findings


def _carry_rows(table: MatrixTable, values: TableValues, before: TableValues, prev: Document) -> list[Finding]:
    findings = []
    for row_key, row in matrix_leaves(table.rows, ()):
        carry = row.carry
        found = matrix_carry(table, carry, before) if carry is not None else None
        if carry is None or found is None:
            continue
        prev_label = "」+「".join(found.prev_labels)
        for column in table.columns:
            cell = values.cells.get((*row_key, column.key))
            previous = found.columns.get(column.key)
            if cell is None or previous is None or not previous.complete:
                continue
            expected = previous.total
            if expected is None or cell.value == expected:
                continue
            shown = format_number(cell.value) or "未填"
            findings.append(
                Finding(
                    cell.path or values.path,
                    carry.code,
                    f"{table.name}「{row.label}」的「{column.label}」写的是 {shown}，"
                    f"上年报告「{prev_label}」的「{column.label}」为 {format_number(expected)}"
                    f"（{_where(prev, previous.first_path)}）；两者应相等",
                    carry.level,
                )
            )
    return findings


def _carry_columns(table: SectionsTable, values: TableValues, before: TableValues, prev: Document) -> list[Finding]:
    findings = []
    for section in table.sections:
        for row in section.rows:
            for column in section.columns:
                carry = column.carry
                previous = section_carry(section.key, row.key, carry, before) if carry is not None else None
                if carry is None or previous is None:
                    continue
                cell = values.cells.get((section.key, row.key, column.key))
                start = previous.total
                plus = [values.value((section.key, row.key, n)) for n in carry.plus]
                minus = [values.value((section.key, row.key, n)) for n in carry.minus]
                if cell is None or cell.value is None or start is None or any(v is None for v in plus + minus):
                    continue
                expected = start + sum(v for v in plus if v is not None) - sum(v for v in minus if v is not None)
                if cell.value == expected:
                    continue
                formula = "+".join(f"上年「{n}」" for n in carry.prev)
                formula += "".join(f" + 本年「{n}」" for n in carry.plus) + "".join(f" − 本年「{n}」" for n in carry.minus)
                numbers = "+".join(format_number(c.value) if c is not None else "0" for c in previous.cells)
                numbers += "".join(f" + {format_number(v)}" for v in plus) + "".join(f" − {format_number(v)}" for v in minus)
                findings.append(
                    Finding(
                        cell.path or values.path,
                        carry.code,
                        f"{table.name}「{row.label}」的「{column.label}」写的是 {format_number(cell.value)}，"
                        f"按 {formula} 应为 {numbers} = {format_number(expected)}"
                        f"（上年见 {_where(prev, previous.first_path)}）",
                        carry.level,
                    )
                )
    return findings


# ---------------------------------------------------------------- copied tables


def _carry_targets(table: Table) -> set[tuple[str, ...]]:
    """声明了承接关系的格前缀：它们与上年有关是应当的，不算“照抄”。"""
    out: set[tuple[str, ...]] = set()
    if isinstance(table, MatrixTable):
        out.update(key for key, row in matrix_leaves(table.rows, ()) if row.carry)
    elif isinstance(table, SectionsTable):
        for section in table.sections:
            for column in section.columns:
                if column.carry:
                    out.update((section.key, row.key, column.key) for row in section.rows)
    return out


def check_same_cells(doc: Document, prev: Document) -> list[Finding]:
    """一张表里大量非零格与上年一模一样：多半是忘了改上年的数。"""
    findings = []
    for key, values in doc.tables.items():
        before = prev.tables.get(key)
        if before is None or values.invalid:
            continue
        skip = _carry_targets(values.table)
        nonzero = same = 0
        examples: list[str] = []
        for cell_key, cell in values.cells.items():
            if cell.computed or not cell.value or any(cell_key[: len(s)] == s for s in skip):
                continue
            nonzero += 1
            old = before.cells.get(cell_key)
            if old is not None and not old.computed and old.value == cell.value:
                same += 1
                if len(examples) < 5:
                    examples.append(f"{'·'.join(cell_key)} = {format_number(cell.value)}")
        if same >= SAME_CELLS and same * 2 >= nonzero:
            findings.append(
                Finding(
                    values.path,
                    "YOY-SAME-CELLS",
                    f"{values.table.name}有 {same} 个非零格（共 {nonzero} 个）与上年报告完全相同，如 {'；'.join(examples)}；"
                    "请确认填的是本年的数，不是照抄上年",
                    "warning",
                    at_key=True,
                )
            )
    return findings


# ---------------------------------------------------------------- copied text

_PUNCT = re.compile(r"[\W_]+", re.UNICODE)


def normalize(text: str, years: tuple[int, ...] = ()) -> str:
    """比较用：全半角统一，去掉空白和标点，年份换成同一个记号（“2020年”改成“2021年”不算改写）。"""
    s = unicodedata.normalize("NFKC", text).replace(CARRIED_MARK, "")
    for year in years:
        if year:
            s = re.sub(rf"(?<!\d){year}(?!\d)", "#", s)
    return _PUNCT.sub("", s)


def _paragraphs(doc: Document, years: tuple[int, ...]) -> list[tuple[Passage, int, str, str]]:
    out = []
    for passage in iter_passages(doc):
        if passage.title:
            continue
        for index, text in passage.paragraphs():
            out.append((passage, index, text, normalize(text, years)))
    return out


def check_same_text(doc: Document, prev: Document) -> list[Finding]:
    """“内容雷同”：本年的段落与上年报告的某段相同或几乎相同。"""
    years = (doc.year, prev.year)
    before = [p for p in _paragraphs(prev, years) if len(p[3]) >= MIN_CHARS]
    exact = {norm: (passage, text) for passage, _, text, norm in before}
    findings: list[Finding] = []
    for passage, _index, text, norm in _paragraphs(doc, years):
        if len(norm) < MIN_CHARS or CARRIED_MARK in text:
            continue
        match = exact.get(norm)
        ratio = 1.0
        if match is None:
            best = 0.0
            for old_passage, _, old_text, old_norm in before:
                matcher = difflib.SequenceMatcher(None, norm, old_norm, autojunk=False)
                if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
                    continue
                score = matcher.ratio()
                if score >= SIMILAR and score > best:
                    best, match = score, (old_passage, old_text)
            ratio = best
        if match is None:
            continue
        old_passage, _ = match
        how = "相同" if ratio == 1.0 else f"几乎相同（相似度 {ratio:.0%}）"
        shown = text if len(text) <= 30 else text[:30] + "……"
        findings.append(
            Finding(
                passage.path,
                "YOY-SAME-TEXT",
                f"内容雷同：「{passage.part}」中“{shown}”这段与上年报告（{_where(prev, old_passage.path)}）{how}；"
                "请按本年情况改写（年度报告不应照抄上年）",
                "warning",
                where=position(doc, passage.path, text[:12]),
            )
        )
    return findings
