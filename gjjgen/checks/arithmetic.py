"""算术与跨字段检查：勾稽关系、合计、空格、发布期限。

每个检查只返回 :class:`~gjjgen.problems.findings.Finding`（路径与事实），行列号与措辞的统一由
``validate`` 负责。检查的清单是下面 ``CHECKS`` 这个显式元组；新增的格式版本只要沿用
已有的表类型，就不需要改这里的任何一行。
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..document.cells import Cell, Number, format_number
from ..problems.findings import Finding
from ..spec.objects import GroupsTable, IndicatorsTable, MatrixTable, Row, iter_rows, row_label
from .assessment import ASSESSMENTS
from .narrative_lint import check_narrative_numbers
from .references import check_references
from .values import check_printable, check_province
from .yearly import check_carried_marks

if TYPE_CHECKING:
    from ..document.model import Document
    from ..document.tables import TableValues


def _fmt(value: object) -> str:
    return format_number(value) or "0"


def _diff(a: Number | None, b: Number | None) -> str:
    return _fmt(abs((a or 0) - (b or 0)))


# ---------------------------------------------------------------- blanks


def check_blank_cells(doc: Document) -> list[Finding]:
    """未填的格：允许，但要提示，并且绝不当成 0 印出来。"""
    findings = []
    for values in doc.tables.values():
        name = values.table.name
        for row in values.rows:
            if not row.blank_columns:
                continue
            label = row.label
            if not row.present:
                findings.append(
                    Finding(row.path, "CELL-BLANK", f"{name}没有写「{label}」这一项，按未填处理（不计为 0）", "warning")
                )
                continue
            if row.blank_columns == ["统计数"]:
                message = f"{name}「{label}」未填写，按未填处理（不计为 0）"
            else:
                cols = "、".join(row.blank_columns)
                message = f"{name}「{label}」有 {len(row.blank_columns)} 格未填写（{cols}），按未填处理（不计为 0）"
            blank = (values.cells.get((*row.key, column)) for column in row.blank_columns)
            related = tuple(cell.path for cell in blank if cell is not None and cell.path is not None)
            findings.append(Finding(row.path, "CELL-BLANK", message, "warning", related=related))
    return findings


# ---------------------------------------------------------------- totals


def check_typed_totals(doc: Document) -> list[Finding]:
    """书记员抄写的合计（行“总计”列、“（七）总计”行、表四各组总计）必须等于算出的和。"""
    findings = []
    for values in doc.tables.values():
        table = values.table
        if values.invalid or not isinstance(table, (MatrixTable, GroupsTable)):
            continue
        rows = iter_rows(table.rows) if isinstance(table, MatrixTable) else []
        total_rows = {r.key for r in rows if r.total}
        for key, typed in values.typed.items():
            computed = values.computed.get(key)
            if typed.blank or computed is None or typed.value == computed:
                continue
            *row_key, column = key
            column_spec = next(c for c in table.columns if c.key == column)
            row_is_total = row_key and row_key[-1] in total_rows
            if row_is_total:
                row_spec = next(r for r in rows if r.key == row_key[-1] and r.total)
                code = row_spec.code or "TOTAL-SUM"
                what = f"各项办理结果之和为 {_fmt(computed)}"
            else:
                code = column_spec.code or "TOTAL-SUM"
                what = f"各列之和为 {_fmt(computed)}"
            label = row_label(table, tuple(row_key)) if isinstance(table, MatrixTable) else row_key[0]
            findings.append(
                Finding(
                    typed.path or values.path,
                    code,
                    f"{table.name}「{label}」的「{column}」写的是 {_fmt(typed.value)}，{what}，相差 {_diff(typed.value, computed)}",
                )
            )
    return findings


def _suspect_row(values: TableValues, table: MatrixTable, column: str) -> tuple[Any, ...] | None:
    """列不平时，找最可能写错的那一格。

    行的“总计”与各列之和不符，说明这一行有格写错了；列不平说明这一列有格写错了，两者
    的交点就是要改的格。合计行（“（七）总计”）本身不算嫌疑行：它不符只说明叶子行变了。
    """
    total_rows = {r.key for r in iter_rows(table.rows) if r.total}
    rows = set()
    for key, typed in values.typed.items():
        computed = values.computed.get(key)
        if typed.blank or computed is None or typed.value == computed:
            continue
        if key[-2] not in total_rows:
            rows.add(key[:-1])
    if len(rows) != 1:
        return None
    cell = values.cells.get((*rows.pop(), column))
    return cell.path if cell is not None else None


def _side_cells(values: TableValues, names: tuple[str, ...], column: str) -> list[Cell]:
    """勾稽关系一侧在这一列的各格（格式文件里写的行名用“.”分层）。"""
    cells = [values.cells.get((*name.split("."), column)) for name in names]
    return [c for c in cells if c is not None]


def _side(values: TableValues, names: tuple[str, ...], column: str) -> tuple[Number, bool]:
    """勾稽关系一侧的和，以及这一侧是否有任何已填的格。"""
    filled = [c.value for c in _side_cells(values, names, column) if c.value is not None]
    return sum(filled), bool(filled)


def check_balances(doc: Document) -> list[Finding]:
    """表三每一列：一 + 二 = 三(七) + 四（格式明文规定的勾稽关系）。"""
    findings = []
    for values in doc.tables.values():
        table = values.table
        if values.invalid or not isinstance(table, MatrixTable):
            continue
        for balance in table.balances:
            for column in (c.key for c in table.columns):
                left, left_filled = _side(values, balance.left, column)
                right, right_filled = _side(values, balance.right, column)
                if left == right or not (left_filled or right_filled):
                    continue
                first = values.cells.get((*balance.left[0].split("."), column))
                where = _suspect_row(values, table, column) or (first.path if first and first.path else values.path)
                findings.append(
                    Finding(
                        where,
                        balance.code,
                        f"{table.name}「{column}」列：{balance.left_name} = {_fmt(left)}，"
                        f"{balance.right_name} = {_fmt(right)}，相差 {_diff(left, right)}",
                        related=tuple(
                            c.path
                            for names in (balance.left, balance.right)
                            for c in _side_cells(values, names, column)
                            if c.path is not None
                        ),
                    )
                )
    return findings


def check_indicator_sums(doc: Document) -> list[Finding]:
    """统计表：有“sum”标记的指标等于其下各子项之和（渠道等可重叠的指标不设 sum）。"""
    findings = []
    for values in doc.tables.values():
        table = values.table
        if values.invalid or not isinstance(table, IndicatorsTable):
            continue
        labels: dict[tuple[str, ...], Row] = {}
        for section in table.indicator_sections:
            if section.value:
                labels[(section.key, section.value)] = section
            for row in iter_rows(section.rows):
                labels[(section.key, row.key)] = row
        for key, typed in values.typed.items():
            computed = values.computed.get(key)
            if typed.blank or computed is None or typed.value == computed:
                continue
            row = labels[key]
            parts = "、".join(r.label for r in row.rows)
            findings.append(
                Finding(
                    typed.path or values.path,
                    table.sum_code,
                    f"{table.name}「{row.label}」写的是 {_fmt(typed.value)}，其下各项（{parts}）之和为 {_fmt(computed)}，相差 {_diff(typed.value, computed)}",
                )
            )
    return findings


# ---------------------------------------------------------------- metadata and text


def check_publication(doc: Document) -> list[Finding]:
    """发布日期：不早于统计年度结束，不晚于法定期限（2019《条例》1月31日，2008《条例》3月31日）。"""
    findings: list[Finding] = []
    meta_path = (doc.common.metadata_key,)
    published = doc.published
    if published is None:
        # 未定稿的报告常常还没有发布日期；有的已发布年报也不印日期，所以只是提示
        findings.append(
            Finding(
                meta_path,
                "DATE-MISSING",
                "元数据没有写“发布日期”：落款处不会印成文日期，发布期限也无从核对；定稿时请补上，如 发布日期: "
                f"{doc.year + 1}-01-20",
                "warning",
                at_key=True,
                related=((doc.common.metadata_key, "机关名称"),),  # 落款：日期本该印在这里
            )
        )
        return findings
    path = (*meta_path, "发布日期")
    if published <= dt.date(doc.year, 12, 31):
        findings.append(
            Finding(
                path,
                "DATE-EARLY",
                f"发布日期 {published.year}年{published.month}月{published.day}日早于 {doc.year} 年度结束；年度报告应在次年发布",
            )
        )
        return findings
    month, day = doc.spec.deadline
    deadline = dt.date(doc.year + 1, month, day)
    if published > deadline:
        which = "2019 年修订的《条例》第四十九条" if doc.spec.regulation >= 2019 else "2008 年《条例》第三十一条"
        findings.append(
            Finding(
                path,
                "DATE-LATE",
                f"发布日期 {published.year}年{published.month}月{published.day}日晚于法定期限 {deadline.year}年{month}月{day}日（{which}）",
                "warning",
            )
        )
    return findings


def unfinished_parts(doc: Document) -> list[tuple[str, str]]:
    """还没写的法定叙述部分：(键, 标题)。“无”也算写了。正式生成据此拒绝，校验据此提示。"""
    return [
        (part.key, part.title)
        for part in doc.spec.parts
        if part.kind in ("text", "parts") and not doc.texts.get(part.key)
    ]


def check_text_parts(doc: Document) -> list[Finding]:
    """叙述部分不能空着发布：没写的部分提示；写完之前 ``gjjgen render`` 只肯出草稿。"""
    return [
        Finding((key,), "TEXT-EMPTY", f"「{title}」还没有填写；写完之前只能生成草稿（render --draft）", "warning")
        for key, title in unfinished_parts(doc)
    ]


def check_blank_report(doc: Document) -> list[Finding]:
    """叙述全空、统计表全是 0：还是 ``gjjgen init`` 生成的空白文件，一句话说清，别让它看着像写完了。"""
    texts = [p for p in doc.spec.parts if p.kind in ("text", "parts")]
    if not texts or len(unfinished_parts(doc)) < len(texts):
        return []
    cells = [c for values in doc.tables.values() for c in values.cells.values() if not c.computed]
    if any(c.value for c in cells):
        return []
    return [
        Finding(
            (doc.common.metadata_key,),
            "REPORT-BLANK",
            "这份报告还没有填写：叙述部分都空着，统计表的数全是 0（gjjgen init 生成的样子）；"
            "填写之前只能生成草稿，不能作为正式报告发布",
            "warning",
            at_key=True,
            related=((doc.common.metadata_key, "机关名称"),),
        )
    ]


Check = Callable[["Document"], list[Finding]]

CHECKS: tuple[Check, ...] = (
    check_blank_cells,
    check_typed_totals,
    check_balances,
    check_indicator_sums,
    check_publication,
    check_text_parts,
    check_blank_report,
    check_references,
    check_narrative_numbers,
    check_carried_marks,
    check_province,
    check_printable,
    *ASSESSMENTS,
)
