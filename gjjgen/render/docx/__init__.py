"""HTML → DOCX：把模板输出的同一份 HTML 排成符合 GB/T 9704-2012 的 Word 文档。

为什么从 HTML 派生：省份覆盖模板的一个块，改动必须在 HTML、PDF、DOCX 里一模一样；
所以 DOCX 不另有模板：HTML 先读成 :mod:`gjjgen.render.model` 的块（:mod:`gjjgen.render.blocks`，
按受限词汇认出段落角色、单元格层级），:func:`write_docx` 再按块的类型逐个写，样式取自
:mod:`gjjgen.render.vocabulary` 的角色表。词汇以外的内容按普通段落排，不报错也不丢字。

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
from collections.abc import Mapping, Sequence
from typing import Any

from docx import Document

from ..blocks import parse_blocks
from ..extract import CellSpan
from ..model import Block
from .body import BodyWriter
from .package import normalize_zip, prepare_package, set_core_properties
from .page import setup_headers_footers
from .readback import read_docx_cells, read_docx_tables, read_docx_text
from .settings import DocxSettings, coerce_settings

__all__ = [
    "CellSpan",
    "DocxSettings",
    "read_docx_cells",
    "read_docx_tables",
    "read_docx_text",
    "render_docx",
    "write_docx",
]


def render_docx(html: str, settings: DocxSettings | Mapping[str, Any] | None = None) -> bytes:
    """把报告 HTML 排成 DOCX 字节串。

    ``settings`` 可以是 :class:`DocxSettings` 或同名键的字典（省级配置常写在 YAML 里）。
    同一份 HTML 与设置总是得到逐字节相同的结果。
    """
    return write_docx(parse_blocks(html), settings)


def write_docx(blocks: Sequence[Block], settings: DocxSettings | Mapping[str, Any] | None = None) -> bytes:
    """把类型化的块排成 DOCX 字节串（:func:`render_docx` 先把 HTML 读成块再调它）。"""
    s = coerce_settings(settings)
    doc = Document()
    prepare_package(doc, s)
    writer = BodyWriter(doc.element.body, s)
    writer.write(blocks)
    draft = writer.draft_texts[0] if writer.draft_texts else None
    setup_headers_footers(doc, s, draft)
    set_core_properties(doc, s, writer.title_text)
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalize_zip(buffer.getvalue(), s)
