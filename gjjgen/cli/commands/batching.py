"""``gjjgen validate`` / ``render`` / ``import`` 一次处理多份文件时共用的选项与流程（不是一个命令）。

给了多个文件、目录、通配符或 ``--summary`` 时走这里：展开成文件列表，交给工作进程，
显示进度，最后打印每份一行的汇总表，并按需写出 CSV、JSON、HTML 汇总。
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def worker_count(text: str) -> int:
    """``-j`` 的值：正整数，否则是用法错误（argparse 以退出码 2 报告）。"""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"进程数应是正整数（如 1、2），写的是“{text}” [BATCH-JOBS]")
    return value


def add_jobs_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-j", "--jobs", type=worker_count, default=None, metavar="进程数",
        help="多份文件时同时处理的进程数（默认：本机可用的处理器核数）",
    )


def add_batch_options(parser: argparse.ArgumentParser, summary_default: str = "不写") -> None:
    add_jobs_option(parser)
    parser.add_argument(
        "--summary", "--汇总", dest="summary", default=None, metavar="目录",
        help=f"把每份文件一行的汇总写成 gjjgen-汇总.csv/.json/.html 放进这个目录（默认：{summary_default}）",
    )


def _input_kind(command: str) -> Any:
    """命令给目录时取哪些文件（:class:`~gjjgen.batch.inputs.InputKind`）。"""
    from ...batch.inputs import DATA_FILES
    from ...batch.jobs import JOBS

    return JOBS[command].inputs if command in JOBS else DATA_FILES


def is_batch(args: argparse.Namespace, command: str = "validate") -> bool:
    """多于一份、给的是目录或通配符、或要求写汇总、给了 ``-j`` 时按批量处理；单个文件照旧。"""
    from ...batch.inputs import is_folder, is_pattern

    files = args.files
    if len(files) != 1 or args.summary or args.jobs:
        return True
    return is_folder(files[0], _input_kind(command)) or (is_pattern(files[0]) and not os.path.exists(files[0]))


def data_files(command: str, arguments: list[str]) -> list[str]:
    """展开命令行上的文件、目录、通配符；说明没展开出文件的参数。一份都没有时返回空列表。"""
    from ...batch.inputs import expand_inputs

    kind = _input_kind(command)
    inputs = expand_inputs(arguments, kind)
    for message in inputs.messages:
        sys.stderr.write(message + "\n")
    if not inputs.files:
        sys.stderr.write(f"gjjgen {command}: 错误: 没有找到要处理的文件（{kind.noun}） [BATCH-NO-FILES]\n")
    return inputs.files


def process(
    kind: str,
    files: list[str],
    options: dict[str, Any],
    jobs: int | None,
    show_clean: bool,
    per_file: dict[str, dict[str, Any]] | None = None,
) -> Any:
    """交给工作进程（默认每个可用的 CPU 核一个），显示进度；返回 :class:`~gjjgen.batch.pool.BatchRun`。
    ``per_file`` 是只属于某一份的选项。"""
    from ...batch.console import ProgressDisplay
    from ...batch.pool import run_jobs
    from ...render.worker import usable_cores

    with ProgressDisplay(len(files), show_clean=show_clean) as display:
        return run_jobs(kind, files, options, jobs or usable_cores(), display, per_file)


def run_batch(
    kind: str,
    args: argparse.Namespace,
    options: dict[str, Any],
    summary_dir: str | None = None,
    files: list[str] | None = None,
    per_file: dict[str, dict[str, Any]] | None = None,
) -> int:
    """``files`` 是已展开的文件（不给时由 ``args.files`` 展开），``per_file`` 是只属于某一份的选项。"""
    from ...batch.console import show_table, summary_line
    from ...batch.summary import write_summary

    files = data_files(kind, args.files) if files is None else files
    if not files:
        return EXIT_USAGE
    start = time.perf_counter()
    run = process(kind, files, options, args.jobs, show_clean=kind == "validate", per_file=per_file)
    show_table(run, outputs=kind != "validate")
    target = args.summary or summary_dir
    if target:
        try:
            written = write_summary(run, Path(target))
        except OSError as exc:
            sys.stdout.write(f"{target}: 错误: 无法写入汇总：{exc.strerror or exc} [BATCH-SUMMARY-WRITE]\n")
            return EXIT_FAILED
        sys.stdout.write("汇总：" + "、".join(str(p) for p in written) + "\n")
    sys.stdout.write(summary_line(run, time.perf_counter() - start) + "\n")
    if run.interrupted:
        return EXIT_INTERRUPTED
    return EXIT_FAILED if any(r.failed for r in run.results) else EXIT_OK
