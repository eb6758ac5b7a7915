"""一份文件的处理结果：主管部门的汇总表里一行。"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..problems.findings import Problem


@dataclass
class FileResult:
    """一份数据文件处理完的样子。``log`` 是单个文件时命令会打印的全部文字。

    ``crash`` 非空表示处理时出了意料之外的错误（程序错误），内容是回溯；这份文件算失败，
    其余文件照常处理。``document`` 只在汇总（``gjjgen summary``）时带回。``worker``、``peak_rss_kb``、``rss_kb`` 是处理它的
    工作进程、那时该进程的内存峰值与此刻的常驻内存（基准脚本据此看内存是否随文件数增长：峰值
    只增不减，一份大报告就抬高它；此刻的常驻内存才看得出泄漏）。"""

    file: str
    failed: bool = False
    agency: str = ""
    year: int | None = None
    format: str = ""
    problems: list[Problem] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    log: str = ""
    crash: str = ""
    document: Any = None
    worker: int = 0
    peak_rss_kb: int = 0
    rss_kb: int = 0
    verdict: str = ""
    """导入已发布的报告时的结论（可直接使用、需复核、需人工录入）；其余任务为空。"""

    @property
    def errors(self) -> int:
        return sum(p.is_error for p in self.problems)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    @property
    def codes(self) -> list[str]:
        """出现过的问题代码（去重、排序）；程序错误记作 BATCH-CRASH。"""
        codes = {p.code for p in self.problems}
        if self.crash:
            codes.add("BATCH-CRASH")
        return sorted(codes)

    @property
    def status(self) -> str:
        if self.crash:
            return "程序错误"
        if self.failed:
            return "失败"
        return "有警告" if self.problems else "通过"


VERDICT_RANK = {"需人工录入": 0, "需复核": 1, "可直接使用": 2}
"""导入的结论从坏到好（与 :mod:`gjjgen.published.trace` 的字样相同）。"""


def worst_first(results: list[FileResult]) -> list[FileResult]:
    """最需要看的在前：程序错误、失败、（导入时）结论差、错误多、警告多；同样的按文件名。"""
    return sorted(
        results,
        key=lambda r: (not r.crash, not r.failed, VERDICT_RANK.get(r.verdict, 3), -r.errors, -r.warnings, r.file),
    )
