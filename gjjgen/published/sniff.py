"""看内容认文件：PDF、DOCX、旧版 Word/WPS（OLE）、网页（含 MHT）、纯文本；再把文字解码。

扩展名常常是错的（“报告.doc”其实是网页另存的 HTML，“.txt”其实是 GBK），所以只看内容。
解码顺序：BOM → 文件自己声明的编码（``<meta charset>``、XML 声明）→ UTF-8 → GB18030。
"""

from __future__ import annotations

import codecs
import re
import zipfile
from dataclasses import dataclass
from io import BytesIO

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_HTML = re.compile(rb"<\s*(?:!doctype\s+html|html|body|table|p|div|meta|head)\b", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


@dataclass(frozen=True)
class Sniffed:
    """``kind``：pdf、docx、ole、html、mht、text、binary。"""

    kind: str
    encoding: str = ""
    declared: str = ""


def sniff(data: bytes) -> Sniffed:
    """按内容认出文件种类（文字类顺便认出编码）。"""
    head = data[:4096]
    if head.lstrip()[:5] == b"%PDF-":
        return Sniffed("pdf")
    if head.startswith(OLE_MAGIC):
        return Sniffed("ole")
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return Sniffed("binary")
        return Sniffed("docx" if any(n.startswith("word/") for n in names) else "binary")
    lowered = head.lower()
    if b"mime-version:" in lowered and b"multipart/related" in lowered:
        return Sniffed("mht")
    encoding, declared = _text_encoding(data)
    if not encoding:
        return Sniffed("binary")
    return Sniffed("html" if _HTML.search(head) else "text", encoding, declared)


def _text_encoding(data: bytes) -> tuple[str, str]:
    """(能解开全文的编码, 文件声明的编码)；解不开时编码为空串。"""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, ""
    found = _DECLARED.search(data[:4096])
    declared = found.group(1).decode("ascii").lower() if found else ""
    candidates = [declared] if declared else []
    candidates += ["utf-8", "gb18030"]
    for name in candidates:
        try:
            codecs.lookup(name)
            text = data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
        if "\x00" in text:
            return "", declared
        return ("gb18030" if name in ("gbk", "gb2312") else name), declared
    return "", declared


def decode(data: bytes, sniffed: Sniffed) -> str:
    """文字类文件的全文（换行统一为 ``\\n``）。"""
    text = data.decode(sniffed.encoding or "utf-8")
    return text.replace("\r\n", "\n").replace("\r", "\n")
