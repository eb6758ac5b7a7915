"""用户给的路径（最底层：不依赖包内任何模块）：数据文件、上年数据、模板目录、输出目录与输出文件名。

一条规则管所有路径：操作系统的任何错误（名字太长、没有权限、链接绕圈……）都变成带代码
的中文说明（:func:`gjjgen.files.os_error_text`）；写出的文件名去掉控制字符、方向控制符，过长时按固定规则缩短
并说明（:mod:`.names`）。
"""

from .names import MAX_NAME_BYTES, OutputName, output_name

__all__ = ["MAX_NAME_BYTES", "OutputName", "output_name"]
