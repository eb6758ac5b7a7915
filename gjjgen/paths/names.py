"""输出文件名：由机关名称与年度组成，去掉不能或不该出现在文件名里的字符，过长时缩短。

文件系统的一级名字最多 255 字节（一个汉字占 3 字节）；还要给后缀和写入时的临时名留出余地，
所以名字（含后缀）不超过 :data:`MAX_NAME_BYTES`。缩短的规则是固定的：保留“-××年政府信息
公开工作年度报告”，机关名称截短后加上由全称算出的 8 位短码，同一个机关每次得到同一个名字、
不同机关不会撞名。
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

MAX_NAME_BYTES = 200
"""输出文件名（含后缀）的最大字节数。临时文件名在它前后各加十几个字节，仍在 255 以内。"""

SUFFIX_ROOM = 8
"""给后缀留的字节数（“.docx”“.html”都在其内）。"""

_FORBIDDEN = re.compile(r'[\\/:*?"<>|]+')
"""Windows 与各种文件系统不允许出现在文件名里的字符。"""


@dataclass(frozen=True)
class OutputName:
    """输出文件名（不含后缀）以及对它做过的改动（中文，每项一句；没改动时为空）。"""

    stem: str
    notes: tuple[str, ...] = ()


def _invisible(char: str) -> bool:
    """控制字符、方向控制符（如 U+202E 会把文件名倒着显示）、零宽字符、非字符。"""
    return unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


def output_name(agency: str, tail: str) -> OutputName:
    """``机关名称`` + ``tail``（如“-2023年政府信息公开工作年度报告”）→ 可以安全写出的文件名。"""
    notes: list[str] = []
    cleaned = "".join(c for c in agency if not _invisible(c))
    if cleaned != agency:
        notes.append("机关名称里的控制字符、方向控制符等不可见字符没有写进文件名")
    safe = _FORBIDDEN.sub("_", cleaned)
    if safe != cleaned:
        notes.append("机关名称里文件名不允许的字符（\\ / : * ? \" < > |）换成了“_”")
    safe = " ".join(safe.split()).strip(" ._") or "报告"
    budget = MAX_NAME_BYTES - SUFFIX_ROOM - len(tail.encode("utf-8"))
    if len(safe.encode("utf-8")) > budget:
        code = hashlib.sha256(agency.encode("utf-8")).hexdigest()[:8]
        keep = safe.encode("utf-8")[: budget - len(code) - 1].decode("utf-8", "ignore").rstrip(" ._")
        safe = f"{keep}~{code}"
        notes.append(f"机关名称太长，文件名最多 {MAX_NAME_BYTES} 字节，已缩短为“{safe}”（末尾是由全称算出的短码）")
    return OutputName(f"{safe}{tail}", tuple(notes))
