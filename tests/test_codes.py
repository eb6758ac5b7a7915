"""问题代码的登记表：程序能报出的每个代码都已登记、README 里都有，登记的每个代码都有地方报出。"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from gjjgen.problems.codes import (
    REGISTRY,
    UnknownCodeError,
    code_info,
    codes_markdown,
    problem_line,
)
from gjjgen.problems.findings import Finding, Problem
from gjjgen.report.settings import SettingsError

ROOT = Path(__file__).resolve().parent.parent

PACKAGE = ROOT / "gjjgen"
SCHEMAS = ROOT / "schemas"
README = ROOT / "README.md"

HYPHENATED = re.compile(r"(?<![\w-])[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)+(?![\w-])")
"""源代码里任何地方（字符串、f-string、说明）形如 ``T3-COL-BAL`` 的词都算代码。"""

NOT_CODES = {"UTF-8", "UTF-16"}
"""形似代码、其实是别的东西的词。"""

SINGLE_WORD = re.compile(r"[A-Z]{3,}")
EMITTERS = {"Finding", "Problem", "_problem", "_add", "TextIssue", "CellIssue", "TemplateProblem", "problem_line", "_fail"}
"""构造问题的调用：它们的参数里整个是大写单词的字符串（如 ``TYPE``）也是代码。"""

BEGIN = "<!-- 问题代码表开始：由 python -m gjjgen.problems.codes 生成 -->\n"
END = "<!-- 问题代码表结束 -->"


def _callee(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def codes_in_source() -> dict[str, set[str]]:
    """源代码里出现的代码 → 出现在哪些文件。"""
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        words = set(HYPHENATED.findall(text)) - NOT_CODES
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Call) and _callee(node) in EMITTERS:
                values = [*node.args, *(k.value for k in node.keywords)]
                words |= {
                    v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str) and SINGLE_WORD.fullmatch(v.value)
                }
        for word in words:
            found.setdefault(word, set()).add(str(path.relative_to(ROOT)))
    return found


def codes_in_schemas() -> dict[str, set[str]]:
    """格式文件里 ``code``、``sum_code`` 写的代码。"""
    found: dict[str, set[str]] = {}

    def walk(node: object, name: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("code", "sum_code") and isinstance(value, str):
                    found.setdefault(value, set()).add(name)
                walk(value, name)
        elif isinstance(node, list):
            for item in node:
                walk(item, name)

    for path in sorted(SCHEMAS.glob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")), f"schemas/{path.name}")
    return found


def test_every_code_in_source_and_schemas_is_registered() -> None:
    emitted = {**codes_in_source(), **codes_in_schemas()}
    missing = {code: sorted(where) for code, where in emitted.items() if code not in REGISTRY}
    assert not missing, f"没有登记的问题代码（在 gjjgen/problems/codes.py 里登记）：{missing}"


def test_no_registered_code_is_dead() -> None:
    emitted = set(codes_in_source()) | set(codes_in_schemas())
    dead = sorted(set(REGISTRY) - emitted)
    assert not dead, f"登记了却没有任何地方报出的代码：{dead}"


def test_expected_outputs_use_registered_codes() -> None:
    """``tests/bad_inputs`` 里记下的输出只用登记过的代码，级别与登记的一致。"""
    line = re.compile(r": (错误|警告): .* \[([A-Z0-9-]+)\]$")
    words = {"错误": "error", "警告": "warning"}
    for path in sorted((ROOT / "tests" / "bad_inputs").rglob("expected.txt")):
        for text in path.read_text(encoding="utf-8").splitlines():
            found = line.search(text)
            if found:
                assert code_info(found.group(2)).level == words[found.group(1)], f"{path}: {text}"


def readme_sections() -> dict[str, str]:
    """README 的每一节：标题（去掉 #） → 从标题行到下一个同级或更高级标题为止的文字。"""
    sections: dict[str, str] = {}
    text = README.read_text(encoding="utf-8")
    heads = list(re.finditer(r"^(#+) (.+)$", text, re.M))
    for index, head in enumerate(heads):
        depth = len(head.group(1))
        end = next((h.start() for h in heads[index + 1 :] if len(h.group(1)) <= depth), len(text))
        sections[head.group(2)] = text[head.start() : end]
    return sections


def test_readme_code_tables_are_generated_from_the_registry() -> None:
    text = README.read_text(encoding="utf-8")
    assert BEGIN in text and END in text, "README 缺少问题代码表"
    table = text[text.index(BEGIN) + len(BEGIN) : text.index(END)]
    assert table == codes_markdown(), "README 的问题代码表与登记表不一致：用 python -m gjjgen.problems.codes 重新生成"


def test_every_code_is_explained_where_the_registry_says() -> None:
    sections = readme_sections()
    for info in REGISTRY.values():
        assert f"| {info.code} |" in sections["问题代码"]
        if info.section:
            assert info.section in sections, f"{info.code}：README 没有“{info.section}”一节"
            assert info.code in sections[info.section], f"README“{info.section}”一节没有提到 {info.code}"


def test_unregistered_code_is_refused() -> None:
    with pytest.raises(UnknownCodeError):
        Finding(("元数据",), "NO-SUCH-CODE", "说明")
    with pytest.raises(UnknownCodeError):
        Problem("error", "NO-SUCH-CODE", "说明")
    with pytest.raises(UnknownCodeError):
        SettingsError("settings.yaml:1: 说明 [NO-SUCH-CODE]")


def test_level_comes_from_the_registry() -> None:
    assert Finding(("元数据",), "CELL-BLANK", "说明").level == "warning"
    assert Problem("error", "T3-COL-BAL", "说明", "a.yaml", 3, 5).format() == "a.yaml:3:5: 错误: 说明 [T3-COL-BAL]"
    with pytest.raises(ValueError, match="T3-COL-BAL"):
        Problem("warning", "T3-COL-BAL", "说明")
    with pytest.raises(ValueError, match="CELL-BLANK"):
        Finding(("元数据",), "CELL-BLANK", "说明", "error")


def test_one_formatter_for_every_problem_line() -> None:
    assert problem_line("x.yaml:1:1", "INIT-EXISTS", "文件已存在") == "x.yaml:1:1: 错误: 文件已存在 [INIT-EXISTS]"
    assert problem_line("", "DATE-LATE", "晚了") == "警告: 晚了 [DATE-LATE]"
    error = SettingsError("s.yaml:3: 不认识的设置 [SETTINGS-KEY]")
    assert (error.code, error.report_line) == ("SETTINGS-KEY", "s.yaml:3: 错误: 不认识的设置 [SETTINGS-KEY]")
