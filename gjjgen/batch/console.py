"""终端上的样子：进度条（件数、当前文件、已用与预计剩余时间）与每份文件一行的汇总表。

进度条画在标准错误上，只在它是终端时出现；每份文件的问题行照常写到标准输出（进度条
显示时由 rich 排在进度条上方），所以重定向到文件的输出与不显示进度条时一样。
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from .pool import BatchRun
from .results import FileResult, worst_first

PIPE_WIDTH = 160
"""输出不是终端时表格的宽度（rich 默认 80 列，中文列会折得很碎）。"""


class ProgressDisplay:
    """:func:`~.pool.run_jobs` 的进度回调：更新进度条，打印做完的文件的问题行。

    ``show_clean`` 为假时，没有任何问题的文件不打印（批量生成时“已生成”的行太多，
    它们都在汇总文件里）。"""

    def __init__(self, total: int, show_clean: bool = True, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout
        self.show_clean = show_clean
        console = Console(stderr=True)
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("已用"),
            TimeElapsedColumn(),
            TextColumn("剩余"),
            TimeRemainingColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        )
        self.task = self.progress.add_task("", total=total)

    def __enter__(self) -> ProgressDisplay:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.__exit__(None, None, None)

    def __call__(self, event: str, value: Any) -> None:
        if event == "running":
            self.progress.update(self.task, description=f"正在处理 {Path(value).name}")
            return
        result: FileResult = value
        self.progress.advance(self.task)
        if result.crash:
            self.stream.write(f"{result.file}: 错误: 处理时出现程序错误，这份文件没有处理完 [BATCH-CRASH]\n")
            self.stream.write(result.crash.rstrip("\n") + "\n")
        if result.log and (self.show_clean or result.problems or result.failed):
            self.stream.write(result.log)
        self.stream.flush()


NUMBER_COLUMNS = frozenset({"年度", "错误", "警告", "生成"})
CODES_WIDTH = 24
"""问题代码列最宽几个字符（最长的代码约 20 个字符）。"""


def show_table(run: BatchRun, outputs: bool, stream: TextIO | None = None) -> None:
    """每份文件一行，最需要看的在前；``outputs`` 为真时加一列写出了几个文件，
    有导入的结论时在“状态”之后加一列“结论”。"""
    stream = stream or sys.stdout
    console = Console(file=stream, width=None if stream.isatty() else PIPE_WIDTH, highlight=False)
    grid = Table(title="汇总", show_lines=False)
    verdicts = any(r.verdict for r in run.results)
    headers = ("文件", "机关名称", "年度", "格式", "状态", *(("结论",) if verdicts else ()),
               "错误", "警告", "问题代码", *(("生成",) if outputs else ()))
    for header in headers:
        # 数字列不折行、靠右；问题代码在代码之间折行，不占去文件名的宽度
        grid.add_column(header, overflow="fold", no_wrap=header in NUMBER_COLUMNS,
                        justify="right" if header in NUMBER_COLUMNS else "left",
                        max_width=CODES_WIDTH if header == "问题代码" else None)
    for r in worst_first(run.results):
        grid.add_row(
            Path(r.file).name, r.agency, str(r.year or ""), r.format, r.status,
            *((r.verdict,) if verdicts else ()),
            str(r.errors), str(r.warnings), " ".join(r.codes),
            *((str(len(r.outputs)),) if outputs else ()),
        )
    console.print(grid, markup=False)


def summary_line(run: BatchRun, seconds: float) -> str:
    done = len(run.results)
    failed = sum(r.failed for r in run.results)
    warned = sum(1 for r in run.results if not r.failed and r.problems)
    line = f"共 {done + len(run.skipped)} 份：通过 {done - failed - warned}，有警告 {warned}，失败 {failed}；用时 {seconds:.1f} 秒。"
    if run.interrupted:
        line += f"已中断：{len(run.skipped)} 份未处理（见汇总）。"
    return line
