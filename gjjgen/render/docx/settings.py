"""DOCX 排版参数（GB/T 9704-2012 的默认值）与模板设置的换算。"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from typing import Any

_FIXED_TIME = datetime(2000, 1, 1, tzinfo=timezone.utc)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def mm_to_twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def pt_to_twips(pt: float) -> int:
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
        page = mm_to_twips(self.page_width_mm)
        return page - mm_to_twips(self.margin_left_mm) - mm_to_twips(self.margin_right_mm)

    @property
    def text_height_twips(self) -> int:
        page = mm_to_twips(self.page_height_mm)
        return page - mm_to_twips(self.margin_top_mm) - mm_to_twips(self.margin_bottom_mm)

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


def coerce_settings(settings: DocxSettings | Mapping[str, Any] | None) -> DocxSettings:
    if settings is None:
        return DocxSettings()
    if isinstance(settings, DocxSettings):
        return settings
    if isinstance(settings, Mapping):
        return DocxSettings.from_mapping(settings)
    raise TypeError(f"DOCX 排版设置应为 DocxSettings 或字典，实际为：{type(settings).__name__}")
