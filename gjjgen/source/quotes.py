"""Word、WPS 的弯引号（“…”‘…’）：YAML 不认它们是引号，会当作文字的一部分。

从 Word 复制过来的值两头常带着弯引号，不去掉就会印进标题、落款和文件名；数字格里的“12”
也读不成数。元数据里的就地去掉（并提示），数字格里的在说明里写出去掉后的样子。
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml

from ..problems.findings import Finding

if TYPE_CHECKING:
    from .datafile import Loaded

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


