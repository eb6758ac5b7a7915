"""命令行入口：``gjjgen <命令> …``。

每个子命令在 ``gjjgen/cli/commands/`` 下一个模块里，模块在导入时只能引入轻量依赖（渲染
所需的 WeasyPrint 等在命令真正运行时才导入），这样 ``gjjgen validate`` 启动很快。
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
