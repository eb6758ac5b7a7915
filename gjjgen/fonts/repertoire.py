"""预备字体收录哪些字符：GBK 全部字符与常用符号区段；常用部分是 GB 2312 与标点。"""

from __future__ import annotations

import base64
import functools
import itertools
import unicodedata
import zlib
from array import array
from collections.abc import Iterable

#: 除 GBK 外预备字体必收的区段（按源字体实有字形取交集）。
_RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1：·、×、÷、°
    (0x2000, 0x206F),  # 通用标点：—、…、‘’“”、‰
    (0x2100, 0x218F),  # 字母式符号、数字形式：℃、№、Ⅰ—Ⅻ
    (0x2190, 0x22FF),  # 箭头、数学运算符
    (0x2460, 0x24FF),  # 带圈数字：①②
    (0x2500, 0x25FF),  # 制表符、几何图形：□■○●△
    (0x2600, 0x26FF),  # 杂项符号：★☆
    (0x3000, 0x303F),  # 中文标点：、。〈〉《》「」【】〔〕〇
    (0x3200, 0x33FF),  # 带圈及括号汉字、单位符号：㈠、㎡
    (0xFE30, 0xFE4F),  # 兼容形式
    (0xFF00, 0xFFEF),  # 全角 ASCII、全角标点
)



@functools.lru_cache(maxsize=1)
def repertoire() -> frozenset[int]:
    """预备字体收录的码位：GBK（含 GB 2312）全部字符加 :data:`_RANGES`。"""
    chars: set[int] = set()
    for low, high in _RANGES:
        chars.update(range(low, high + 1))
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            try:
                text = bytes((lead, trail)).decode("gbk")
            except UnicodeDecodeError:
                continue
            if len(text) == 1:
                chars.add(ord(text))
    # 私用区不是真正的字符，源字体里也没有对应字形。
    return frozenset(c for c in chars if not 0xE000 <= c <= 0xF8FF)


@functools.lru_cache(maxsize=1)
def core_repertoire() -> frozenset[int]:
    """常用部分：GB 2312 与 :data:`_RANGES`。真实年报的文字几乎全在这里。

    为什么分两部分：WeasyPrint 每出一份 PDF 都把 ``@font-face`` 的字体文件复制一遍，
    文件越小越快。GBK 其余的字放在“扩展”文件里，文档用到时才声明。
    """
    chars = set()
    for code in repertoire():
        try:
            encoded = chr(code).encode("gb2312")
        except UnicodeEncodeError:
            continue
        if len(encoded) == 2:
            chars.add(code)
    for low, high in _RANGES:
        chars.update(range(low, high + 1))
    return frozenset(chars & repertoire())


PARTS = ("core", "ext")


def part_repertoire(part: str) -> frozenset[int]:
    return core_repertoire() if part == "core" else repertoire() - core_repertoire()


def needs_glyph(char: str) -> bool:
    """控制符、格式符、空白与异体字选择符不画字形；私用区、未分配码位要字形（也就排不出）。"""
    cp = ord(char)
    if 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF:
        return False
    return unicodedata.category(char) not in ("Cc", "Cf", "Zs", "Zl", "Zp")


def pack_codepoints(codepoints: Iterable[int]) -> str:
    """码位集合 → 短字符串（差分、zlib、base64）：清单小，读起来快。"""
    previous = 0
    deltas = array("I")
    for code in sorted(codepoints):
        deltas.append(code - previous)
        previous = code
    return base64.b64encode(zlib.compress(deltas.tobytes(), 9)).decode("ascii")


def unpack_codepoints(packed: str) -> frozenset[int]:
    deltas = array("I")
    deltas.frombytes(zlib.decompress(base64.b64decode(packed)))
    return frozenset(itertools.accumulate(deltas))
