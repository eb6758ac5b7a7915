"""Word、WPS 的弯引号（“…”‘…’）：YAML 不认它们是引号，会当作文字的一部分。

从 Word 复制过来的值两头常带着弯引号，不去掉就会印进标题、落款和文件名；数字格里的“12”
也读不成数。元数据里的就地去掉（并提示），数字格里的在说明里写出去掉后的样子。
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml

from ..problems.findings import Finding

if TYPE_CHECKING:
    from .loaded import Loaded

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


TITLE_KEY = "标题"
"""数据文件顶层的报告标题（一行或几行）：弯引号同样会印进标题。"""


def _places(data: Any, metadata_key: str) -> list[tuple[dict | list, Any, tuple[Any, ...]]]:
    """要查弯引号的值：(所在的映射或列表, 键或下标, 数据路径)。元数据各项与标题各行。"""
    places: list[tuple[dict | list, Any, tuple[Any, ...]]] = []
    meta = data.get(metadata_key)
    if isinstance(meta, dict):
        places.extend((meta, key, (metadata_key, key)) for key in meta)
    title = data.get(TITLE_KEY)
    if isinstance(title, list):
        places.extend((title, index, (TITLE_KEY, index)) for index in range(len(title)))
    elif isinstance(title, str):
        places.append((data, TITLE_KEY, (TITLE_KEY,)))
    return places


def _message(path: tuple[Any, ...], inner: str, metadata_key: str) -> str:
    if path[0] == metadata_key:
        what, fixed = f"“{path[-1]}”的值", f"写成 {path[-1]}: {inner}"
    elif len(path) == 1:
        what, fixed = "标题", f"写成 {TITLE_KEY}: {inner}"
    else:
        what, fixed = "标题的这一行", f"写成 - {inner}"
    return f"{what}两边是 Word 的弯引号，YAML 不把它当引号而当作文字的一部分；已按 {inner} 读取，请删去弯引号{fixed}"


def unwrap_smart_quotes(loaded: Loaded, metadata_key: str) -> list[Finding]:
    """元数据与标题里两头是弯引号的值：说明一句，去掉弯引号再用（绝不带进标题、落款和文件名）。"""
    findings: list[Finding] = []
    if not isinstance(loaded.data, dict):
        return findings
    for holder, key, path in _places(loaded.data, metadata_key):
        value = holder[key]
        scalar = loaded.raw.get(path)
        if not isinstance(value, str) or scalar is None or scalar.quoted:
            continue
        inner = _unwrapped(value)
        if inner is None:
            continue
        holder[key] = _as_yaml(inner) if path[0] == metadata_key else inner
        findings.append(Finding(path, "META-SMART-QUOTES", _message(path, inner, metadata_key), "warning"))
    return findings


def smart_quote_hint(text: str) -> str:
    """数字格写成“12”时的补充说明（空字符串表示不是这种情况）。"""
    inner = _unwrapped(text)
    return f"；两边是 Word 的弯引号，数字格只写数字，写成 {inner}" if inner is not None else ""


