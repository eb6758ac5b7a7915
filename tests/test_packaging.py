"""打包的设置：``pyproject.toml`` 逐个列出的包与 ``gjjgen/`` 下的目录一致。

为什么要核对：包是逐个列出的（这样才能把顶层的 ``schemas/``、``templates/`` 映射进轮子），
新加一个子包却忘了列出，可编辑安装照常能用，从轮子装好的 gjjgen 却会缺模块。
"""

from __future__ import annotations

from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")  # Python 3.11 起自带

ROOT = Path(__file__).resolve().parent.parent


def _configured() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_package_directory_is_listed():
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "gjjgen").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    listed = {name for name in _configured()["packages"] if not name.startswith("gjjgen._resources")}
    assert on_disk == listed


def test_resource_directories_are_mapped_into_the_package():
    mapping = _configured()["package-dir"]
    assert mapping == {"gjjgen._resources.schemas": "schemas", "gjjgen._resources.templates": "templates"}
    for directory in mapping.values():
        assert (ROOT / directory).is_dir()
