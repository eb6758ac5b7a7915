"""包级整理：设置、主题、字体表、文档属性、逐字节确定的压缩包。"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from .page import setup_section
from .settings import ZIP_TIME, DocxSettings
from .styles import build_styles

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

_DROPPED_PARTS = frozenset(
    {
        "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
        RT.NUMBERING,
        RT.CUSTOM_XML,
    }
)
_A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def prepare_package(doc: Any, s: DocxSettings) -> None:
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
    build_styles(doc.styles.element, s)
    setup_section(doc, s)


def set_core_properties(doc: Any, s: DocxSettings, title: str | None) -> None:
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


def normalize_zip(data: bytes, s: DocxSettings) -> bytes:
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
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            dst.writestr(info, entries[name], compresslevel=6)
    return out.getvalue()
