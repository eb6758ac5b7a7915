"""表格单元格：把书记员写的值变成“数、空格或错误”，且永不把空格悄悄当成 0。"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ..source.quotes import smart_quote_hint
from ..spec.objects import CellType

BLANK_MARKERS = ("", "-", "－", "/", "／", "—", "——", "–", "无", "空")
"""已发布年报里表示“未填/不适用”的写法。"""

MAX_DIGITS = 15
"""一个数最多这么多位（整数部分、小数部分各算）。年报里最大的数是金额，15 位已到“万亿元”的
千倍；再长的多半是粘贴错了，而几千位的数会让 Python 拒绝转换、让计算变慢。"""

_DIGIT_RUN = re.compile(f"[0-9０-９]{{{MAX_DIGITS + 1},}}")

Number = int | Decimal
"""格里的数：件数是整数，金额是 ``Decimal``（不用浮点，免得 0.1 + 0.2 之类的误差）。"""

TYPE_WORDS: dict[CellType, str] = {"count": "非负整数（件数）", "signed": "整数（减少用负数，如 -8）", "amount": "金额（数字，可带小数）"}


@dataclass(frozen=True)
class Cell:
    """一个单元格的值。``text`` 是印在报告里的样子（空格保留原来的写法，如“—”）。"""

    value: Number | None
    text: str
    path: tuple[Any, ...] | None = None
    computed: bool = False

    @property
    def blank(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class CellIssue:
    code: str
    message: str


def _number_text(value: Decimal) -> str:
    text = format(value, "f")
    return text


def parse_cell(value: Any, raw: str | None, ctype: CellType, units: tuple[str, ...] = ()) -> tuple[Cell | None, CellIssue | None]:
    """解析一个格。返回 (格, None) 或 (None, 问题)。

    ``raw`` 是 YAML 原文（用于在消息里照录书记员写了什么）；``units`` 是金额格允许带的
    单位，如 ``("元", "万元")``。
    """
    shown = raw if raw is not None else ("" if value is None else str(value))
    if value is None:
        return Cell(None, ""), None
    if isinstance(value, bool):
        return None, CellIssue(
            "CELL-NOT-NUMBER",
            f"写的是“{shown}”，应为{TYPE_WORDS[ctype]}；YAML 把 true、false、yes、no、on、off 读作“是/否”，这里只能写数字",
        )
    if isinstance(value, str):
        text = value.strip()
        if text in BLANK_MARKERS:
            return Cell(None, text), None
    too_long = _too_many_digits(value, shown)
    if too_long is not None:
        return None, too_long
    if isinstance(value, str):
        return _parse_text(text, shown, ctype, units)
    if isinstance(value, int):
        if raw is not None and not (_PLAIN_INT.fullmatch(raw.strip()) and int(raw) == value):
            # YAML 1.1 把 012 读作八进制 10、0x1F 读作 31、12:30 读作 750：按书记员写的文字判断
            return _parse_text(raw.strip(), shown, ctype, units)
        return _check_int(value, shown, ctype)
    if isinstance(value, float):
        if not math.isfinite(value):
            return None, CellIssue("CELL-NOT-NUMBER", f"写的是“{shown}”，应为{TYPE_WORDS[ctype]}")
        try:
            number = Decimal(raw) if raw is not None else Decimal(str(value))
        except InvalidOperation:
            number = Decimal(str(value))
        if ctype == "amount":
            if number < 0:
                return None, CellIssue("CELL-NEGATIVE", f"金额不能为负数，写的是“{shown}”")
            return Cell(number, _number_text(number)), None
        if number != number.to_integral_value():
            return None, CellIssue("CELL-FRACTION", f"写的是“{shown}”，件数应为整数，不能有小数")
        return _check_int(int(number), shown, ctype)
    what = "一个列表" if isinstance(value, list) else "一个映射" if isinstance(value, dict) else f"“{shown}”"
    return None, CellIssue("CELL-NOT-NUMBER", f"这里应为一个数（{TYPE_WORDS[ctype]}），写的却是{what}")


def _too_many_digits(value: Any, shown: str) -> CellIssue | None:
    """数的位数超过 :data:`MAX_DIGITS`：在转换之前就拒绝（几千位的数 Python 不肯转换）。"""
    run = _DIGIT_RUN.search(shown)
    digits = len(run.group()) if run else 0
    if not digits and isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**MAX_DIGITS:
        digits = MAX_DIGITS + 1
    if not digits:
        return None
    return CellIssue(
        "CELL-TOO-LARGE",
        f"这个数有 {digits} 位，超过了上限 {MAX_DIGITS} 位（写的是“{shown}”）；请核对是否多粘贴了数字",
    )


_INT_TEXT = re.compile(r"[+-]?\d+")
_PLAIN_INT = re.compile(r"[+-]?[0-9]+")
_AMOUNT_TEXT = re.compile(r"(?P<num>\d+(?:\.\d+)?)(?P<unit>\D*)")


def _parse_text(text: str, shown: str, ctype: CellType, units: tuple[str, ...]) -> tuple[Cell | None, CellIssue | None]:
    quotes = smart_quote_hint(text)
    if quotes:
        return None, CellIssue("CELL-NOT-NUMBER", f"写的是 {shown}{quotes}")
    ascii_text = text.translate(str.maketrans("０１２３４５６７８９．－＋", "0123456789.-+"))
    if ctype in ("count", "signed") and _INT_TEXT.fullmatch(ascii_text):
        return _check_int(int(ascii_text), shown, ctype)
    if ctype == "amount":
        match = _AMOUNT_TEXT.fullmatch(ascii_text.replace(" ", ""))
        if match:
            unit = match.group("unit")
            if unit and unit not in units:
                number_only = match.group("num")
                if not units:
                    message = f"写的是“{shown}”；表头已注明单位，格内只写数字，不写“{unit}”，请写成 {number_only}"
                else:
                    message = f"金额单位“{unit}”不认识，只能写{'或'.join(units)}（如 {number_only}{units[0]}），也可以只写数字"
                return None, CellIssue("CELL-UNIT", message)
            number = Decimal(match.group("num"))
            return Cell(number, f"{_number_text(number)}{unit}"), None
        if ascii_text.startswith("-"):
            return None, CellIssue("CELL-NEGATIVE", f"金额不能为负数，写的是“{shown}”")
    hint = ""
    if re.fullmatch(r"\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?", ascii_text):
        hint = f"；不要用千位分隔符，“{text}”应写成 {re.sub('[,，]', '', ascii_text)}"
    elif "," in ascii_text or "，" in text:
        hint = "；一格只写一个数，几个数要写成方括号列表，用半角逗号“,”分隔"
    elif re.fullmatch(r"[〇零一二两三四五六七八九十百千万]+", text):
        hint = "；请用阿拉伯数字书写"
    elif re.fullmatch(r"[+-]?\d+(?:\.\d+)?\D+", ascii_text):
        hint = "；不要带单位或文字，只写数字"
    elif re.fullmatch(r"[+-]?\d+\.\d+", ascii_text) and ctype != "amount":
        return None, CellIssue("CELL-FRACTION", f"写的是“{shown}”，件数应为整数，不能有小数")
    blanks = "、".join(f"“{m}”" for m in BLANK_MARKERS[1:6])
    return None, CellIssue(
        "CELL-NOT-NUMBER",
        f"写的是“{shown}”，应为{TYPE_WORDS[ctype]}{hint}（未填的格可留空或写{blanks}）",
    )


def _check_int(number: int, shown: str, ctype: CellType) -> tuple[Cell | None, CellIssue | None]:
    if number < 0 and ctype != "signed":
        return None, CellIssue("CELL-NEGATIVE", f"写的是“{shown}”，{TYPE_WORDS[ctype]}不能为负数")
    if ctype == "amount":
        return Cell(Decimal(number), str(number)), None
    return Cell(number, str(number)), None


def format_number(value: object) -> str:
    """数在消息与叙述里的写法：金额去掉多余的零，未填为空串。"""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def total_of(cells: list[Cell]) -> Number | None:
    """已填格之和；全部未填时为“未填”而不是 0。"""
    values = [c.value for c in cells if c.value is not None]
    if not values:
        return None
    return sum(values)
