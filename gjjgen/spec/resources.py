"""程序自带的资源在哪里：格式文件目录 ``schemas/`` 与模板目录 ``templates/``。

两者都在仓库顶层（与 ``gjjgen/`` 并列）。集中在这里定位，格式、设置、模板各层只从这里取路径，
包内模块挪动位置时不必各自重算相对路径。
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent
"""仓库顶层目录（``gjjgen/`` 的上一级）。"""

SCHEMAS_DIR = Path(os.environ.get("GJJGEN_SCHEMAS_DIR") or PROJECT_DIR / "schemas")
"""格式文件目录。环境变量 ``GJJGEN_SCHEMAS_DIR`` 可指向另一份（如试用新格式版本时）。"""

TEMPLATES_DIR = PROJECT_DIR / "templates"
"""全国通用模板与各省模板所在的目录。"""
