"""包的分层：``pyproject.toml`` 里的导入约定（import-linter）成立，且每个子包都在约定之内。"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from importlinter import configuration
from importlinter.application.use_cases import read_user_options

PYPROJECT = ROOT / "pyproject.toml"


def _layers_contract() -> dict:
    configuration.configure()  # 读配置前须先装好 import-linter 的默认部件
    options = read_user_options(str(PYPROJECT))
    return next(c for c in options.contracts_options if c["type"] == "layers")


def test_import_contracts_are_kept():
    """上层只用下层，同一包内没有循环导入（含 ``TYPE_CHECKING`` 下的导入）。"""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache", "--no-logo", str(PYPROJECT)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"Contracts: 2 kept, 0 broken\.", result.stdout), result.stdout


def test_every_subpackage_is_a_layer():
    """新加的子包或顶层模块必须写进分层，否则它的导入不受约定约束。"""
    names: set[str] = set()
    for layer in _layers_contract()["layers"]:
        names.update(part.strip().strip("()") for part in re.split(r"[|:]", layer))
    package = ROOT / "gjjgen"
    members = {p.name for p in package.iterdir() if (p / "__init__.py").is_file()}
    members |= {p.stem for p in package.glob("*.py") if not p.name.startswith("__")}
    assert members - names == set(), f"未写进分层的子包或模块：{sorted(members - names)}"
