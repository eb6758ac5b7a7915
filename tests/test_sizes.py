"""代码的形状：模块不超过 400 行，函数不超过 60 行（复杂度由 ruff 的 C901、PLR0915 核对），类名不重复。

还没有拆小的列在下面；拆开以后要从名单里删去（名单里的不再超长时这里也会失败），名单只会变短。
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "gjjgen"

MODULE_LINES = 400
FUNCTION_LINES = 60

LONG_MODULES = {
    "document/structure.py",
    "render/layers.py",
    "report/settings.py",
    "source/datafile.py",
    "spec/formats.py",
}
"""超过 400 行、还没有拆开的模块。"""

LONG_FUNCTIONS = {
    "cli/commands/init.py:run",
    "cli/commands/render.py:_run",
    "render/docx/styles.py:build_styles",  # 样式表：逐个样式的声明
    "render/blocks.py:_table",
    "report/model.py:build_report",
    "source/datafile.py:_read_text",
    "source/datafile.py:_yaml_error",
}
"""超过 60 行、还没有拆开的函数。"""


def _sizes() -> tuple[dict[str, int], dict[str, int]]:
    modules: dict[str, int] = {}
    functions: dict[str, int] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        text = path.read_text(encoding="utf-8")
        modules[name] = len(text.splitlines())
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno is not None:
                key = f"{name}:{node.name}"
                functions[key] = max(functions.get(key, 0), node.end_lineno - node.lineno + 1)
    return modules, functions


def test_modules_are_small() -> None:
    modules, _ = _sizes()
    long = {name for name, lines in modules.items() if lines > MODULE_LINES}
    assert long - LONG_MODULES == set(), f"超过 {MODULE_LINES} 行的模块：{sorted(long - LONG_MODULES)}"
    assert LONG_MODULES - long == set(), f"已经不超长了，从 LONG_MODULES 里删去：{sorted(LONG_MODULES - long)}"


def test_functions_are_small() -> None:
    _, functions = _sizes()
    long = {name for name, lines in functions.items() if lines > FUNCTION_LINES}
    assert long - LONG_FUNCTIONS == set(), f"超过 {FUNCTION_LINES} 行的函数：{sorted(long - LONG_FUNCTIONS)}"
    assert LONG_FUNCTIONS - long == set(), f"已经不超长了，从 LONG_FUNCTIONS 里删去：{sorted(LONG_FUNCTIONS - long)}"


def test_class_names_are_unique() -> None:
    """同名的类（两个 ``Table``、两个 ``Cell``）让读代码的人分不清手里是哪一个：每个类名只用一次。"""
    seen: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                seen.setdefault(node.name, []).append(path.relative_to(PACKAGE).as_posix())
    repeated = {name: where for name, where in seen.items() if len(where) > 1}
    assert not repeated, f"同名的类：{repeated}"
