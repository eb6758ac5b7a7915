"""``gjjgen summary``：许多中心、许多年度的报告汇总成一份（逐表逐格求和、值得一看的中心、结转链）。"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .batching import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    add_jobs_option,
    data_files,
    process,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "summary",
        help="汇总许多份报告（逐格求和、离群值、跨年度结转链）",
        description="读入许多中心、许多年度的数据文件：同一法定格式的统计表逐格求和（记下每格来自哪些文件），"
        "标出数字与同格式其他中心相差悬殊、或与本中心上年大量相同的表；同一机关相邻两年都在时，核对"
        "“上年结转 = 上年的结转下年度继续办理”，列出断开之处。结果写成 CSV、JSON、HTML。"
        "退出码：0 结转链没有断开，1 有断开或有文件无法读出，2 用法错误。",
    )
    parser.add_argument("files", nargs="+", metavar="数据文件", help="数据文件、目录（取其中的 .yaml）或通配符")
    parser.add_argument(
        "-o", "--output", default=".", metavar="目录",
        help="汇总文件写在这里（默认当前目录）：gjjgen-汇总表.csv/.json/.html、gjjgen-汇总问题.csv",
    )
    add_jobs_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ...batch.rollup import build_rollup
    from ...batch.rollup_output import ordered_flags, write_rollup

    files = data_files("summary", args.files)
    if not files:
        return EXIT_USAGE
    start = time.perf_counter()
    run = process("collect", files, {}, args.jobs, show_clean=False)
    out = sys.stdout
    for result in run.results:
        if result.document is None:
            crash = result.crash.strip().splitlines()
            first = next((p.format() for p in result.problems if p.is_error), crash[-1] if crash else "")
            out.write(f"{result.file}: 错误: 数据无法读出，未计入汇总（{first}） [ROLLUP-SKIPPED]\n")
    rollup = build_rollup(run.results)
    for problem in ordered_flags(rollup):
        out.write(problem.format() + "\n")
    try:
        written = write_rollup(rollup, Path(args.output))
    except OSError as exc:
        out.write(f"{args.output}: 错误: 无法写入汇总：{exc.strerror or exc} [BATCH-SUMMARY-WRITE]\n")
        return EXIT_FAILED
    breaks = sum(p.is_error for p in rollup.flags)
    out.write("汇总：" + "、".join(str(p) for p in written) + "\n")
    out.write(
        f"共 {len(run.results)} 份，计入汇总 {len(rollup.used)} 份；结转链断开 {breaks} 处，"
        f"其他需要核对的 {len(rollup.flags) - breaks} 处；用时 {time.perf_counter() - start:.1f} 秒。\n"
    )
    if run.interrupted:
        out.write(f"已中断：{len(run.skipped)} 份未读入，汇总不完整。\n")
        return EXIT_INTERRUPTED
    failed = breaks or len(rollup.used) < len(run.results)
    return EXIT_FAILED if failed else EXIT_OK
