"""程序自带的资源在哪里：格式文件目录 ``schemas/`` 与模板目录 ``templates/``。

仓库里两者都在顶层（与 ``gjjgen/`` 并列）；构建轮子时它们被复制进包里的 ``gjjgen/_resources/``，
所以从轮子装好的 gjjgen 也带着它们。需要资源的函数接受一个 :class:`Resources`（不给时用
:meth:`Resources.default`），测试或另一个程序要换一份格式文件、模板时传入自己的，不必改模块里的变量。
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent
"""仓库顶层目录（``gjjgen/`` 的上一级）：在源代码目录里运行、或以可编辑方式安装时资源在这里。"""

BUNDLED_DIR = Path(__file__).resolve().parent.parent / "_resources"
"""轮子里的资源目录（构建时由 ``setup.py`` 放入）。"""

SCHEMAS_ENV = "GJJGEN_SCHEMAS_DIR"
"""环境变量：指向另一份格式文件目录（如试用新格式版本时）。"""


@dataclass(frozen=True)
class Resources:
    """一套资源的位置：格式文件目录与模板目录（其下 ``base/`` 是全国通用模板，其余是省份模板）。"""

    schemas_dir: Path
    templates_dir: Path

    @property
    def base_templates_dir(self) -> Path:
        """全国通用模板与设置所在的目录。"""
        return self.templates_dir / "base"

    @classmethod
    def default(cls) -> Resources:
        """程序自带的资源：装好的包里的一份，或源代码目录顶层的一份；``GJJGEN_SCHEMAS_DIR`` 优先。"""
        root = BUNDLED_DIR if BUNDLED_DIR.is_dir() else PROJECT_DIR
        schemas = os.environ.get(SCHEMAS_ENV)
        return cls(schemas_dir=Path(schemas) if schemas else root / "schemas", templates_dir=root / "templates")
