"""看着对、其实不对的值：不认识的省份、印不出来的字。

省份写错了，省份模板与统计表变体就悄悄用不上。预备字体里没有的字（表情符号、生僻字），
以前要等到生成 PDF 才被拒绝，而那时 HTML、DOCX 已经写好了。
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from ..problems.findings import Finding
from ..spec.provinces import PROVINCES, province_of, template_pack

if TYPE_CHECKING:
    from ..document.model import Document
    from ..source.loaded import Loaded


def check_province(doc: Document) -> list[Finding]:
    """元数据“省份”应是 34 个省级行政区之一（全称或简称），并说明用的是哪个省份模板。"""
    written = str(doc.meta.get("省份") or "").strip()
    if not written or province_of(written) is not None:
        return []
    names = [name for full, short in PROVINCES for name in (short, full)]
    close = difflib.get_close_matches(written, names, n=1, cutoff=0.4)
    guess = f"，是不是“{close[0]}”？" if close else "；请写所在省级行政区的名称（简称或全称），如 辽宁 或 辽宁省。"
    pack = template_pack(written)
    used = f"现在按省份模板 templates/{pack}/ 生成" if pack else "现在按全国通用模板生成，不用任何省份模板"
    return [
        Finding(
            (doc.common.metadata_key, "省份"),
            "META-PROVINCE",
            f"省份“{written}”不是省级行政区的名称{guess}{used}",
            "warning",
        )
    ]


def check_printable(doc: Document) -> list[Finding]:
    """预备字体与系统字体都没有字形的字：在校验时就指出它所在的行，而不是等 PDF 拒绝。"""
    loaded = doc.loaded
    if loaded is None:
        return []
    texts = {path: s.value for path, s in loaded.raw.items() if isinstance(s.value, str) and not s.value.isascii()}
    rare = "".join(c for c in set("".join(texts.values())) if not _surely_printable(c))
    if not rare:
        return []  # 常用字：不必读字体清单，校验保持快
    from ..fonts.coverage import unprintable_chars  # 只读字体清单，不导入 WeasyPrint

    bad = unprintable_chars(rare)
    findings = []
    for char in bad or ():
        path = next(p for p, text in texts.items() if char in text)
        findings.append(
            Finding(
                path,
                "TEXT-UNPRINTABLE",
                f"字符“{char}”（U+{ord(char):04X}）在报告用的字体和本机已安装的字体里都没有字形，PDF 印不出来；"
                "请改用常用字或文字说明（表情符号请删去）",
                where=_position(loaded, path, char),
            )
        )
    return findings


def _surely_printable(char: str) -> bool:
    """ASCII 与 GBK 里的字：预备字体按 GBK 字集做成（见 gjjgen.fonts），不必查字体清单。

    源字体偶有缺的 GBK 字，生成 PDF 时仍会核对并拒绝（PDF-GLYPH-MISSING）。
    """
    if char.isascii():
        return True
    try:
        char.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True


def _position(loaded: Loaded, path: tuple[Any, ...], char: str) -> tuple[int, int] | None:
    """字符在原文里的行列：从这个值开始的那一行往下找。"""
    line, _ = loaded.mark(path)
    for number, text in enumerate(loaded.lines[line - 1 :], start=line):
        col = text.find(char)
        if col >= 0:
            return number, col + 1
    return None
