"""正文：逐块写 DOCX（段落、表格、分页、草稿标记）。

段落的样式与“与下段同页”都取自 :mod:`gjjgen.render.vocabulary` 的角色表：样式表里已写了
“与下段同页”的样式不在段落上重复写，只有同一样式里部分角色要与下文同页时（署名、填报单位
行）才写在段落上。"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from ..model import Block, DraftMark, PageBreak, Para, RenderTable, Run
from ..vocabulary import PARAGRAPH_ROLES, keeps_with_next_by_style
from .ooxml import paragraph_props, w_element
from .runs import runs_xml
from .settings import DocxSettings
from .tables import build_table

_SIGNATURE_KINDS = frozenset(role.name for role in PARAGRAPH_ROLES if role.in_signature)
_TITLE_KINDS = frozenset({"title", "subtitle"})
"""标题组：标题与副题之后空一行。"""




def _text_width_chars(text: str) -> float:
    """文字宽度（字）：全角字算 1，半角数字、字母算 0.5。"""
    width = 0.0
    for ch in text:
        if ch == "\n":
            continue
        width += 1.0 if unicodedata.east_asian_width(ch) in ("F", "W", "A") else 0.5
    return width


def _signature_indents(paras: list[Para], default_right: float) -> list[float]:
    """GB/T 9704 7.3.5.2：署名右空二字；日期首字比署名首字右移二字；
    日期比署名长时，日期右空二字，署名相应多空。返回每段的右缩进（字）。"""
    agency = next((p for p in paras if p.kind == "agency"), None)
    date = next((p for p in paras if p.kind == "date"), None)
    agency_right = date_right = default_right
    if agency is not None and date is not None:
        a = max(_text_width_chars(line) for line in agency.text.split("\n"))
        d = _text_width_chars(date.text)
        date_right = default_right + a - 2 - d
        if date_right < default_right:
            date_right = default_right
            agency_right = default_right + d + 2 - a
    out = []
    for p in paras:
        if p.kind == "agency":
            out.append(agency_right)
        elif p.kind == "date":
            out.append(date_right)
        else:
            out.append(default_right)
    return out


class BodyWriter:
    """按块顺序把段落与表格写进 ``w:body``（插在末尾的 ``w:sectPr`` 之前）。"""

    def __init__(self, body: Any, s: DocxSettings) -> None:
        self.body = body
        self.s = s
        self.anchor = body.find(qn("w:sectPr"))
        self.pending_break = False
        self.title_tail: Any = None
        self.prev_kind: str | None = None
        self.last_was_table = False
        self.draft_texts: list[str] = []
        self.title_text: str | None = None

    def _insert(self, element: Any) -> None:
        if self.anchor is not None:
            self.anchor.addprevious(element)
        else:
            self.body.append(element)

    def write(self, blocks: Iterable[Block]) -> None:
        """按块的类型逐个写：段落、表格、分页（记到下一块上）、草稿水印（交给页眉）。"""
        blocks = list(blocks)
        indents = self._plan_signatures(blocks)
        for i, block in enumerate(blocks):
            match block:
                case PageBreak():
                    self.pending_break = True
                case DraftMark():
                    self.draft_texts.append(block.text)
                case Para():
                    self._para(block, indents.get(i))
                case RenderTable():
                    self._table(block)
        if self.last_was_table:
            self._insert(self._spacer())

    def _plan_signatures(self, blocks: list[Block]) -> dict[int, float]:
        indents: dict[int, float] = {}
        group: list[int] = []

        def close() -> None:
            if group:
                paras = [block for i in group if isinstance(block := blocks[i], Para)]
                for i, value in zip(
                    group, _signature_indents(paras, self.s.signature_right_chars), strict=True
                ):
                    indents[i] = value
                group.clear()

        for i, block in enumerate(blocks):
            if isinstance(block, Para) and block.role.in_signature:
                group.append(i)
            elif not isinstance(block, DraftMark):
                close()
        close()
        return indents

    def _close_title_group(self) -> None:
        """标题（及副题）下空一行：给标题组最后一段加一行的段后距。"""
        if self.title_tail is not None:
            ppr = self.title_tail.find(qn("w:pPr"))
            spacing = ppr.find(qn("w:spacing"))
            if spacing is None:
                spacing = w_element("w:spacing")
                ind = ppr.find(qn("w:ind"))
                jc = ppr.find(qn("w:jc"))
                anchor = ind if ind is not None else jc
                if anchor is not None:
                    anchor.addprevious(spacing)
                else:
                    ppr.append(spacing)
            spacing.set(qn("w:after"), str(self.s.line_pitch_twips))
            self.title_tail = None

    def _spacer(self, page_break_before: bool = False) -> Any:
        """表格之间、表格之后、表格前分页时必需的空段，行高压到 1 磅。"""
        p = w_element("w:p")
        p.append(
            paragraph_props(
                "BodyNoIndent",
                page_break_before=page_break_before,
                snap_to_grid=False,
                spacing={"before": 0, "after": 0, "line": 20, "lineRule": "exact"},
            )
        )
        return p

    def _para(self, para: Para, right_chars: float | None) -> None:
        s = self.s
        kind = para.kind
        style = para.role.docx_style
        if kind not in _TITLE_KINDS:
            self._close_title_group()
        spacing: dict[str, int | str] | None = None
        # 附件说明、落款都在上文之下空一行（GB/T 9704 7.3.4、7.3.5.2）。
        prev = self.prev_kind
        if prev is not None and (
            (para.role.in_signature and prev not in _SIGNATURE_KINDS)
            or (kind == "attachment" and prev != "attachment")
        ):
            spacing = {"before": s.line_pitch_twips}
        ind: dict[str, int] | None = None
        if right_chars is not None:
            ind = {
                "rightChars": round(right_chars * 100),
                "right": round(right_chars * s.char_pitch_twips),
                "firstLineChars": 0,
                "firstLine": 0,
            }
        p = w_element("w:p")
        # 署名与日期不分在两页；样式已写“与下段同页”的不重复写。
        keep_next = para.role.keep_with_next and not keeps_with_next_by_style(style)
        p.append(
            paragraph_props(
                style,
                keep_next=keep_next,
                page_break_before=self.pending_break,
                spacing=spacing,
                ind=ind,
            )
        )
        self.pending_break = False
        _append_runs(p, para.runs, s)
        self._insert(p)
        if kind in _TITLE_KINDS:
            self.title_tail = p
            if kind == "title" and self.title_text is None:
                self.title_text = para.text.replace("\n", "")
        self.prev_kind = kind
        self.last_was_table = False

    def _table(self, table: RenderTable) -> None:
        self._close_title_group()
        tbl = build_table(table, self.s)
        if tbl is None:
            return
        if self.last_was_table or self.pending_break:
            # Word 会把相邻两张表并成一张；表前分页也要落在一个段落上。
            self._insert(self._spacer(page_break_before=self.pending_break))
            self.pending_break = False
        self._insert(tbl)
        self.last_was_table = True
        self.prev_kind = "table"


def _append_runs(p: Any, runs: list[Run], s: DocxSettings) -> None:
    if any(run.text for run in runs):
        wrapper = parse_xml(f"<w:p {nsdecls('w')}>{runs_xml(runs, s)}</w:p>")
        for r in list(wrapper):
            p.append(r)
