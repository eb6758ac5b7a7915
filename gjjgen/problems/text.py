"""给人看的文字：消息里照录的用户文字转义控制字符、截短过长的引用。

所有消息都经过这里（:func:`gjjgen.problems.codes.problem_line`），所以数据文件、模板设置里的任何
文字都不能让消息换行、写出终端控制序列（ESC、方向控制符），或把整个文件印出来。
"""

from __future__ import annotations

import re
import unicodedata

QUOTE_LIMIT = 200
"""消息里引用的一段用户文字（“……”之间）最多印这么多字，多的用“…”代替并注明共几字。"""

MESSAGE_LIMIT = 1000
"""一条消息最多这么多字：再长就是把整段文字印了出来，读不完也没有用。"""

_NAMED_CONTROLS = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x00": "\\0", "\x1b": "\\e"}
_QUOTED = re.compile(r"“([^“”]*)”")


def _is_unsafe(char: str) -> bool:
    """控制字符、方向控制符、非字符：原样印到终端会换行、变色、倒转文字或不可见。"""
    category = unicodedata.category(char)
    if category in ("Cc", "Cs", "Co", "Cn", "Zl", "Zp"):
        return True
    return category == "Cf" and char not in "\u200d"  # 零宽连接符是 emoji 的一部分


def escape_text(text: str) -> str:
    """把不可见或会扰乱终端的字符写成 ``\\n``、``\\u202e`` 这样的转义，其余照原样。"""
    if text.isprintable():  # 可印字符里没有要转义的（isprintable 对上面各类都为假）：快路
        return text
    out = []
    for char in text:
        if char in _NAMED_CONTROLS:
            out.append(_NAMED_CONTROLS[char])
        elif _is_unsafe(char):
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(char)
    return "".join(out)


def _shorten(match: re.Match[str]) -> str:
    inner = match.group(1)
    if len(inner) <= QUOTE_LIMIT:
        return match.group(0)
    return f"“{inner[: QUOTE_LIMIT - 40]}…{inner[-20:]}”（共 {len(inner)} 字）"


def display(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """给人看的一行：控制字符转义，引号里过长的用户文字截短，整条不超过 ``limit`` 字。

    所有消息都经过这里（:meth:`Problem.format` 与各处直接印出的一行），所以数据文件、
    模板设置里的任何文字都不能让消息换行、写出终端控制序列，或把整个文件印出来。
    """
    text = _QUOTED.sub(_shorten, escape_text(text))
    if len(text) > limit:
        text = f"{text[: limit - 30]}…（消息过长，共 {len(text)} 字，已截短）"
    return text
