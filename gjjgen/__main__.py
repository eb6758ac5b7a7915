"""``python -m gjjgen`` 与 ``gjjgen`` 命令相同。"""

from .cli.app import run

run()
