"""多个中心、多个年度的汇总（``gjjgen summary``）。

主管部门要的三样东西：

- **逐表逐格求和**：同一法定格式的各份报告，每张统计表的每一格加起来，并记下哪些文件
  填了这一格（未填的格不计为 0，也不算“填了”）；
- **值得一看的中心**：一张表的数与同格式的其他中心相差悬殊（离群值），或与本中心上年的
  报告大量相同（照抄上年，沿用跨年度核对的 YOY-SAME-CELLS）；
- **结转链**：同一机关相邻两年都在时，逐对核对“上年结转 = 上年的结转下年度继续办理”等
  格式文件里 ``carry`` 声明的关系（沿用 :func:`gjjgen.yearly.check_carry`），列出断开之处；
  中间缺了一年、同一年有两份时也说明。

这里只算，不打印、不写文件（见 :mod:`.rollup_output`）。
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..checks.validate import locate
from ..checks.yearly import check_carry, check_same_cells
from ..problems.findings import Finding, Problem, sort_problems
from ..render.export import table_records
from ..spec.formats import match_key
from .results import FileResult

MIN_PEERS = 5
"""判断离群值至少要有这么多份同格式的报告。"""

OUTLIER_SPREAD = 3.0
"""离群：本表合计的对数与中位数相差超过这么多个（稳健的）标准差。"""

MIN_LOG_SCALE = 0.5
"""稳健标准差的下限（对数尺度）：各中心几乎一样时，不把略有不同的当作离群。"""


@dataclass
class CellSum:
    """一格的合计：同格式各份报告这一格之和，以及填了这一格的文件与各自的值。"""

    format: str
    table: str
    table_name: str
    row: str
    column: str
    key: str
    total: Any = None
    files: list[tuple[str, Any]] = field(default_factory=list)


@dataclass
class Rollup:
    """汇总的结果。``flags`` 是给主管部门看的问题（已定位、排序）。"""

    files: list[FileResult]
    sums: list[CellSum] = field(default_factory=list)
    flags: list[Problem] = field(default_factory=list)

    @property
    def used(self) -> list[FileResult]:
        return [r for r in self.files if r.document is not None]


def _add(total: Any, value: Any) -> Any:
    if total is None:
        return value
    if isinstance(total, Decimal) or isinstance(value, Decimal):
        return Decimal(str(total)) + Decimal(str(value))
    return total + value


def sum_cells(results: list[FileResult]) -> list[CellSum]:
    """逐格式、逐表、逐格求和；顺序按格式、表与格在格式文件里的顺序。"""
    sums: dict[tuple[str, str, str], CellSum] = {}
    for result in results:
        document = result.document
        for table in table_records(document):
            for cell in table["cells"]:
                slot = (document.spec.id, table["key"], cell["key"])
                entry = sums.get(slot)
                if entry is None:
                    entry = sums[slot] = CellSum(
                        document.spec.id, table["key"], table["name"],
                        " > ".join(cell["row"]), cell["column"] or "", cell["key"],
                    )
                value = cell["value"]
                if value is not None:
                    entry.total = _add(entry.total, value)
                    entry.files.append((result.file, value))
    return list(sums.values())


def _table_total(values: Any) -> float:
    return float(sum(c.value for c in values.cells.values() if not c.computed and c.value))


def find_outliers(results: list[FileResult]) -> list[Problem]:
    """每种格式、每张表：各中心填写的数之和，在对数尺度上远离中位数的标出。"""
    by_table: dict[tuple[str, str], list[tuple[FileResult, Any]]] = defaultdict(list)
    for result in results:
        for key, values in result.document.tables.items():
            if not values.invalid:
                by_table[(result.document.spec.id, key)].append((result, values))
    flags = []
    for entries in by_table.values():
        if len(entries) < MIN_PEERS:
            continue
        logs = [math.log1p(_table_total(values)) for _, values in entries]
        middle = statistics.median(logs)
        scale = max(1.4826 * statistics.median(abs(x - middle) for x in logs), MIN_LOG_SCALE)
        typical = math.expm1(middle)
        for (result, values), x in zip(entries, logs, strict=True):
            if abs(x - middle) <= OUTLIER_SPREAD * scale:
                continue
            finding = Finding(
                values.path,
                "ROLLUP-OUTLIER",
                f"{values.table.name}填写的数合计 {_table_total(values):g}，同格式的 {len(entries)} 份报告的中位数是 "
                f"{typical:.0f}，相差悬殊；请核对是否多写或漏写了数位",
                "warning",
                at_key=True,
            )
            flags.append(locate(result.document.loaded, finding))
    return flags


def _agency_key(name: str) -> str:
    return match_key(name) if name else ""


def check_chains(results: list[FileResult]) -> list[Problem]:
    """同一机关相邻年度：结转链（carry）与照抄上年；缺年、重复也说明。"""
    by_agency: dict[str, list[FileResult]] = defaultdict(list)
    for result in results:
        if result.document.year and result.agency:
            by_agency[_agency_key(result.agency)].append(result)
    flags: list[Problem] = []
    for reports in by_agency.values():
        reports.sort(key=lambda r: (r.document.year, r.file))
        for before, after in zip(reports, reports[1:], strict=False):
            flags.extend(_pair(before, after))
    return flags


def _pair(before: FileResult, after: FileResult) -> list[Problem]:
    prev, doc = before.document, after.document
    meta = (doc.common.metadata_key, "报告年度")
    if doc.year == prev.year:
        finding = Finding(meta, "ROLLUP-DUPLICATE", f"{doc.agency} {doc.year} 年度有两份报告（另一份是 {before.file}）；汇总里两份都计入了", "warning")
        return [locate(doc.loaded, finding)]
    if doc.year != prev.year + 1:
        finding = Finding(
            meta, "ROLLUP-CHAIN-GAP",
            f"{doc.agency} 缺少 {prev.year + 1}–{doc.year - 1} 年度的报告，{prev.year} 年度（{before.file}）到本年度的结转链无法核对",
            "warning",
        )
        return [locate(doc.loaded, finding)]
    findings = check_carry(doc, prev) + check_same_cells(doc, prev)
    return [locate(doc.loaded, finding) for finding in findings]


def build_rollup(results: list[FileResult]) -> Rollup:
    """由读入的各份文件（:func:`~.jobs.collect_one` 的结果）得出汇总。"""
    rollup = Rollup(files=results)
    used = rollup.used
    rollup.sums = sum_cells(used)
    rollup.flags = sort_problems(find_outliers(used) + check_chains(used))
    return rollup
