"""说中文的命令行解析器：帮助、用法与用法错误里不留 argparse 的英文。

argparse 的固定文字（“usage:”“positional arguments”“options”“show this help message and
exit”“invalid choice … (choose from …)”等）写在标准库里，书记员看不懂。这里在三处换成中文：
分组标题与 ``-h`` 的说明在构造解析器时换掉；“用法：”由帮助排版器加上；用法错误的英文
句式在 ``error`` 里逐句翻译。子命令的解析器沿用同一个类（``add_subparsers`` 默认如此）。
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

EXIT_USAGE = 2

_ERROR_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"the following arguments are required: (.+)", r"缺少参数：\1"),
    (r"unrecognized arguments: (.+)", r"不认识的参数：\1"),
    (r"argument (.+?): invalid choice: (.+?) \(choose from (.+)\)", r"参数 \1：无效的选项 \2（可选：\3）"),
    (r"argument (.+?): invalid (\w+) value: (.+)", r"参数 \1：\3 不是合法的值（应为\2）"),
    (r"argument (.+?): expected one argument", r"参数 \1：后面需要一个值"),
    (r"argument (.+?): expected at most one argument", r"参数 \1：后面最多一个值"),
    (r"argument (.+?): expected at least one argument", r"参数 \1：后面至少需要一个值"),
    (r"argument (.+?): ignored explicit argument (.+)", r"参数 \1：不接受值 \2"),
    (r"argument (.+?): not allowed with argument (.+)", r"参数 \1 不能与 \2 同时使用"),
    (r"ambiguous option: (.+?) could match (.+)", r"选项 \1 有歧义，可能是：\2"),
    (r"one of the arguments (.+) is required", r"以下参数必须给出一个：\1"),
)
"""argparse 用法错误的英文句式 → 中文；未列出的句式原样保留（仍在“用法错误：”之后）。"""

_VALUE_KINDS = {"int": "整数", "float": "数"}


def translate_error(message: str) -> str:
    """把 argparse 的一句英文用法错误译成中文。"""
    for pattern, replacement in _ERROR_PATTERNS:
        translated, count = re.subn(f"^{pattern}$", replacement, message)
        if count:
            for english, chinese in _VALUE_KINDS.items():
                translated = translated.replace(f"（应为{english}）", f"（应为{chinese}）")
            return translated
    return message


class ChineseHelpFormatter(argparse.HelpFormatter):
    """帮助的第一行以“用法：”开头。"""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)


class ChineseParser(argparse.ArgumentParser):
    """帮助全是中文；用法错误以中文说明并以退出码 2 结束。"""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        add_help = kwargs.pop("add_help", True)
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        kwargs["add_help"] = False  # -h 由下面以中文说明加上
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: 用法错误：{translate_error(message)}\n")
        sys.exit(EXIT_USAGE)
