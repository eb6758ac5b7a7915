"""问题（错误与警告）：检查只说“哪条路径、什么事实”，这里统一变成“文件:行:列”和文字。"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass

LEVEL_WORDS = {"error": "错误", "warning": "警告"}

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


@dataclass(frozen=True)
class Problem:
    """一条问题。``code`` 是稳定的代码（如 T3-COL-BAL），脚本可以据此过滤。"""

    level: str  # "error" | "warning"
    code: str
    message: str
    file: str = ""
    line: int = 1
    col: int = 1

    def format(self) -> str:
        where = display(self.file, limit=300)
        return f"{where}:{self.line}:{self.col}: {LEVEL_WORDS[self.level]}: {display(self.message)} [{self.code}]"

    @property
    def is_error(self) -> bool:
        return self.level == "error"


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """按文件中的位置排序，同一位置错误在前；完全相同的问题只留一条。"""
    unique = dict.fromkeys(problems)
    return sorted(unique, key=lambda p: (p.file, p.line, p.col, p.level != "error", p.code, p.message))


def summary(problems: list[Problem]) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return "未发现问题。"
    return f"共 {errors} 个错误，{warnings} 个警告。"


def to_json(problems: list[Problem]) -> str:
    errors = sum(p.is_error for p in problems)
    payload = {
        "problems": [asdict(p) for p in problems],
        "errors": errors,
        "warnings": len(problems) - errors,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


@dataclass(frozen=True)
class Finding:
    """检查的结果：数据路径与事实，还没有行列号。``at_key`` 为真时定位到键名而不是值。

    ``where`` 是已知的精确行列（如多行文字中间的一处引用），给出时优先于路径定位。
    """

    path: tuple
    code: str
    message: str
    level: str = "error"
    at_key: bool = False
    where: tuple[int, int] | None = None
