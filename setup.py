"""构建时把仓库顶层的 ``schemas/``、``templates/`` 复制进包里的 ``gjjgen/_resources/``。

两个目录留在仓库顶层，书记员与维护者照常在那里找、改；从轮子装好的 gjjgen 则带着自己的一份
（``gjjgen.spec.resources.Resources.default`` 先找那里）。以可编辑方式安装时不复制：包就在
源代码目录里，直接用顶层的两个目录。其余设置都在 ``pyproject.toml``。
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

RESOURCE_DIRS = ("schemas", "templates")
TARGET = Path("gjjgen") / "_resources"


class BuildWithResources(build_py):
    """照常构建，再把资源目录复制进构建目录里的包。"""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for name in RESOURCE_DIRS:
            target = Path(self.build_lib) / TARGET / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(name, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*"))


setup(cmdclass={"build_py": BuildWithResources})
