"""字节 → 文字：文件能不能读、是不是文本、是什么编码。

书记员常见的文件问题（选成了文件夹或 Word 文件、记事本的 BOM 与“Unicode”格式、GBK 编码）
在这里就地识别，给出中文说明；读得出文字时才交给 YAML 解析。
"""

from __future__ import annotations

import stat

from ..files import os_error_text
from .loaded import Loaded, add_problem

MAX_BYTES = 2 * 1024 * 1024
"""数据文件的大小上限。一份年报的数据不过几十 KB；过大的文件多半选错了文件。"""


def _os_problem(loaded: Loaded, exc: OSError) -> None:
    if isinstance(exc, FileNotFoundError):
        add_problem(loaded, "FILE-NOT-FOUND", f"找不到文件“{loaded.path}”；请检查路径和文件名")
        return
    add_problem(loaded, "FILE-UNREADABLE", f"无法读取文件：{os_error_text(exc)}")


def read_text(loaded: Loaded) -> str | None:
    """读出文件的文字；读不了、不是文本、编码不对时记下问题并返回 None。"""
    data = _read_bytes(loaded)
    if data is None:
        return None
    loaded.content = data
    if data.startswith(b"\xef\xbb\xbf"):
        add_problem(loaded, "FILE-BOM", "文件以 UTF-8 BOM 开头（记事本“UTF-8 带 BOM”格式），已忽略；建议另存为不带 BOM 的 UTF-8", level="warning")
        data = data[3:]
    if not data.strip():
        add_problem(loaded, "FILE-EMPTY", "文件是空的；可以用 gjjgen init 生成一份完整的数据文件模板")
        return None
    return _decode(loaded, data)


def _read_bytes(loaded: Loaded) -> bytes | None:
    """读出文件的字节：先看是不是一个不太大的普通文件，读的时候也不多读。"""
    path = loaded.path
    try:
        info = path.stat()
    except OSError as exc:
        _os_problem(loaded, exc)
        return None
    if stat.S_ISDIR(info.st_mode):
        add_problem(loaded, "FILE-IS-DIR", f"“{path}”是一个文件夹，不是数据文件；请指定其中的 .yaml 文件")
        return None
    if not stat.S_ISREG(info.st_mode):
        add_problem(loaded, "FILE-NOT-REGULAR", f"“{path}”不是普通文件（是设备、管道之类），无法当作数据文件读取；请指定一个 .yaml 文件")
        return None
    if info.st_size > MAX_BYTES:
        add_problem(
            loaded,
            "FILE-TOO-LARGE",
            f"文件有 {info.st_size // 1024} KB，超过数据文件上限 {MAX_BYTES // 1024} KB；年报数据文件通常只有几十 KB，请确认没有选错文件",
        )
        return None
    try:
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)  # 读的时候文件还在变大，也不多读
    except OSError as exc:
        _os_problem(loaded, exc)
        return None
    if len(data) > MAX_BYTES:
        add_problem(loaded, "FILE-TOO-LARGE", f"文件超过数据文件上限 {MAX_BYTES // 1024} KB；请确认没有选错文件")
        return None
    return data


def _decode(loaded: Loaded, data: bytes) -> str | None:
    """字节 → 文字：UTF-8；不是时认出 UTF-16 与二进制文件，再试 GBK（记下警告）。"""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        add_problem(
            loaded,
            "FILE-ENCODING",
            "文件是 UTF-16 编码（记事本“Unicode”格式），无法读取；请在编辑器中“另存为”UTF-8 编码",
        )
        return None
    if b"\x00" in data:
        add_problem(loaded, "FILE-BINARY", "文件含有 NUL 字节，不是文本文件（是否选成了 Word/Excel 文件？）；数据文件应是 UTF-8 编码的 YAML 文本")
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        line = data[: utf8_error.start].count(b"\n") + 1
        add_problem(loaded, "FILE-ENCODING", "文件既不是 UTF-8 也不是 GBK 编码，无法读取；请在编辑器中“另存为”UTF-8 编码", line=line)
        return None
    line = data[: utf8_error.start].count(b"\n") + 1
    add_problem(
        loaded,
        "FILE-GBK",
        "文件是 GBK（GB2312/GB18030）编码，已按 GBK 读取；请在编辑器中“另存为”UTF-8 编码，以免在其他电脑上乱码",
        line=line,
        level="warning",
    )
    return text

