"""设置里的文字放进 CSS：字体名要成为不会打断样式表的字符串字面量。

字体名来自中心自己写的设置文件，可能带引号、反斜杠甚至“</style>”；样式表里的每个字体名都经过这里。
"""

from __future__ import annotations

from collections.abc import Iterable


def css_string(text: str) -> str:
    """CSS 字符串字面量：字体名里的引号、反斜杠、换行都不能打断样式表。"""
    out = []
    for ch in text:
        if ch in ('"', "\\") or ord(ch) < 0x20 or ch in "<>":
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def font_stack(names: Iterable[str]) -> str:
    """字体栈 → CSS ``font-family`` 的值；通用族名（serif 等）不加引号。"""
    generic = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}
    return ", ".join(n if n in generic else css_string(n) for n in names)
