"""看着对、其实不对的值：Word 的弯引号、不认识的省份、印不出来的字。

弯引号（“…”‘…’）是从 Word、WPS 复制过来的：YAML 不认它们是引号，会把它们当作文字的
一部分，印进标题、落款和文件名。省份写错了，省份模板与统计表变体就悄悄用不上。预备字体
里没有的字（表情符号、生僻字），以前要等到生成 PDF 才被拒绝，而那时 HTML、DOCX 已经写好了。
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

import yaml

from ..problems import Finding
from .provinces import PROVINCES, province_of, template_pack

if TYPE_CHECKING:
    from ..document import Document
    from ..loader import Loaded

SMART_QUOTES = (("“", "”"), ("‘", "’"), ("”", "”"), ("“", "“"))
"""Word、WPS 自动换成的成对弯引号（也有两头都是同一个的）。"""


def _unwrapped(text: str) -> str | None:
    stripped = text.strip()
    for left, right in SMART_QUOTES:
        if len(stripped) > 2 and stripped.startswith(left) and stripped.endswith(right):
            inner = stripped[1:-1].strip()
            if inner and not any(q in inner for q in "“”‘’"):
                return inner
    return None


def _as_yaml(text: str) -> Any:
    """去掉弯引号后按 YAML 重新读：“2023”读作年份 2023，“2024-01-20”读作日期。"""
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    return value if isinstance(value, (int, float, str)) or hasattr(value, "year") else text


def unwrap_smart_quotes(loaded: Loaded, metadata_key: str) -> list[Finding]:
    """元数据里两头是弯引号的值：说明一句，去掉弯引号再用（绝不带进标题、落款和文件名）。"""
    findings: list[Finding] = []
    meta = loaded.data.get(metadata_key) if isinstance(loaded.data, dict) else None
    if not isinstance(meta, dict):
        return findings
    for key, value in list(meta.items()):
        scalar = loaded.raw.get((metadata_key, key))
        if not isinstance(value, str) or scalar is None or scalar.quoted:
            continue
        inner = _unwrapped(value)
        if inner is None:
            continue
        meta[key] = _as_yaml(inner)
        findings.append(
            Finding(
                (metadata_key, key),
                "META-SMART-QUOTES",
                f"“{key}”的值两边是 Word 的弯引号，YAML 不把它当引号而当作文字的一部分；已按 {inner} 读取，"
                f"请删去弯引号写成 {key}: {inner}",
                "warning",
            )
        )
    return findings


def smart_quote_hint(text: str) -> str:
    """数字格写成“12”时的补充说明（空字符串表示不是这种情况）。"""
    inner = _unwrapped(text)
    return f"；两边是 Word 的弯引号，数字格只写数字，写成 {inner}" if inner is not None else ""


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
    if not texts:
        return []
    from ..fonts.coverage import unprintable_chars  # 只读字体清单，不导入 WeasyPrint

    bad = unprintable_chars("".join(texts.values()))
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


def _position(loaded: Loaded, path: tuple[Any, ...], char: str) -> tuple[int, int] | None:
    """字符在原文里的行列：从这个值开始的那一行往下找。"""
    line, _ = loaded.mark(path)
    for number, text in enumerate(loaded.lines[line - 1 :], start=line):
        col = text.find(char)
        if col >= 0:
            return number, col + 1
    return None
