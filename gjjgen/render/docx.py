"""HTML → DOCX：把模板输出的同一份 HTML 排成符合 GB/T 9704-2012 的 Word 文档。

为什么从 HTML 派生：省份覆盖模板的一个块，改动必须在 HTML、PDF、DOCX 里一模一样；
所以 DOCX 不另有模板，只认识 ``gjjgen.render`` 文档列出的受限词汇（元素与类名），
其余内容按普通段落排，不报错也不丢字。

排版要点（GB/T 9704-2012，参数可由 :class:`DocxSettings` 调整）：

- A4，天头 37 mm、订口 28 mm，版心 156 mm × 225 mm；文档网格每页 22 行、每行 28 字。
- 标题 2 号小标宋居中；正文 3 号仿宋，首行缩进二字；一级标题黑体，二级标题与段首
  随文标题楷体，三级标题仿宋。
- 落款右空二字，成文日期首字比署名首字右移二字（7.3.5.2）。
- 页码 4 号宋体 ``— N —``，单页居右空一字、双页居左空一字，一字线距版心下边缘约 7 mm。
- 每种样式都显式写 ``w:eastAsia`` 字体，并改掉默认主题里的日文字体映射，
  否则 Word/WPS 会把中文显示成日文字体。
- 同一份 HTML 得到逐字节相同的 DOCX（固定文档属性时间与压缩包时间戳）。

另有 ``read_docx_text``/``read_docx_tables``/``read_docx_cells``，与
``gjjgen.render.extract`` 里的 HTML 版本形状相同，用于比对两种格式。
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from typing import Any
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips
from docx.text.paragraph import Paragraph
from lxml import etree

from gjjgen.render.htmltree import (
    Cell,
    DraftMark,
    PageBreak,
    Para,
    Run,
    Table,
    parse_blocks,
)

__all__ = [
    "CellSpan",
    "DocxSettings",
    "read_docx_cells",
    "read_docx_tables",
    "read_docx_text",
    "render_docx",
]

CellSpan = tuple[int, int, int, int, str]

_FIXED_TIME = datetime(2000, 1, 1, tzinfo=timezone.utc)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _mm_to_twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def _pt_to_twips(pt: float) -> int:
    return round(pt * 20)


@dataclass(frozen=True)
class DocxSettings:
    """DOCX 排版参数。默认值按 GB/T 9704-2012；各省可只改字体、字号或页边。

    字号单位为磅（2 号 22、3 号 16、4 号 14、小四 12、五号 10.5），长度单位为毫米。
    """

    title_font: str = "方正小标宋简体"  # 标题、附件表标题
    body_font: str = "仿宋_GB2312"  # 正文、三级标题、落款
    h2_font: str = "黑体"  # 一级标题
    h3_font: str = "楷体_GB2312"  # 二级标题、段首随文标题、副题
    table_font: str = "仿宋_GB2312"  # 表格文字
    page_number_font: str = "宋体"  # 页码
    latin_font: str | None = None  # 西文与数字字体；None 表示与中文同一字体

    title_size: float = 22.0
    body_size: float = 16.0
    appendix_title_size: float = 22.0
    small_size: float = 14.0  # 表题说明、表注、填报信息行
    table_size: float = 10.5
    page_number_size: float = 14.0

    page_width_mm: float = 210.0
    page_height_mm: float = 297.0
    margin_top_mm: float = 37.0
    margin_left_mm: float = 28.0
    text_width_mm: float = 156.0
    text_height_mm: float = 225.0
    header_distance_mm: float = 15.0
    page_number_gap_mm: float = 7.0  # 一字线上距版心下边缘
    lines_per_page: int = 22
    chars_per_line: int = 28
    line_height_pt: float | None = None  # 网格行距；None 表示版心高 ÷ 每面行数

    level_indent_chars: float = 1.0  # 表格行标签每级缩进（表格字宽）
    signature_right_chars: float = 2.0  # 署名右空字数
    draft_color: str = "C0C0C0"
    timestamp: datetime = field(default=_FIXED_TIME)  # 文档属性里的创建/修改时间

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name.endswith(("_size", "_mm")) or f.name in ("lines_per_page", "chars_per_line"):
                if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
                    raise ValueError(f"DOCX 排版设置“{f.name}”必须是正数，实际为：{value!r}")
            elif (
                f.name.endswith("_font")
                and f.name != "latin_font"
                and (not isinstance(value, str) or not value.strip())
            ):
                raise ValueError(f"DOCX 排版设置“{f.name}”必须是非空的字体名")
        if self.line_height_pt is not None and (
            isinstance(self.line_height_pt, bool)
            or not isinstance(self.line_height_pt, (int, float))
            or self.line_height_pt <= 0
        ):
            raise ValueError(
                f"DOCX 排版设置“line_height_pt”必须是正数，实际为：{self.line_height_pt!r}"
            )
        if self.margin_left_mm + self.text_width_mm >= self.page_width_mm:
            raise ValueError("DOCX 排版设置有误：订口加版心宽度超出了纸张宽度")
        if self.margin_top_mm + self.text_height_mm >= self.page_height_mm:
            raise ValueError("DOCX 排版设置有误：天头加版心高度超出了纸张高度")
        if not re.fullmatch(r"[0-9A-Fa-f]{6}", self.draft_color):
            raise ValueError(
                f"DOCX 排版设置“draft_color”应为六位十六进制颜色，实际为：{self.draft_color!r}"
            )

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> DocxSettings:
        """从配置字典构造；未知的键报错，免得拼错的设置被悄悄忽略。"""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError("未知的 DOCX 排版设置项：" + "、".join(unknown))
        return cls(**dict(values))

    @classmethod
    def from_template_settings(cls, data: Any) -> DocxSettings:
        """从模板目录的 ``settings.yaml``（fonts、sizes、page 三节）取 DOCX 用得到的项。

        ``data`` 可以是读出来的字典，也可以是带 ``fonts``/``sizes``/``page`` 属性的合并结果。
        字体栈只取第一个名字：那是 Word/WPS 里的字体名，其余是网页与 PDF 的备选。
        与 DOCX 无关的键（各部分标题、前言等）不看。"""

        def section(name: str) -> Mapping[str, Any]:
            value = data.get(name) if isinstance(data, Mapping) else getattr(data, name, None)
            return value or {}

        fonts, sizes, page = section("fonts"), section("sizes"), section("page")
        values: dict[str, Any] = {}
        for key, name in _TEMPLATE_FONT_KEYS.items():
            stack = fonts.get(key)
            if isinstance(stack, str):
                stack = (stack,)
            if stack:
                values[name] = str(next(iter(stack)))
        for key, name in _TEMPLATE_SIZE_KEYS.items():
            if sizes.get(key) is not None:
                values[name] = sizes[key]
        for key, name in _TEMPLATE_PAGE_KEYS.items():
            if page.get(key) is not None:
                values[name] = page[key]
        return cls(**values)

    # -- 派生量 -------------------------------------------------------------

    @property
    def margin_right_mm(self) -> float:
        return self.page_width_mm - self.margin_left_mm - self.text_width_mm

    @property
    def margin_bottom_mm(self) -> float:
        return self.page_height_mm - self.margin_top_mm - self.text_height_mm

    @property
    def text_width_twips(self) -> int:
        page = _mm_to_twips(self.page_width_mm)
        return page - _mm_to_twips(self.margin_left_mm) - _mm_to_twips(self.margin_right_mm)

    @property
    def text_height_twips(self) -> int:
        page = _mm_to_twips(self.page_height_mm)
        return page - _mm_to_twips(self.margin_top_mm) - _mm_to_twips(self.margin_bottom_mm)

    @property
    def line_pitch_twips(self) -> int:
        """网格行距：向下取整，取整上去会让一页少排一行。"""
        if self.line_height_pt is not None:
            return int(self.line_height_pt * 20 + 1e-6)
        return self.text_height_twips // self.lines_per_page

    @property
    def char_space(self) -> int:
        """``w:docGrid/@w:charSpace``：每字在字号之外增减的宽度，单位 1/4096 磅，向下取整。"""
        pitch_pt = self.text_width_twips / 20 / self.chars_per_line
        return int((pitch_pt - self.body_size) * 4096 // 1)

    @property
    def condense(self) -> int:
        """字距紧缩（``w:spacing``，单位 1/20 磅，向下取整）：3 号字 28 个排不进 156 mm 宽的版心，
        每字须紧缩约 0.2 磅。用字距而不是字符网格来紧缩，Word、WPS 与 LibreOffice 排出的
        每行字数才一致（LibreOffice 把比网格宽的字排成两格）。"""
        pitch_twentieths = self.text_width_twips / self.chars_per_line
        return min(0, math.floor(pitch_twentieths - self.body_size * 20))

    @property
    def char_pitch_twips(self) -> int:
        return round((self.body_size + self.char_space / 4096) * 20)

    @property
    def footer_distance_mm(self) -> float:
        """页脚距纸边：让一字线（约在页码行的半高处）距版心下边缘 ``page_number_gap_mm``。"""
        half_line_mm = self.page_number_size * 25.4 / 72 / 2
        return max(self.margin_bottom_mm - self.page_number_gap_mm - half_line_mm, 0.0)

    def latin(self, font: str) -> str:
        return self.latin_font or font


_TEMPLATE_FONT_KEYS = {
    "title": "title_font",
    "body": "body_font",
    "heading": "h2_font",
    "kai": "h3_font",
    "song": "page_number_font",
    "table": "table_font",
}
_TEMPLATE_SIZE_KEYS = {
    "title": "title_size",
    "body": "body_size",
    "appendix_title": "appendix_title_size",
    "small": "small_size",
    "table": "table_size",
    "page_number": "page_number_size",
}
_TEMPLATE_PAGE_KEYS = {
    "width_mm": "page_width_mm",
    "height_mm": "page_height_mm",
    "margin_top_mm": "margin_top_mm",
    "margin_left_mm": "margin_left_mm",
    "text_width_mm": "text_width_mm",
    "text_height_mm": "text_height_mm",
    "lines_per_page": "lines_per_page",
    "chars_per_line": "chars_per_line",
    "line_height_pt": "line_height_pt",
    "page_number_gap_mm": "page_number_gap_mm",
}


def _coerce_settings(settings: DocxSettings | Mapping[str, Any] | None) -> DocxSettings:
    if settings is None:
        return DocxSettings()
    if isinstance(settings, DocxSettings):
        return settings
    if isinstance(settings, Mapping):
        return DocxSettings.from_mapping(settings)
    raise TypeError(f"DOCX 排版设置应为 DocxSettings 或字典，实际为：{type(settings).__name__}")


# ---------------------------------------------------------------------------
# XML 小工具
# ---------------------------------------------------------------------------


def _el(tag: str, attrs: Mapping[str, str | int] | None = None, *children: Any) -> Any:
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
    return _el(
        "w:rFonts",
        {"ascii": latin, "hAnsi": latin, "eastAsia": font, "cs": font, "hint": "eastAsia"},
    )


def _rpr(
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
        parts["spacing"] = _el("w:spacing", {"val": str(condense)})
    if bold is not None:
        parts["b"] = _el("w:b", {"val": "1" if bold else "0"})
        parts["bCs"] = _el("w:bCs", {"val": "1" if bold else "0"})
    if size is not None:
        half = str(round(size * 2))
        parts["sz"] = _el("w:sz", {"val": half})
        parts["szCs"] = _el("w:szCs", {"val": half})
    if lang:
        parts["lang"] = _el("w:lang", {"val": "en-US", "eastAsia": "zh-CN", "bidi": "ar-SA"})
    return _ordered("w:rPr", _RPR_ORDER, parts)


def _ppr(
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
        parts["pStyle"] = _el("w:pStyle", {"val": style})
    if keep_next:
        parts["keepNext"] = _el("w:keepNext")
    if keep_lines:
        parts["keepLines"] = _el("w:keepLines")
    if page_break_before:
        parts["pageBreakBefore"] = _el("w:pageBreakBefore")
    if widow_control is not None:
        parts["widowControl"] = _el("w:widowControl", {"val": "1" if widow_control else "0"})
    if snap_to_grid is not None:
        parts["snapToGrid"] = _el("w:snapToGrid", {"val": "1" if snap_to_grid else "0"})
    if spacing:
        parts["spacing"] = _el("w:spacing", dict(spacing))
    if ind:
        parts["ind"] = _el("w:ind", dict(ind))
    if jc:
        parts["jc"] = _el("w:jc", {"val": jc})
    if outline is not None:
        parts["outlineLvl"] = _el("w:outlineLvl", {"val": outline})
    return _ordered("w:pPr", _PPR_ORDER, parts)


# ---------------------------------------------------------------------------
# 样式表：整份重写，只留用到的样式，每个都写明中西文字体
# ---------------------------------------------------------------------------


def _no_indent() -> dict[str, int]:
    return {"firstLineChars": 0, "firstLine": 0}


def _style(
    style_id: str,
    name: str,
    *,
    kind: str = "paragraph",
    based_on: str | None = "Normal",
    next_style: str | None = None,
    ppr: Any = None,
    rpr: Any = None,
    default: bool = False,
    hidden: bool = False,
    ui_priority: int | None = None,
    qformat: bool = False,
) -> Any:
    attrs: dict[str, str] = {"type": kind, "styleId": style_id}
    if default:
        attrs["default"] = "1"
    node = _el("w:style", attrs, _el("w:name", {"val": name}))
    if based_on:
        node.append(_el("w:basedOn", {"val": based_on}))
    if next_style:
        node.append(_el("w:next", {"val": next_style}))
    if ui_priority is not None:
        node.append(_el("w:uiPriority", {"val": ui_priority}))
    if hidden:
        node.append(_el("w:semiHidden"))
        node.append(_el("w:unhideWhenUsed"))
    if qformat:
        node.append(_el("w:qFormat"))
    if ppr is not None:
        node.append(ppr)
    if rpr is not None:
        node.append(rpr)
    return node


def _build_styles(root: Any, s: DocxSettings) -> None:
    """把样式部件换成自己的：默认模板里的样式都指向主题字体（含日文映射）。"""
    for child in list(root):
        root.remove(child)
    pitch = s.line_pitch_twips
    exact = {"before": 0, "after": 0, "line": pitch, "lineRule": "exact"}
    single = {"before": 0, "after": 0, "line": 240, "lineRule": "auto"}
    indent2 = {"firstLineChars": 200, "firstLine": _pt_to_twips(s.body_size * 2)}

    root.append(
        _el(
            "w:docDefaults",
            None,
            _el(
                "w:rPrDefault",
                None,
                _rpr(s.body_font, s.latin(s.body_font), s.body_size, lang=True, condense=s.condense),
            ),
            _el("w:pPrDefault", None, _ppr(spacing={"before": 0, "after": 0})),
        )
    )

    def add(*args: Any, **kwargs: Any) -> None:
        root.append(_style(*args, **kwargs))

    def rpr(font: str, size: float) -> Any:
        return _rpr(font, s.latin(font), size, bold=False, condense=s.condense)

    add(
        "Normal",
        "Normal",
        based_on=None,
        default=True,
        qformat=True,
        ui_priority=0,
        ppr=_ppr(widow_control=False, spacing=exact, ind=indent2, jc="both"),
        rpr=rpr(s.body_font, s.body_size),
    )
    add(
        "DefaultParagraphFont",
        "Default Paragraph Font",
        kind="character",
        based_on=None,
        default=True,
        hidden=True,
        ui_priority=1,
    )
    table_normal = _style(
        "TableNormal",
        "Normal Table",
        kind="table",
        based_on=None,
        default=True,
        hidden=True,
        ui_priority=99,
    )
    table_normal.append(
        _el(
            "w:tblPr",
            None,
            _el("w:tblInd", {"w": 0, "type": "dxa"}),
            _el(
                "w:tblCellMar",
                None,
                _el("w:top", {"w": 0, "type": "dxa"}),
                _el("w:left", {"w": 108, "type": "dxa"}),
                _el("w:bottom", {"w": 0, "type": "dxa"}),
                _el("w:right", {"w": 108, "type": "dxa"}),
            ),
        )
    )
    root.append(table_normal)
    add(
        "NoList",
        "No List",
        kind="numbering",
        based_on=None,
        default=True,
        hidden=True,
        ui_priority=99,
    )

    add(
        "Title",
        "Title",
        next_style="Normal",
        qformat=True,
        ui_priority=10,
        ppr=_ppr(
            keep_next=True,
            keep_lines=True,
            snap_to_grid=False,
            spacing=exact,
            ind=_no_indent(),
            jc="center",
        ),
        rpr=rpr(s.title_font, s.title_size),
    )
    add(
        "Subtitle",
        "Subtitle",
        next_style="Normal",
        qformat=True,
        ui_priority=11,
        ppr=_ppr(keep_next=True, ind=_no_indent(), jc="center"),
        rpr=rpr(s.h3_font, s.body_size),
    )
    for level, (style_id, font) in enumerate(
        (("Heading1", s.h2_font), ("Heading2", s.h3_font), ("Heading3", s.body_font))
    ):
        add(
            style_id,
            f"heading {level + 1}",
            next_style="Normal",
            qformat=True,
            ui_priority=9,
            ppr=_ppr(keep_next=True, keep_lines=True, outline=level),
            rpr=rpr(font, s.body_size),
        )
    body = rpr(s.body_font, s.body_size)
    add("BodyNoIndent", "Body No Indent", qformat=True, ppr=_ppr(ind=_no_indent()), rpr=body)
    add("Attachment", "Attachment", qformat=True, ppr=_ppr(), rpr=rpr(s.body_font, s.body_size))
    add(
        "Signature",
        "Signature",
        qformat=True,
        ppr=_ppr(keep_lines=True, ind=_no_indent(), jc="right"),
        rpr=rpr(s.body_font, s.body_size),
    )
    add(
        "AppendixTitle",
        "Appendix Title",
        next_style="Normal",
        qformat=True,
        ppr=_ppr(
            keep_next=True,
            keep_lines=True,
            snap_to_grid=False,
            spacing=exact,
            ind=_no_indent(),
            jc="center",
            outline=0,
        ),
        rpr=rpr(s.title_font, s.appendix_title_size),
    )
    def off_grid(jc: str, *, keep_next: bool = False) -> Any:
        """表格、表注、页眉这类小字不对齐正文的行网格，单倍行距、不缩进。"""
        return _ppr(keep_next=keep_next, snap_to_grid=False, spacing=single, ind=_no_indent(), jc=jc)

    def small() -> Any:
        """每个样式要自己的 w:rPr 元素：同一个 lxml 元素加到第二处会从第一处移走。"""
        return rpr(s.body_font, s.small_size)

    add("TableCaption", "Table Caption", qformat=True, ppr=off_grid("center", keep_next=True), rpr=small())
    add("TableNote", "Table Note", qformat=True, ppr=off_grid("both"), rpr=small())
    add("FooterLine", "Footer Line", qformat=True, ppr=off_grid("left"), rpr=small())
    add("TableText", "Table Text", qformat=True, ppr=off_grid("center"), rpr=rpr(s.table_font, s.table_size))
    add("Header", "header", hidden=True, ui_priority=99, ppr=off_grid("center"), rpr=small())
    page_line = {
        "before": 0,
        "after": 0,
        "line": _pt_to_twips(s.page_number_size),
        "lineRule": "exact",
    }
    add(
        "Footer",
        "footer",
        hidden=True,
        ui_priority=99,
        ppr=_ppr(snap_to_grid=False, spacing=page_line, ind=_no_indent()),
        rpr=rpr(s.page_number_font, s.page_number_size),
    )


# 段落角色 → (样式, 额外段落属性)
_STYLE_OF_KIND = {
    "title": "Title",
    "subtitle": "Subtitle",
    "h2": "Heading1",
    "h3": "Heading2",
    "h4": "Heading3",
    "body": "Normal",
    "noindent": "BodyNoIndent",
    "attachment": "Attachment",
    "appendix-title": "AppendixTitle",
    "table-caption": "TableCaption",
    "table-note": "TableNote",
    "footer-line": "FooterLine",
    "agency": "Signature",
    "date": "Signature",
    "signature": "Signature",
}
_SIGNATURE_KINDS = frozenset({"agency", "date", "signature"})
_TITLE_KINDS = frozenset({"title", "subtitle"})

# 常见中文字体的英文名：写进字体表，帮助 Word、WPS、LibreOffice 找到同一字体。
_FONT_ALT_NAMES = {
    "宋体": "SimSun",
    "黑体": "SimHei",
    "仿宋": "FangSong",
    "楷体": "KaiTi",
    "仿宋_GB2312": "FangSong_GB2312",
    "楷体_GB2312": "KaiTi_GB2312",
    "方正小标宋简体": "FZXiaoBiaoSong-B05S",
    "方正小标宋_GBK": "FZXiaoBiaoSong-B05",
}


# ---------------------------------------------------------------------------
# 正文
# ---------------------------------------------------------------------------


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


class _BodyWriter:
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

    def write(self, blocks: Iterable[Any]) -> None:
        blocks = list(blocks)
        indents = self._plan_signatures(blocks)
        for i, block in enumerate(blocks):
            if isinstance(block, PageBreak):
                self.pending_break = True
            elif isinstance(block, DraftMark):
                self.draft_texts.append(block.text)
            elif isinstance(block, Para):
                self._para(block, indents.get(i))
            elif isinstance(block, Table):
                self._table(block)
        if self.last_was_table:
            self._insert(self._spacer())

    def _plan_signatures(self, blocks: list[Any]) -> dict[int, float]:
        indents: dict[int, float] = {}
        group: list[int] = []

        def close() -> None:
            if group:
                paras = [blocks[i] for i in group]
                for i, value in zip(
                    group, _signature_indents(paras, self.s.signature_right_chars), strict=True
                ):
                    indents[i] = value
                group.clear()

        for i, block in enumerate(blocks):
            if isinstance(block, Para) and block.kind in _SIGNATURE_KINDS:
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
                spacing = _el("w:spacing")
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
        p = _el("w:p")
        p.append(
            _ppr(
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
        style = _STYLE_OF_KIND.get(kind, "Normal")
        if kind not in _TITLE_KINDS:
            self._close_title_group()
        spacing: dict[str, int | str] | None = None
        # 附件说明、落款都在上文之下空一行（GB/T 9704 7.3.4、7.3.5.2）。
        prev = self.prev_kind
        if prev is not None and (
            (kind in _SIGNATURE_KINDS and prev not in _SIGNATURE_KINDS)
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
        p = _el("w:p")
        # 署名与日期不分在两页。
        keep_next = kind == "agency"
        p.append(
            _ppr(
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

    def _table(self, table: Table) -> None:
        self._close_title_group()
        tbl = _build_table(table, self.s)
        if tbl is None:
            return
        if self.last_was_table or self.pending_break:
            # Word 会把相邻两张表并成一张；表前分页也要落在一个段落上。
            self._insert(self._spacer(page_break_before=self.pending_break))
            self.pending_break = False
        self._insert(tbl)
        self.last_was_table = True
        self.prev_kind = "table"


def _run_xml(run: Run, s: DocxSettings) -> str:
    """一个 ``w:r`` 的 XML：随文标题用楷体（在 run 上写明字体），``\\n`` 写成换行。"""
    props = ""
    if run.lead:
        font = quoteattr(s.h3_font)
        latin = quoteattr(s.latin(s.h3_font))
        props += (
            f"<w:rFonts w:ascii={latin} w:hAnsi={latin} w:eastAsia={font} w:cs={font}"
            ' w:hint="eastAsia"/>'
        )
    if run.bold:
        props += '<w:b w:val="1"/><w:bCs w:val="1"/>'
    parts = [f"<w:rPr>{props}</w:rPr>" if props else ""]
    for i, line in enumerate(run.text.split("\n")):
        if i:
            parts.append("<w:br/>")
        if line:
            space = ' xml:space="preserve"' if line != line.strip() else ""
            parts.append(f"<w:t{space}>{xml_escape(line)}</w:t>")
    return "<w:r>" + "".join(parts) + "</w:r>"


def _runs_xml(runs: list[Run], s: DocxSettings) -> str:
    return "".join(_run_xml(run, s) for run in runs if run.text)


def _append_runs(p: Any, runs: list[Run], s: DocxSettings) -> None:
    if any(run.text for run in runs):
        wrapper = parse_xml(f"<w:p {nsdecls('w')}>{_runs_xml(runs, s)}</w:p>")
        for r in list(wrapper):
            p.append(r)


# ---------------------------------------------------------------------------
# 表格：整张表拼成 XML 一次解析；合并先定好再写字，不逐格调用 python-docx
# ---------------------------------------------------------------------------

_UNIT_TO_PT = {"pt": 1.0, "px": 0.75, "mm": 72 / 25.4, "cm": 720 / 25.4, "in": 72.0}


def _column_twips(
    specs: list[tuple[float, str] | None], n_cols: int, total: int, em_pt: float
) -> list[int]:
    """``<colgroup>`` 宽度 → 每列缇数，总和恰为版心宽度。百分比按比例，缺省的列均分余量。"""
    specs = (list(specs) + [None] * n_cols)[:n_cols]
    total_pt = total / 20
    percents: list[float | None] = []
    for spec in specs:
        if spec is None:
            percents.append(None)
            continue
        value, unit = spec
        if unit == "%":
            percents.append(value)
        elif unit == "em":
            percents.append(value * em_pt / total_pt * 100)
        else:
            percents.append(value * _UNIT_TO_PT.get(unit, 0.75) / total_pt * 100)
    known = [p for p in percents if p is not None]
    missing = len(percents) - len(known)
    if missing:
        remaining = 100.0 - sum(known)
        if remaining > missing:
            fill = remaining / missing
        else:
            fill = sum(known) / len(known) if known else 100.0 / n_cols
        percents = [fill if p is None else p for p in percents]
    values = [float(p) for p in percents if p is not None]
    scale = sum(values) or 1.0
    exact = [v / scale * total for v in values]
    widths = [int(x) for x in exact]
    # 最大余数法补足，保证总宽不差一缇。
    order = sorted(range(n_cols), key=lambda i: (-(exact[i] - widths[i]), i))
    for i in order[: total - sum(widths)]:
        widths[i] += 1
    return widths


def _level(classes: frozenset[str]) -> int:
    for name in classes:
        m = re.fullmatch(r"level-(\d)", name)
        if m:
            return int(m.group(1))
    return 0


_CELL_STYLE = '<w:pStyle w:val="TableText"/>'


def _cell_ppr_xml(cell: Cell, group: str, s: DocxSettings) -> str:
    """表头（含表体里的 ``th.header``）居中；行标签、节标题左对齐（按 level-N 缩进）；数据格居中（样式默认）。"""
    classes = cell.classes
    if group != "thead" and "header" not in classes and (cell.tag == "th" or "label" in classes or "section" in classes):
        indent = _pt_to_twips(_level(classes) * s.level_indent_chars * s.table_size)
        ind = f'<w:ind w:left="{indent}"/>' if indent else ""
        return f'<w:pPr>{_CELL_STYLE}{ind}<w:jc w:val="left"/></w:pPr>'
    return f"<w:pPr>{_CELL_STYLE}</w:pPr>"


def _tc_xml(width: int, colspan: int, vmerge: str | None, content: str) -> str:
    span = f'<w:gridSpan w:val="{colspan}"/>' if colspan > 1 else ""
    merge = {"restart": '<w:vMerge w:val="restart"/>', "continue": "<w:vMerge/>"}.get(
        vmerge or "", ""
    )
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{merge}'
        f'<w:vAlign w:val="center"/></w:tcPr>{content}</w:tc>'
    )


_EMPTY_CELL_P = f"<w:p><w:pPr>{_CELL_STYLE}</w:pPr></w:p>"
_BORDER = 'w:val="single" w:sz="4" w:space="0" w:color="000000"'


def _build_table(table: Table, s: DocxSettings) -> Any:
    grid = table.grid()
    if grid.n_cols == 0 or grid.n_rows == 0:
        return None
    total = s.text_width_twips
    widths = _column_twips(table.col_widths, grid.n_cols, total, s.table_size)
    borders = "".join(
        f"<w:{side} {_BORDER}/>"
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    out = [
        f"<w:tbl {nsdecls('w')}><w:tblPr>",
        f'<w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/>',
        f"<w:tblBorders>{borders}</w:tblBorders>",
        '<w:tblLayout w:type="fixed"/>',
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>'
        "</w:tblCellMar>",
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0"'
        ' w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>',
        "</w:tblPr><w:tblGrid>",
        *(f'<w:gridCol w:w="{width}"/>' for width in widths),
        "</w:tblGrid>",
    ]
    for r in range(grid.n_rows):
        header = "<w:tblHeader/>" if table.rows[r].group == "thead" else ""
        out.append(f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>")
        c = 0
        slots = grid.slots[r]
        while c < grid.n_cols:
            index = slots[c]
            if index < 0:
                # 行里缺格：补一个空格子，表格才是规整的网格。
                out.append(_tc_xml(widths[c], 1, None, _EMPTY_CELL_P))
                c += 1
                continue
            pl = grid.placements[index]
            width = sum(widths[pl.col : pl.col + pl.colspan])
            if pl.row == r:
                ppr = _cell_ppr_xml(pl.cell, table.rows[pl.row].group, s)
                content = "".join(
                    f"<w:p>{ppr}{_runs_xml(runs, s)}</w:p>" for runs in pl.cell.paragraphs
                )
                vmerge = "restart" if pl.rowspan > 1 else None
                out.append(_tc_xml(width, pl.colspan, vmerge, content))
            else:
                out.append(_tc_xml(width, pl.colspan, "continue", _EMPTY_CELL_P))
            c += pl.colspan
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return parse_xml("".join(out))


# ---------------------------------------------------------------------------
# 页面、页码、水印
# ---------------------------------------------------------------------------


def _setup_section(doc: Any, s: DocxSettings) -> None:
    section = doc.sections[0]
    section.page_width = Twips(_mm_to_twips(s.page_width_mm))
    section.page_height = Twips(_mm_to_twips(s.page_height_mm))
    section.top_margin = Twips(_mm_to_twips(s.margin_top_mm))
    section.bottom_margin = Twips(_mm_to_twips(s.margin_bottom_mm))
    section.left_margin = Twips(_mm_to_twips(s.margin_left_mm))
    section.right_margin = Twips(_mm_to_twips(s.margin_right_mm))
    section.gutter = Twips(0)
    section.header_distance = Twips(_mm_to_twips(s.header_distance_mm))
    section.footer_distance = Twips(_mm_to_twips(s.footer_distance_mm))
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = _el("w:docGrid")
        sect_pr.append(grid)
    for key in list(grid.attrib):
        del grid.attrib[key]
    grid.set(qn("w:type"), "lines")  # 每页 22 行；每行 28 字由字距紧缩保证（见 condense）
    grid.set(qn("w:linePitch"), str(s.line_pitch_twips))
    grid.set(qn("w:charSpace"), str(s.char_space))


def _page_number_paragraph(s: DocxSettings, odd: bool) -> Any:
    """``— N —``：PAGE 域手写成 begin/instrText/separate/end；单页居右空一字，双页居左空一字。"""
    one_char = {"Chars": 100, "": s.char_pitch_twips}
    side = "right" if odd else "left"
    ind = {f"{side}{k}": v for k, v in one_char.items()}
    ind.update({"firstLineChars": 0, "firstLine": 0})
    p = _el("w:p", None, _ppr("Footer", jc="right" if odd else "left", ind=ind))

    def run(*children: Any) -> Any:
        return _el("w:r", None, *children)

    def text(value: str) -> Any:
        t = _el("w:t", {"xml:space": "preserve"})
        t.text = value
        return t

    instr = _el("w:instrText", {"xml:space": "preserve"})
    instr.text = " PAGE "
    p.append(run(text("— ")))
    p.append(run(_el("w:fldChar", {"fldCharType": "begin"})))
    p.append(run(instr))
    p.append(run(_el("w:fldChar", {"fldCharType": "separate"})))
    p.append(run(text("1")))
    p.append(run(_el("w:fldChar", {"fldCharType": "end"})))
    p.append(run(text(" —")))
    return p


def _replace_story(story: Any, paragraphs: list[Any]) -> None:
    element = story._element
    for child in list(element):
        element.remove(child)
    for p in paragraphs:
        element.append(p)


_WATERMARK = """<w:p {ns}><w:pPr><w:pStyle w:val="Header"/></w:pPr><w:r><w:rPr><w:noProof/></w:rPr>
<w:pict><v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"
path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas><v:f eqn="sum #0 0 10800"/>
<v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/>
<v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/>
<v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/>
<v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>
<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800"
o:connectangles="270,180,90,0"/><v:textpath on="t" fitshape="t"/>
<v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>
<o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>
<v:shape id={shape_id} o:spid={spid} type="#_x0000_t136" style={style} o:allowincell="f"
fillcolor={color} stroked="f"><v:fill opacity=".5"/>
<v:textpath style={text_style} string={text}/></v:shape></w:pict></w:r></w:p>"""


def _watermark_paragraph(s: DocxSettings, text: str, number: int) -> Any:
    """草稿水印：页眉里的一个 VML 艺术字，居中斜放在每页版心上，Word、WPS 都认。"""
    width = max(len(text), 2) * 150
    style = (
        f"position:absolute;margin-left:0;margin-top:0;width:{width}pt;height:150pt;"
        "rotation:315;z-index:-251654144;mso-position-horizontal:center;"
        "mso-position-horizontal-relative:margin;mso-position-vertical:center;"
        "mso-position-vertical-relative:margin"
    )
    font = s.h2_font.replace('"', "")
    xml = _WATERMARK.format(
        ns=" ".join(
            (
                nsdecls("w"),
                'xmlns:v="urn:schemas-microsoft-com:vml"',
                'xmlns:o="urn:schemas-microsoft-com:office:office"',
            )
        ),
        shape_id=quoteattr(f"DraftMark{number}"),
        spid=quoteattr(f"_x0000_s{2049 + number}"),
        style=quoteattr(style),
        color=quoteattr(f"#{s.draft_color}"),
        text_style=quoteattr(f'font-family:"{font}";font-size:1pt'),
        text=quoteattr(text),
    )
    return parse_xml(xml)


def _setup_headers_footers(doc: Any, s: DocxSettings, draft_text: str | None) -> None:
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    _replace_story(section.footer, [_page_number_paragraph(s, odd=True)])
    _replace_story(section.even_page_footer, [_page_number_paragraph(s, odd=False)])
    if draft_text:
        _replace_story(section.header, [_watermark_paragraph(s, draft_text, 1)])
        _replace_story(section.even_page_header, [_watermark_paragraph(s, draft_text, 2)])


# ---------------------------------------------------------------------------
# 包级整理：设置、主题、字体表、文档属性、确定性的压缩包
# ---------------------------------------------------------------------------

_DROPPED_PARTS = frozenset(
    {
        "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
        RT.NUMBERING,
        RT.CUSTOM_XML,
    }
)
_A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _prepare_package(doc: Any, s: DocxSettings) -> None:
    # 默认模板带的部件里，与本文档不符的去掉：stylesWithEffects（旧版 Word 的第二份样式，
    # 仍指向主题字体）、numbering（引用已删去的列表样式）、customXml（空的书目库）、
    # 一张空白页缩略图。
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype in _DROPPED_PARTS:
            doc.part.drop_rel(rid)
    package_rels = doc.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rid]
    settings = doc.settings.element
    for tag in ("w:savePreviewPicture",):
        for node in settings.findall(qn(tag)):
            settings.remove(node)
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
    _build_styles(doc.styles.element, s)
    _setup_section(doc, s)


def _set_core_properties(doc: Any, s: DocxSettings, title: str | None) -> None:
    core = doc.core_properties
    core.title = title or ""
    core.author = ""
    core.comments = ""
    core.last_modified_by = ""
    core.language = "zh-CN"
    core.revision = 1
    core.created = s.timestamp
    core.modified = s.timestamp


def _theme_xml(blob: bytes, s: DocxSettings) -> bytes:
    """主题里的东亚字体：默认是空值加日文映射；改成黑体（标题）与正文字体。"""
    root = etree.fromstring(blob)
    for scheme, font in (("majorFont", s.h2_font), ("minorFont", s.body_font)):
        for node in root.iter(f"{{{_A_NS}}}{scheme}"):
            ea = node.find(f"{{{_A_NS}}}ea")
            if ea is not None:
                ea.set("typeface", font)
            for script in node.findall(f"{{{_A_NS}}}font"):
                if script.get("script") in ("Hans", "Jpan"):
                    script.set("typeface", font)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _font_table_xml(s: DocxSettings) -> bytes:
    """字体表只列本文档用到的字体；中文字体标 GB2312 字符集，避免被日文字体替代。"""
    names: list[str] = []
    for font in (
        s.title_font,
        s.body_font,
        s.h2_font,
        s.h3_font,
        s.table_font,
        s.page_number_font,
        s.latin_font,
    ):
        if font and font not in names:
            names.append(font)
    root = etree.Element(f"{{{_W_NS}}}fonts", nsmap={"w": _W_NS})
    for name in names:
        node = etree.SubElement(root, f"{{{_W_NS}}}font")
        node.set(f"{{{_W_NS}}}name", name)
        alt = _FONT_ALT_NAMES.get(name)
        if alt:
            etree.SubElement(node, f"{{{_W_NS}}}altName").set(f"{{{_W_NS}}}val", alt)
        cjk = alt is not None or any(ord(ch) > 127 for ch in name)
        etree.SubElement(node, f"{{{_W_NS}}}charset").set(f"{{{_W_NS}}}val", "86" if cjk else "00")
        etree.SubElement(node, f"{{{_W_NS}}}family").set(f"{{{_W_NS}}}val", "auto")
        etree.SubElement(node, f"{{{_W_NS}}}pitch").set(f"{{{_W_NS}}}val", "variable")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _normalize_zip(data: bytes, s: DocxSettings) -> bytes:
    """重打包：固定时间戳与条目顺序，使同一输入得到逐字节相同的文件。"""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        entries = {info.filename: src.read(info) for info in src.infolist()}
    if "word/theme/theme1.xml" in entries:
        entries["word/theme/theme1.xml"] = _theme_xml(entries["word/theme/theme1.xml"], s)
    if "word/fontTable.xml" in entries:
        entries["word/fontTable.xml"] = _font_table_xml(s)
    first = [n for n in ("[Content_Types].xml", "_rels/.rels") if n in entries]
    order = first + sorted(n for n in entries if n not in first)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            dst.writestr(info, entries[name], compresslevel=6)
    return out.getvalue()


def render_docx(html: str, settings: DocxSettings | Mapping[str, Any] | None = None) -> bytes:
    """把报告 HTML 排成 DOCX 字节串。

    ``settings`` 可以是 :class:`DocxSettings` 或同名键的字典（省级配置常写在 YAML 里）。
    同一份 HTML 与设置总是得到逐字节相同的结果。
    """
    s = _coerce_settings(settings)
    blocks = parse_blocks(html)
    doc = Document()
    _prepare_package(doc, s)
    writer = _BodyWriter(doc.element.body, s)
    writer.write(blocks)
    draft = writer.draft_texts[0] if writer.draft_texts else None
    _setup_headers_footers(doc, s, draft)
    _set_core_properties(doc, s, writer.title_text)
    buffer = io.BytesIO()
    doc.save(buffer)
    return _normalize_zip(buffer.getvalue(), s)


# ---------------------------------------------------------------------------
# 读回：与 extract.read_html_* 形状相同
# ---------------------------------------------------------------------------


def _open(data: bytes) -> Any:
    return Document(io.BytesIO(data))


def _tc_text(tc: Any, parent: Any) -> str:
    return "\n".join(Paragraph(p, parent).text for p in tc.findall(qn("w:p")))


def read_docx_text(data: bytes) -> list[str]:
    """正文段落文本，按文档顺序；表格、页眉页脚不计，空段（分页、表间空段）略去。"""
    doc = _open(data)
    out = []
    for child in doc.element.body:
        if child.tag == qn("w:p"):
            text = Paragraph(child, doc).text
            if text:
                out.append(text)
    return out


def _table_cells(tbl: Any, parent: Any) -> tuple[list[list[str]], list[CellSpan]]:
    """一次走完一张表：完整网格（合并格重复）与去重后的单元格清单。

    纵向合并的续格（``w:vMerge`` 无值）取其上方同列起始格；按底层 ``w:tc`` 去重。"""
    grid: list[list[str]] = []
    owner_rows: list[list[int]] = []  # 每格属于哪个单元格（下标）
    spans: list[list[int]] = []  # [row, col, rowspan, colspan]
    texts: list[str] = []
    for r, tr in enumerate(tbl.findall(qn("w:tr"))):
        row_text: list[str] = []
        row_owner: list[int] = []
        trpr = tr.find(qn("w:trPr"))
        before = 0
        if trpr is not None:
            gb = trpr.find(qn("w:gridBefore"))
            if gb is not None:
                before = int(gb.get(qn("w:val"), "0"))
        for _ in range(before):
            spans.append([r, len(row_text), 1, 1])
            texts.append("")
            row_text.append("")
            row_owner.append(len(texts) - 1)
        for tc in tr.findall(qn("w:tc")):
            tcpr = tc.find(qn("w:tcPr"))
            colspan = 1
            vmerge: str | None = None
            if tcpr is not None:
                gs = tcpr.find(qn("w:gridSpan"))
                if gs is not None:
                    colspan = max(1, int(gs.get(qn("w:val"), "1")))
                vm = tcpr.find(qn("w:vMerge"))
                if vm is not None:
                    vmerge = vm.get(qn("w:val"), "continue")
            col = len(row_text)
            owner = -1
            if vmerge == "continue" and r > 0 and col < len(owner_rows[r - 1]):
                owner = owner_rows[r - 1][col]
                spans[owner][2] = r - spans[owner][0] + 1
            if owner < 0:
                owner = len(texts)
                spans.append([r, col, 1, colspan])
                texts.append(_tc_text(tc, parent))
            for _ in range(colspan):
                row_text.append(texts[owner])
                row_owner.append(owner)
        grid.append(row_text)
        owner_rows.append(row_owner)
    width = max((len(row) for row in grid), default=0)
    for row in grid:
        row.extend([""] * (width - len(row)))
    cells = sorted((a, b, c, d, texts[i]) for i, (a, b, c, d) in enumerate(spans))
    return grid, cells


def read_docx_tables(data: bytes) -> list[list[list[str]]]:
    """每张（正文顶层）表的完整网格：合并单元格的文字在其覆盖的每一格重复。"""
    doc = _open(data)
    return [_table_cells(t, doc)[0] for t in doc.element.body.findall(qn("w:tbl"))]


def read_docx_cells(data: bytes) -> list[list[CellSpan]]:
    """每张表的单元格及跨度 ``(行, 列, 跨行, 跨列, 文字)``，每个合并单元格只列一次。"""
    doc = _open(data)
    return [_table_cells(t, doc)[1] for t in doc.element.body.findall(qn("w:tbl"))]
