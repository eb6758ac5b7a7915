"""命令行的帮助全是中文：逐个走遍已注册的命令与子命令（以后新增的命令也在内）。

允许出现的拉丁字母只有：选项名本身（``--format-version``）、选项的取值（``json``）、
命令名，以及文件格式与软件的名称（HTML、DOCX、VS Code……）。argparse 自带的英文
（“usage:”“positional arguments”“options”“show this help message and exit”）一个也不许留。
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator

import pytest

from gjjgen.cli.app import build_parser, main
from gjjgen.spec.formats import available_specs

NAMES = {
    "gjjgen", "HTML", "DOCX", "PDF", "JSON", "CSV", "YAML", "Schema", "VS", "Code", "draft",
    "yaml", "language", "server", "schema", "GB", "T", "j", "html", "docx", "pdf", "csv", "json",
    "report", "settings", "templates", "Word", "WPS", "Jinja", "py", "id", "Ctrl", "C", "URL", "HTTP", "localhost",
    "LibreOffice", "doc", "htm", "mht", "txt", "wps", "trace", "examples",
}
"""文件格式、软件、按键（Ctrl+C）与文件名里的词：它们本来就是拉丁字母。"""


def _walk(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                yield from _walk(child)


def _allowed() -> set[str]:
    words = set(NAMES)
    for spec_id in available_specs():  # 格式版本的名称，如 pre-2019
        words.update(re.findall(r"[A-Za-z]+", spec_id))
    for each in _walk(build_parser()):
        words.update(re.findall(r"[A-Za-z]+", each.prog))
        for action in each._actions:
            for text in (*action.option_strings, *(action.choices or ())):
                words.update(re.findall(r"[A-Za-z]+", str(text)))
    return words


PARSERS = {each.prog: each for each in _walk(build_parser())}


def test_every_command_is_walked():
    assert {"gjjgen", "gjjgen validate", "gjjgen render", "gjjgen init", "gjjgen schema", "gjjgen templates list"} <= set(PARSERS)


@pytest.mark.parametrize("prog", sorted(PARSERS))
def test_help_has_no_english(prog: str):
    parser = PARSERS[prog]
    text = parser.format_help()
    for phrase in ("usage:", "positional arguments", "options:", "show this help", "choose from", "show program"):
        assert phrase not in text, f"{prog}: {phrase}"
    allowed = _allowed()
    english = sorted({w for w in re.findall(r"[A-Za-z]+", text) if w not in allowed})
    assert english == [], f"{prog} 的帮助里有英文：{english}"
    assert text.startswith("用法：")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["validate", "--format", "xml", "a.yaml"], "无效的选项 'xml'（可选：'text', 'json'）"),
        (["init", "--year", "二〇二四"], "'二〇二四' 不是合法的值（应为整数）"),
        (["render"], "缺少参数：数据文件"),
        (["validate", "a.yaml", "--bogus"], "不认识的参数：--bogus"),
        (["render", "a.yaml", "-o"], "参数 -o/--output：后面需要一个值"),
    ],
)
def test_usage_errors_are_chinese(argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("用法：") and "用法错误：" in err
    assert expected in err
    assert not re.search(r"\b(?:usage|error|argument|invalid|expected|choose)\b", err)
