"""命令行：``gjjgen <命令> …``，入口在 ``app``，各子命令在 ``commands`` 下。"""

from .app import main, run

__all__ = ["main", "run"]
