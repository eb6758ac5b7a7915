"""PDF 存档：PDF/A-3b、带标签（读屏软件可读）、内嵌数据的附件与 XMP 元数据。

为什么：年报要长期存档、人人可读。PDF/A-3b 保证多年后仍按原样显示（字体全部嵌入、
色彩有输出意图、元数据齐全）；带标签的 PDF 让读屏软件按标题、段落、表格（表头格
标明）朗读，文档语言为 zh-CN，阅读器标题栏显示报告标题而不是文件名。PDF/A-3 还允许
附带任意文件：这里附上校验过的数据文件原样（关系 Source）与统计表的 JSON 导出（关系
Data），发布出去的 PDF 自带可由程序读取的数据，导入时不必从版面里拆表格。

XMP 元数据：标题、作者（机关名称）、日期（取自数据，不取当前时间，两次生成逐字节
相同）、生成程序，以及本报告所依据的法定格式（``gjjgen:formatVersion`` 等，按 PDF/A
的要求附有扩展模式说明）。另在文档信息字典里写 ``GTS_PDFA1Version``，poppler 的
``pdfinfo`` 据此显示 PDF/A 标识。

WeasyPrint 一次只接受一种 PDF 变体：这里用 ``pdf/a-3b`` 并打开 ``pdf_tags``（与它的
``pdf/ua-1`` 变体生成的结构树相同），再在 XMP 里加上 PDF/UA（第 1 部分）的标识。
"""

from __future__ import annotations

import base64
import codecs
import datetime as dt
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any
from xml.etree.ElementTree import Element, SubElement, register_namespace, tostring

PDF_VARIANT = "pdf/a-3b"
PDFA_LABEL = "PDF/A-3b"
"""文档信息字典 ``GTS_PDFA1Version`` 的值（poppler 按它显示 PDF 子类型）。"""

YAML_MIME = "application/yaml"
JSON_MIME = "application/json"

GJJGEN_NS = "urn:gjjgen:ns:report:1.0/"
"""XMP 里报告自身属性（法定格式等）的命名空间。"""

_NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "gjjgen": GJJGEN_NS,
}
for _prefix, _uri in _NS.items():
    register_namespace(_prefix, _uri)


@dataclass(frozen=True)
class PdfAttachment:
    """内嵌在 PDF 里的一个文件。``relationship`` 是 PDF/A-3 的 AFRelationship（Source、Data…）。"""

    name: str
    data: bytes
    mime: str
    relationship: str
    description: str


@dataclass(frozen=True)
class ArchiveInfo:
    """存档所需的、HTML 之外的信息：附件与法定格式。"""

    attachments: tuple[PdfAttachment, ...] = ()
    format_id: str = ""
    format_name: str = ""
    format_basis: str = ""
    year: int | None = None
    date: str = ""
    """附件的创建、修改日期（ISO 日期，取自数据）；空时用 2000-01-01，不取当前时间。"""


def report_attachments(data_name: str, data: bytes, tables_json: str) -> tuple[PdfAttachment, ...]:
    """报告 PDF 的两个附件：数据文件原样，统计表 JSON（文件名为数据文件名 + ``.tables.json``）。"""
    stem = PurePath(data_name).stem
    return (
        PdfAttachment(data_name, data, YAML_MIME, "Source",
                      "报告的数据文件（校验时读入的原样字节）"),
        PdfAttachment(f"{stem}.tables.json", tables_json.encode("utf-8"), JSON_MIME, "Data",
                      "统计表数据：每格一条，稳定的键、法定行名与列名、值（合计为算出的值，未填为 null）"),
    )


def _timestamp(date: str) -> dt.datetime:
    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        day = dt.date(2000, 1, 1)
    return dt.datetime(day.year, day.month, day.day)


def weasy_attachments(info: ArchiveInfo) -> list[Any]:
    """WeasyPrint 的附件对象。数据以 ``data:`` 地址交给它，MIME 类型因此按我们写的来。"""
    from weasyprint import Attachment

    stamp = _timestamp(info.date)
    return [
        Attachment(
            url=f"data:{item.mime};base64,{base64.b64encode(item.data).decode('ascii')}",
            name=item.name, description=item.description, relationship=item.relationship,
            created=stamp, modified=stamp,
        )
        for item in info.attachments
    ]


def _li(parent: Element, tag: str = "li") -> Element:
    item = SubElement(parent, f"{{{_NS['rdf']}}}{tag}")
    item.set(f"{{{_NS['rdf']}}}parseType", "Resource")
    return item


def _text(parent: Element, namespace: str, name: str, text: str) -> None:
    SubElement(parent, f"{{{_NS[namespace]}}}{name}").text = text


def _fields(parent: Element, namespace: str, values: dict[str, str]) -> None:
    for name, text in values.items():
        _text(parent, namespace, name, text)


def _description() -> Element:
    element = Element(f"{{{_NS['rdf']}}}Description")
    element.set(f"{{{_NS['rdf']}}}about", "")
    return element


_SCHEMAS: tuple[tuple[str, str, str, tuple[tuple[str, str, str, str], ...]], ...] = (
    ("PDF/UA identification schema", _NS["pdfuaid"], "pdfuaid",
     (("part", "Integer", "internal", "PDF/UA 的部分编号"),)),
    ("gjjgen 年报元数据", GJJGEN_NS, "gjjgen", (
        ("formatVersion", "Text", "external", "报告所依据的法定格式编号（gjjgen 的格式文件）"),
        ("formatName", "Text", "external", "法定格式的名称"),
        ("formatBasis", "Text", "external", "法定格式的依据（发文字号）"),
        ("reportYear", "Integer", "external", "报告年度"),
    )),
)
"""PDF/A 要求：XMP 里用到预定义之外的命名空间时，要附上它的扩展模式说明。"""


def _extension_schemas() -> Element:
    description = _description()
    bag = SubElement(SubElement(description, f"{{{_NS['pdfaExtension']}}}schemas"),
                     f"{{{_NS['rdf']}}}Bag")
    for title, uri, prefix, properties in _SCHEMAS:
        schema = _li(bag)
        _fields(schema, "pdfaSchema", {"schema": title, "namespaceURI": uri, "prefix": prefix})
        seq = SubElement(SubElement(schema, f"{{{_NS['pdfaSchema']}}}property"),
                         f"{{{_NS['rdf']}}}Seq")
        for name, value_type, category, note in properties:
            _fields(_li(seq), "pdfaProperty", {"name": name, "valueType": value_type,
                                               "category": category, "description": note})
    return description


def xmp_additions(info: ArchiveInfo) -> bytes:
    """加进 XMP ``rdf:RDF`` 里的描述：PDF/UA 标识、法定格式、扩展模式说明。"""
    own = _description()
    _text(own, "pdfuaid", "part", "1")
    values = {"formatVersion": info.format_id, "formatName": info.format_name,
              "formatBasis": info.format_basis,
              "reportYear": "" if info.year is None else str(info.year)}
    _fields(own, "gjjgen", {name: text for name, text in values.items() if text})
    return b"".join(tostring(element, encoding="utf-8", xml_declaration=False)
                    for element in (own, _extension_schemas()))


def _object_of(pdf: Any, reference: bytes | str) -> Any:
    """pydyf 的间接引用（``b"12 0 R"``）→ 对象。"""
    text = reference.decode("ascii") if isinstance(reference, bytes) else str(reference)
    return pdf.objects[int(text.split()[0])]


def finisher(info: ArchiveInfo):
    """给 ``write_pdf(finisher=…)`` 的收尾：补 XMP 与 PDF/A 标识（WeasyPrint 写完结构之后）。"""
    import pydyf

    additions = xmp_additions(info)

    def finish(document: Any, pdf: Any) -> None:
        metadata = _object_of(pdf, pdf.catalog["Metadata"])
        content = b"".join(metadata.stream)
        closing = b"</rdf:RDF>"
        if closing not in content:  # WeasyPrint 改了写法：宁可不加，也不写坏
            raise RuntimeError("XMP 元数据里没有 rdf:RDF，无法补充法定格式等信息")
        metadata.stream = [content.replace(closing, additions + closing, 1)]
        pdf.info["GTS_PDFA1Version"] = pydyf.String(PDFA_LABEL)
        if "AF" in pdf.catalog:  # WeasyPrint 把每个附件在关联文件里列了两次
            pdf.catalog["AF"] = pydyf.Array(dict.fromkeys(pdf.catalog["AF"]))
        _unicode_file_names(pdf)

    return finish


def _string_bytes(text: str) -> bytes:
    """PDF 文本串写出时的字节（pydyf 的写法）：纯 ASCII 原样，否则 utf-16-be 编码加字节序标记。"""
    try:
        return text.encode("ascii")
    except UnicodeEncodeError:
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")


def _unicode_file_names(pdf: Any) -> None:
    """附件的 ``/F`` 与名称树的键改为与 ``/UF`` 相同的文本串，名称树按键排序。

    为什么：WeasyPrint 把中文文件名按 UTF-8 字节写进 ``/F``（名称树的键就是同一个串），
    读 PDF 的程序按 PDFDocEncoding 解读，显示成乱码（pikepdf 的附件列表即如此）；PDF 的
    文本串应为 utf-16-be 编码加字节序标记，名称树的键还应按字节排序。"""
    import pydyf

    names = pdf.catalog.get("Names")
    if not names or "EmbeddedFiles" not in names:
        return
    tree = _object_of(pdf, names["EmbeddedFiles"])
    pairs = list(zip(tree["Names"][::2], tree["Names"][1::2], strict=True))
    for key, reference in pairs:
        spec = _object_of(pdf, reference)
        key.string = spec["F"].string = spec["UF"].string
    pairs.sort(key=lambda pair: _string_bytes(pair[0].string))
    tree["Names"] = pydyf.Array(item for pair in pairs for item in pair)


OUTPUT_INTENT = "srgb-icc"
"""输出意图（sRGB）的色彩配置名。不用 WeasyPrint 的 ``srgb``：它为此打开配置文件后不关闭，
进程里留下未关闭文件的警告；这里自己读入（:func:`add_output_intent`）。"""

RENDER_OPTIONS: dict[str, Any] = {
    "pdf_variant": PDF_VARIANT, "pdf_tags": True, "output_intent": OUTPUT_INTENT}
"""排版（``render``）与写出（``write_pdf``）都要的选项：PDF/A-3b、带标签、sRGB 输出意图。"""


def add_output_intent(document: Any) -> None:
    """给排好的文档加上 sRGB 色彩配置（PDF/A 的输出意图）：用 WeasyPrint 自带的配置文件。"""
    from importlib.resources import files

    from weasyprint.css import ColorProfile

    with (files("weasyprint.pdf") / "sRGB2014.icc").open("rb") as stream:
        document.color_profiles[OUTPUT_INTENT] = ColorProfile(
            stream, "sRGB2014.icc", "relative-colorimetric", (["r"], ["g"], ["b"]))


def write_options(info: ArchiveInfo | None) -> dict[str, Any]:
    """``write_pdf`` 的存档选项：变体与标签、附件、收尾。"""
    info = info or ArchiveInfo()
    return {**RENDER_OPTIONS, "attachments": weasy_attachments(info), "finisher": finisher(info)}
