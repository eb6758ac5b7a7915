"""命令行入口：``gjjgen <命令> …``。

每个子命令在 ``gjjgen/cli/commands/`` 下一个模块里，模块在导入时只能引入轻量依赖（渲染
所需的 WeasyPrint 等在命令真正运行时才导入），这样 ``gjjgen validate`` 启动很快。
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import importlib
import os
import sys
import threading
from collections.abc import Sequence
from typing import NoReturn

from .. import __version__
from .argparse_zh import ChineseParser

COMMANDS = ("validate", "importer", "render", "summary", "serve", "init", "schema", "templates")
"""子命令模块名，按帮助中的显示顺序排列。每个模块提供 ``register(subparsers)``。"""

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseParser(
        prog="gjjgen",
        description="政府信息公开工作年度报告：校验数据文件，生成 HTML、DOCX、PDF。",
        epilog="各命令的详细用法：gjjgen <命令> --help",
    )
    parser.add_argument("--version", action="version", version=f"gjjgen {__version__}", help="显示版本号并退出")
    subparsers = parser.add_subparsers(dest="command", metavar="<命令>", title="命令")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"gjjgen.cli.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"gjjgen.cli.commands.{name}":
                continue  # 该命令尚未提供
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        sys.stderr.write("已中断。\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK


def run() -> NoReturn:
    """命令行程序的入口（``gjjgen`` 与 ``python -m gjjgen``）：运行 :func:`main` 后直接结束进程。

    为什么不让解释器照常收尾：命令做完时，照常收尾只是逐个拆掉已导入的模块与对象（python-docx、
    Jinja 模板、报告模型……），什么也不改变，却占单份 ``gjjgen render`` 约 5 % 的时间。``atexit``
    登记的收尾（删本进程的临时目录、日志）照常运行，标准输出与标准错误先写完。还有别的线程
    （如批量处理的线程池）没结束时照常退出，让它们收尾。测试与别的程序调用 :func:`main`，不受影响。"""
    code = main()
    if threading.active_count() > 1:
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # 管道已关闭（如 | head）时不再写
            stream.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
