"""错误的输入：每一种都给出中文的、带位置和代码的说明，绝不出现 Python 的回溯。

``tests/bad_inputs/`` 下每个文件夹是一个例子：``input.yaml`` 是书记员可能写出的文件，
``expected.txt`` 是 ``gjjgen validate`` 在该文件夹里运行时应当逐字输出的内容（最后一行是
问题计数），可选的 ``args.txt`` 是命令行参数（默认 ``input.yaml``）。有的输入不宜放进仓库
（文件夹、几十 MB 的文件），由下面的 ``GENERATED`` 在临时目录里生成。

退出码由计数行推出：有错误为 1；只有警告为 0，加 ``--strict`` 时为 1。
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

from gjjgen.checks.validate import validate_file
from gjjgen.cli.app import main
from gjjgen.source import datafile as loader

CASES_DIR = Path(__file__).resolve().parent / "bad_inputs"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if p.is_dir())

LINE = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<level>错误|警告): (?P<message>.+) \[(?P<code>[^\]]+)\]$"
)
CODE = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$")
"""问题代码的形式：大写字母开头，大写字母、数字，以连字符分段（如 T3-COL-BAL）。"""
CJK = re.compile(r"[\u4e00-\u9fff]")
LEAK = re.compile(r"\b(?:while|expected|found|mapping|scalar|token|could not|not allowed|Error|Traceback)\b")
"""YAML 解析器或 Python 的英文原文：一旦出现在说明里，就是漏译了。"""
SUMMARY = re.compile(r"^(?:未发现问题。|共 (?P<errors>\d+) 个错误，(?P<warnings>\d+) 个警告。)$")

HUGE = 64 * 1024 * 1024


def _make_directory(where: Path) -> None:
    (where / "数据").mkdir()
    (where / "数据" / "某市-2023.yaml").write_text("元数据: {}\n", encoding="utf-8")


def _make_huge(where: Path) -> None:
    """64 MB 的“数据文件”：只写开头，其余是稀疏的空洞，不占磁盘也不必真的读。"""
    with (where / "input.yaml").open("wb") as f:
        f.write("元数据:\n  机关名称: 某市住房公积金管理中心\n".encode())
        f.truncate(HUGE)


def _make_pipe(where: Path) -> None:
    """命名管道：读它会一直等下去，必须在读之前就拒绝。"""
    if not hasattr(os, "mkfifo"):
        pytest.skip("这个系统没有命名管道")
    os.mkfifo(where / "input.yaml")


GENERATED: dict[str, Callable[[Path], None]] = {
    "directory": _make_directory,
    "too-large": _make_huge,
    "not-a-regular-file": _make_pipe,
}


def _prepare(case: str, where: Path) -> list[str]:
    """把例子的输入放进 ``where``，返回命令行参数。"""
    source = CASES_DIR / case
    for item in source.iterdir():
        if item.name not in ("expected.txt", "args.txt"):
            shutil.copy(item, where / item.name)
    if case in GENERATED:
        GENERATED[case](where)
    args_file = source / "args.txt"
    return args_file.read_text(encoding="utf-8").split() if args_file.exists() else ["input.yaml"]


def _expected(case: str) -> list[str]:
    return (CASES_DIR / case / "expected.txt").read_text(encoding="utf-8").splitlines()


def _exit_code(lines: list[str], args: list[str]) -> int:
    match = SUMMARY.match(lines[-1])
    assert match, f"expected.txt 的最后一行应是计数行：{lines[-1]}"
    errors, warnings = int(match["errors"] or 0), int(match["warnings"] or 0)
    return 1 if errors or (warnings and "--strict" in args) else 0


def test_every_case_has_an_expected_output():
    assert len(CASES) >= 40
    for case in CASES:
        assert (CASES_DIR / case / "expected.txt").is_file(), case
        has_input = (CASES_DIR / case / "input.yaml").is_file()
        has_args = (CASES_DIR / case / "args.txt").is_file()
        assert has_input or has_args or case in GENERATED or case == "missing-file", case


@pytest.mark.parametrize("case", CASES)
def test_bad_input(case, tmp_path, monkeypatch, capsys):
    args = _prepare(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    code = main(["validate", *args])
    captured = capsys.readouterr()
    expected = _expected(case)
    assert captured.out.splitlines() == expected
    assert captured.err == ""
    assert code == _exit_code(expected, args)


@pytest.mark.parametrize(
    "case",
    ["yaml-unclosed-double-quote", "encoding-gbk", "fullwidth-digits-ok", "yaml-too-deep", "binary-nul-bytes", "too-large"],
)
def test_bad_input_in_a_separate_process(case, tmp_path):
    """真正的命令行：标准错误里什么都没有（没有回溯），退出码与文档一致。"""
    args = _prepare(case, tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "gjjgen", "validate", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    expected = _expected(case)
    assert proc.stderr == ""
    assert "Traceback" not in proc.stdout
    assert proc.stdout.splitlines() == expected
    assert proc.returncode == _exit_code(expected, args)


def test_json_output_for_several_problems(tmp_path):
    """--format json 供程序读取：同样的问题、同样的计数，不夹带别的输出。"""
    args = _prepare("mixed", tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "gjjgen", "validate", "--format", "json", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert proc.stderr == ""
    assert proc.returncode == 1
    payload = json.loads(proc.stdout)
    expected = _expected("mixed")
    assert [f"{p['file']}:{p['line']}:{p['col']}: {'错误' if p['level'] == 'error' else '警告'}: {p['message']} [{p['code']}]" for p in payload["problems"]] == expected[:-1]
    assert (payload["errors"], payload["warnings"]) == (6, 1)


@pytest.mark.parametrize("argv", [["validate"], ["validate", "--format", "xml", "input.yaml"], ["validate", "--没有这个选项"]])
def test_usage_errors_exit_2_in_chinese(argv, tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "gjjgen", *argv], cwd=tmp_path, capture_output=True, text=True, encoding="utf-8", check=False
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert "用法错误" in proc.stderr


# ---------------------------------------------------------------- what the cases mean


def _case_input(case: str) -> Path:
    return CASES_DIR / case / "input.yaml"


def test_gbk_file_is_read_correctly():
    """GBK 文件只是警告：读出的文字与数和 UTF-8 原文一模一样。"""
    gbk = validate_file(_case_input("encoding-gbk"))
    utf8 = validate_file(_case_input("encoding-utf8-bom"))
    assert [p.code for p in gbk.problems] == ["FILE-GBK"]
    assert gbk.loaded.data == utf8.loaded.data
    assert gbk.document.agency == "某市住房公积金管理中心"
    assert gbk.document.tables["依申请公开"].value(("本年新收", "自然人")) == 1
    assert gbk.loaded.data["元数据"]["机关名称"] == "某市住房公积金管理中心"
    assert "危及“三安全一稳定”" in gbk.loaded.data["收到和处理政府信息公开申请情况"]["本年度办理结果"]["不予公开"]


def test_crlf_file_has_the_same_data_and_lines_as_lf(tmp_path):
    crlf = _case_input("crlf-line-endings").read_bytes()
    assert b"\r\n" in crlf
    lf = tmp_path / "lf.yaml"
    lf.write_bytes(crlf.replace(b"\r\n", b"\n"))
    a, b = validate_file(_case_input("crlf-line-endings")), validate_file(lf)
    assert a.loaded.data == b.loaded.data
    assert [(p.line, p.col, p.code) for p in a.problems] == [(p.line, p.col, p.code) for p in b.problems]
    assert "\r" not in a.loaded.data["其他需要报告的事项"]


def test_fullwidth_digits_are_numbers():
    """“１”与“1”是同一个数：照数计算，印出来是半角数字。"""
    result = validate_file(_case_input("fullwidth-digits-ok"))
    table = result.document.tables["主动公开"]
    key = ("第二十条第（一）项", "行政规范性文件", "本年制发件数")
    assert table.value(key) == 1
    assert table.text(key) == "1"


def test_negative_change_is_allowed_only_where_the_format_says_so():
    ok = validate_file(_case_input("format-2019-negative-change-ok"))
    assert ok.problems == []
    assert ok.spec.id == "2019"
    assert ok.document.tables["主动公开"].value(("第二十条第（五）项", "行政许可", "本年增/减")) == -1


@pytest.mark.parametrize("case", ["yaml-alias-bomb", "yaml-too-deep"])
def test_refused_before_any_data_is_built(case, monkeypatch):
    """别名炸弹、超深嵌套在扫描事件时就被拒绝，从不展开成数据。"""

    def explode(*args, **kwargs):
        raise AssertionError("不应构建数据")

    monkeypatch.setattr(loader._Builder, "build", explode)
    monkeypatch.setattr(loader._Loader, "get_single_node", explode)
    result = loader.load_document(_case_input(case))
    assert result.data is None
    assert [p.code for p in result.problems] in (["YAML-ALIAS"], ["YAML-TOO-DEEP"])


def test_narrative_colons_are_not_flagged():
    result = validate_file(_case_input("fullwidth-colon-in-narrative-ok"))
    assert result.problems == []
    assert "说明：本年度未收取信息处理费。" in result.loaded.data["其他需要报告的事项"]


# ---------------------------------------------------------------- the form of every problem


def _all_outputs() -> list[str]:
    lines = []
    for case in CASES:
        lines.extend(_expected(case)[:-1])
    return lines


def test_every_expected_line_has_the_documented_form():
    for line in _all_outputs():
        match = LINE.match(line)
        assert match, line
        assert CODE.match(match["code"]), line
        assert CJK.search(match["message"]), line
        assert not LEAK.search(match["message"]), line


def test_every_problem_on_the_examples_has_the_documented_form():
    for path in sorted(EXAMPLES.glob("*.yaml")):
        for problem in validate_file(path).problems:
            assert CODE.match(problem.code), problem
            assert CJK.search(problem.message), problem
            assert LINE.match(problem.format()), problem


_CONSTRUCTORS = {
    # 可调用对象 → (代码参数的位置, 说明参数的位置)
    "Finding": (1, 2),
    "Problem": (1, 2),
    "CellIssue": (0, 1),
    "TextIssue": (1, 2),
    "_problem": (1, 2),
    "_add": (1, 2),
}


def _literal_strings(node: ast.AST) -> list[str]:
    """表达式里的全部字符串常量（f-string 的固定部分也算）。"""
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def test_every_problem_code_in_the_source_has_the_documented_form():
    """源码里每一处构造问题的地方：代码是稳定的大写代码，说明含有中文。"""
    seen = 0
    for source in sorted((ROOT / "gjjgen").rglob("*.py")):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            func = call.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name not in _CONSTRUCTORS:
                continue
            code_at, message_at = _CONSTRUCTORS[name]
            keywords = {k.arg: k.value for k in call.keywords}
            code = keywords.get("code", call.args[code_at] if len(call.args) > code_at else None)
            message = keywords.get("message", call.args[message_at] if len(call.args) > message_at else None)
            if code is None or message is None:
                continue
            where = f"{source.relative_to(ROOT)}:{call.lineno}"
            for text in _literal_strings(code):
                assert CODE.match(text), f"{where}: 代码 {text!r}"
            texts = _literal_strings(message)
            if any(ch.isalpha() for t in texts for ch in t):  # 只拼接别处的说明时不算
                assert any(CJK.search(t) for t in texts), f"{where}: 说明没有中文"
                assert not any(LEAK.search(t) for t in texts), f"{where}: 说明里有英文原文"
            seen += 1
    assert seen >= 50


def test_every_code_in_the_format_files_has_the_documented_form():
    for path in sorted((ROOT / "schemas").glob("*.yaml")):
        for code in re.findall(r"\b(?:sum_)?code:\s*\"?([^\s,}\"]+)", path.read_text(encoding="utf-8")):
            assert CODE.match(code), f"{path.name}: {code}"


def test_leading_zero_is_a_decimal_number():
    """YAML 1.1 把 012 读作八进制 10；书记员写的是 12。"""
    result = validate_file(_case_input("cell-yaml-number-surprises"))
    assert result.document.tables["依申请公开"].value(("上年结转", "自然人")) == 12
