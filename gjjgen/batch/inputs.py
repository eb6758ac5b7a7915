"""命令行上的文件、目录、通配符 → 要处理的数据文件。

- 文件照原样（不存在的也留着，由读入器报 FILE-NOT-FOUND，与单个文件时一样）；
- 目录取其中要处理的那种文件（:class:`InputKind`）：校验、生成取 ``*.yaml``、``*.yml``，
  导入取已发布的报告（``.html``、``.docx``、``.pdf``、``.txt`` 等）。不进子目录：子目录常是
  模板目录，其中的 ``settings.yaml`` 不是数据文件。名字本身像要处理的文件的目录（如
  ``x.yaml/``）当作写错的文件，由读入器报 FILE-IS-DIR；
- 带 ``*``、``?``、``[`` 的参数按通配符展开，``**`` 可以跨目录（如 ``报告/**/*.yaml``）。

同一个文件只处理一次（按解析后的绝对路径去重），顺序与参数顺序一致。
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field
from pathlib import Path

DATA_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class InputKind:
    """目录里取哪些文件：后缀（小写）与说明里怎么称呼它们。"""

    suffixes: tuple[str, ...]
    noun: str
    skip_prefixes: tuple[str, ...] = ()
    """目录里名字以这些开头的文件不取（如 gjjgen 自己写的汇总页面）。"""


DATA_FILES = InputKind(DATA_SUFFIXES, ".yaml 数据文件")
"""校验、生成、汇总：数据文件。"""

PUBLISHED_REPORTS = InputKind(
    (".html", ".htm", ".mht", ".mhtml", ".docx", ".doc", ".wps", ".pdf", ".txt"),
    "已发布的报告：.html、.htm、.mht、.docx、.doc、.wps、.pdf、.txt",
    skip_prefixes=("gjjgen-汇总",),
)
"""导入：已发布的报告（取哪些文件看后缀，文件的种类导入时仍按内容认）。批量处理与
``gjjgen summary`` 写的汇总页面（``gjjgen-汇总.html``、``gjjgen-汇总表.html``）不是报告，不取。"""


@dataclass
class Inputs:
    """展开的结果：文件列表，以及没有展开出任何文件的参数（每条一句中文说明，带代码）。"""

    files: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def is_pattern(text: str) -> bool:
    return any(c in text for c in "*?[")


def is_folder(text: str, kind: InputKind = DATA_FILES) -> bool:
    """要展开的目录（名字像要处理的文件的目录不算，见模块说明）。"""
    # os.path 的判断遇到任何系统错误（名字过长、没有权限）都答“否”，交给读入器说明
    return os.path.isdir(text) and not Path(text).name.lower().endswith(kind.suffixes)


def _files_in(directory: Path, kind: InputKind) -> list[str]:
    names = sorted(
        entry.name
        for entry in os.scandir(directory)
        if entry.is_file()
        and not entry.name.startswith((".", *kind.skip_prefixes))
        and entry.name.lower().endswith(kind.suffixes)
    )
    return [str(directory / name) for name in names]


def expand_inputs(arguments: list[str], kind: InputKind = DATA_FILES) -> Inputs:
    """把命令行参数展开成要处理的文件列表。"""
    result = Inputs()
    seen: set[str] = set()

    def add(name: str) -> None:
        key = os.path.realpath(name)
        if key not in seen:
            seen.add(key)
            result.files.append(name)

    for argument in arguments:
        if is_folder(argument, kind):
            try:
                found = _files_in(Path(argument), kind)
            except OSError as exc:
                result.messages.append(f"{argument}: 错误: 无法读取目录：{exc.strerror or exc} [BATCH-DIR]")
                continue
            if not found:
                result.messages.append(f"{argument}: 警告: 目录里没有要处理的文件（{kind.noun}） [BATCH-EMPTY-DIR]")
            for name in found:
                add(name)
        elif is_pattern(argument) and not os.path.exists(argument):
            matches = sorted(m for m in glob.glob(argument, recursive=True) if os.path.isfile(m))
            if not matches:
                result.messages.append(f"{argument}: 警告: 通配符没有匹配到任何文件 [BATCH-NO-MATCH]")
            for name in matches:
                add(name)
        else:
            add(argument)
    return result
