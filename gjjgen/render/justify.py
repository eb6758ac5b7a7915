"""PDF 里中文段落两端对齐：行内每两个字之间均匀加字距，行尾与版心右缘齐平。

为什么要有：GB/T 9704 的正文每行两端都对齐（DOCX 里 Word、WPS 自己做到）。WeasyPrint
做 ``text-align: justify`` 时只在空格处拉开（西文的做法），中文没有空格，含数字、西文的
行（“2023年”的数字是半角宽）就比版心短出一截，右缘参差不齐。CSS 的
``text-justify: inter-character`` 它也不支持。

做法：排版时 WeasyPrint 对每个需要两端对齐的行（段落末行除外）调用
``weasyprint.layout.inline.justify_line``。:func:`inter_character_justification` 在排版期间
把它换成 :func:`_justify_line`：行内有汉字时，把剩余宽度平均分给行内相邻两字之间的
间隔（即给各文字框加同样的字距，文字框之间也拉开同样的距离）；行内没有汉字时仍照
WeasyPrint 原来的做法只拉空格。文字本身一个字也不加（不插空格），PDF 的文字层、
复制出来的文字与原来完全一样。
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
"""汉字与全角标点、全角字母数字：行内有它们就按字拉开。"""


def _text_boxes(box: Any) -> Iterator[Any]:
    """行里按排列顺序的文字框（进入行内框内部，如段首的随文标题）。"""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        yield box
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        for child in box.children:
            if child.is_in_normal_flow():
                yield from _text_boxes(child)


def _letter_spacing(style: Any) -> float:
    value = style["letter_spacing"]
    return 0.0 if value == "normal" else float(value)


def _spread(context: Any, box: Any, spacing: float, x_advance: float) -> float:
    """把 ``box`` 及其后代右移 ``x_advance``，文字框每个字后加 ``spacing``；返回新的累计位移。"""
    from weasyprint.formatting_structure import boxes
    from weasyprint.text.line_break import create_layout

    if isinstance(box, boxes.TextBox):
        box.position_x += x_advance
        if not box.text:
            return x_advance
        style = box.style.copy()
        style["letter_spacing"] = _letter_spacing(box.style) + spacing
        layout = create_layout(box.text, style, context, max_width=None,
                               justification_spacing=box.justification_spacing)
        layout.deactivate()
        box.style = style
        box.pango_layout = layout
        added = spacing * len(box.text)
        box.width += added
        return x_advance + added
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += x_advance
        before = x_advance
        for child in box.children:
            if child.is_in_normal_flow():
                x_advance = _spread(context, child, spacing, x_advance)
        box.width += x_advance - before
        return x_advance
    box.translate(x_advance, 0)  # 行内的原子框（图片等）只平移
    return x_advance


def _justify_line(context: Any, line: Any, extra_width: float, *, fallback: Any) -> None:
    """两端对齐一行：有汉字时按字拉开（最后一个字的右缘正好落在行框右缘），否则交给
    WeasyPrint 原来的做法。"""
    texts = [box for box in _text_boxes(line) if box.text]
    count = sum(len(box.text) for box in texts)
    if count < 2 or not any(_CJK.search(box.text) for box in texts):
        fallback(context, line, extra_width)
        return
    # 文字框的宽度里含末字之后的字距；末字右缘要落在行框右缘，故间隔数是字数减一，
    # 末框原有的字距（常为负的紧缩量）也要算进去。
    spacing = (extra_width + _letter_spacing(texts[-1].style)) / (count - 1)
    _spread(context, line, spacing, 0.0)


def _one_decimal(value: float) -> float:
    return round(value, 1)


@contextlib.contextmanager
def inter_character_justification() -> Iterator[None]:
    """在这段代码里排版、画出的文档，中文行两端对齐时按字拉开（见模块说明）。

    只在排版期间替换，结束后复原：同一进程里别处用 WeasyPrint（如基准脚本的朴素路线）
    不受影响。不是线程安全的：排版本来就在单独的进程里、一次一份。"""
    from weasyprint.draw import text as draw_text
    from weasyprint.layout import inline

    original = inline.justify_line

    def justify_line(context: Any, line: Any, extra_width: float) -> None:
        _justify_line(context, line, extra_width, fallback=original)

    inline.justify_line = justify_line
    # WeasyPrint 画字时把每个字后的位置微调量（千分之一字宽）用 int() 截成整数：字距
    # 不是整千分之一字宽时，一行几十个字累积起来会偏出半磅。这段时间里改为保留一位小数。
    draw_text.int = _one_decimal
    try:
        yield
    finally:
        inline.justify_line = original
        del draw_text.int
