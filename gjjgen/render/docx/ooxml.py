"""建 WordprocessingML 元素的小工具：属性与子元素按架构要求的顺序写。"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn


def w_element(tag: str, attrs: Mapping[str, str | int] | None = None, *children: Any) -> Any:
    """建一个 ``w:`` 元素：属性名不带前缀时默认 ``w:``。"""
    node = OxmlElement(tag)
    for key, value in (attrs or {}).items():
        node.set(qn(key if ":" in key else f"w:{key}"), str(value))
    for child in children:
        if child is not None:
            node.append(child)
    return node


_PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "widowControl",
    "snapToGrid",
    "spacing",
    "ind",
    "jc",
    "outlineLvl",
]
_RPR_ORDER = ["rStyle", "rFonts", "b", "bCs", "snapToGrid", "color", "spacing", "kern", "sz", "szCs", "lang"]


def _ordered(parent_tag: str, order: list[str], parts: dict[str, Any]) -> Any:
    parent = OxmlElement(parent_tag)
    for name in order:
        if parts.get(name) is not None:
            parent.append(parts[name])
    return parent


def _fonts(font: str, latin: str) -> Any:
    return w_element(
        "w:rFonts",
        {"ascii": latin, "hAnsi": latin, "eastAsia": font, "cs": font, "hint": "eastAsia"},
    )


def run_props(
    font: str | None = None,
    latin: str | None = None,
    size: float | None = None,
    bold: bool | None = None,
    lang: bool = False,
    condense: int = 0,
) -> Any:
    parts: dict[str, Any] = {}
    if font is not None:
        parts["rFonts"] = _fonts(font, latin or font)
    if condense:
        parts["spacing"] = w_element("w:spacing", {"val": str(condense)})
    if bold is not None:
        parts["b"] = w_element("w:b", {"val": "1" if bold else "0"})
        parts["bCs"] = w_element("w:bCs", {"val": "1" if bold else "0"})
    if size is not None:
        half = str(round(size * 2))
        parts["sz"] = w_element("w:sz", {"val": half})
        parts["szCs"] = w_element("w:szCs", {"val": half})
    if lang:
        parts["lang"] = w_element("w:lang", {"val": "en-US", "eastAsia": "zh-CN", "bidi": "ar-SA"})
    return _ordered("w:rPr", _RPR_ORDER, parts)


def paragraph_props(
    style: str | None = None,
    *,
    jc: str | None = None,
    ind: Mapping[str, int] | None = None,
    spacing: Mapping[str, int | str] | None = None,
    keep_next: bool = False,
    keep_lines: bool = False,
    page_break_before: bool = False,
    widow_control: bool | None = None,
    snap_to_grid: bool | None = None,
    outline: int | None = None,
) -> Any:
    parts: dict[str, Any] = {}
    if style:
        parts["pStyle"] = w_element("w:pStyle", {"val": style})
    if keep_next:
        parts["keepNext"] = w_element("w:keepNext")
    if keep_lines:
        parts["keepLines"] = w_element("w:keepLines")
    if page_break_before:
        parts["pageBreakBefore"] = w_element("w:pageBreakBefore")
    if widow_control is not None:
        parts["widowControl"] = w_element("w:widowControl", {"val": "1" if widow_control else "0"})
    if snap_to_grid is not None:
        parts["snapToGrid"] = w_element("w:snapToGrid", {"val": "1" if snap_to_grid else "0"})
    if spacing:
        parts["spacing"] = w_element("w:spacing", dict(spacing))
    if ind:
        parts["ind"] = w_element("w:ind", dict(ind))
    if jc:
        parts["jc"] = w_element("w:jc", {"val": jc})
    if outline is not None:
        parts["outlineLvl"] = w_element("w:outlineLvl", {"val": outline})
    return _ordered("w:pPr", _PPR_ORDER, parts)



def no_indent() -> dict[str, int]:
    return {"firstLineChars": 0, "firstLine": 0}
