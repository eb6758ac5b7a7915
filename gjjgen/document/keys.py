"""把书记员写的键对应到格式文件里的标准键，报告不认识的键与重复的键。

带序号、全角括号、别名的写法都认（比较方式见 :func:`~gjjgen.spec.formats.match_key`）；
认不出的键附上“是不是……？”，结构检查里认不出的列也用同一个建议。
"""

from __future__ import annotations

import difflib
from typing import Any

from ..problems.findings import Finding
from ..source.loaded import Loaded
from ..spec.formats import match_key


def _rename(loaded: Loaded, old: tuple[Any, ...], new: tuple[Any, ...]) -> None:
    """把位置表里以 ``old`` 开头的路径改到 ``new`` 下，数据已按标准键重排。"""
    n = len(old)
    tables: tuple[dict[Any, Any], ...] = (loaded.value_marks, loaded.key_marks, loaded.raw)
    for table in tables:
        for path in [p for p in table if p[:n] == old]:
            table[new + path[n:]] = table.pop(path)


def resolve_keys(loaded: Loaded, schema: dict[str, Any], data: Any = None, path: tuple[Any, ...] = ()) -> list[Finding]:
    """把近似的键（序号、全半角、别名不同）改成标准键，并报告不认识的键与重复的键。

    不认识的键在这里报告而不交给 Cerberus：Cerberus 每记一个错误就把错误表重排一次，
    成千上万个乱写的键会让校验慢到几十分钟。被报告的键留在数据里，Cerberus 不再理会。
    """
    findings: list[Finding] = []
    if data is None:
        data = loaded.data
    if not isinstance(data, dict):
        return findings
    lookup: dict[str, str] = {}
    for key, rule in schema.items():
        lookup.setdefault(match_key(key), key)
        for alias in rule.get("meta", {}).get("aliases", ()):
            lookup.setdefault(match_key(alias), key)
    where = "数据文件顶层" if not path else f"「{path[-1]}」"
    unknown: list[Any] = []
    for key in list(data):
        if key in schema:
            continue
        target = lookup.get(match_key(key))
        if target is None:
            unknown.append(key)
            continue
        if target in data:
            first, second = sorted((loaded.key_mark((*path, target)), loaded.key_mark((*path, key))))
            later = key if loaded.key_mark((*path, key)) == second else target
            earlier = target if later == key else key
            findings.append(
                Finding(
                    (*path, later),
                    "KEY-DUP",
                    f"“{later}”与“{earlier}”指的是同一项（第一次在第 {first[0]} 行），只能写一次",
                    at_key=True,
                )
            )
            data.pop(key)  # 已报告；留下标准写法的那一项，免得再报“不认识”
            continue
        data[target] = data.pop(key)
        _rename(loaded, (*path, key), (*path, target))
    findings.extend(_unknown_keys(unknown, list(schema), path, where))
    # 保持数据文件中的书写顺序无关紧要：后续处理按格式文件的顺序取值
    for key, value in data.items():
        rule = schema.get(key)
        if rule and isinstance(value, dict) and isinstance(rule.get("schema"), dict) and rule.get("type") == "dict":
            findings.extend(resolve_keys(loaded, rule["schema"], value, (*path, key)))
    return findings


# ---------------------------------------------------------------- validator


MAX_UNKNOWN_KEYS = 50
"""一层里逐个列出的不认识的键最多这么多；再多的只计数（成千上万个多半是选错了文件）。"""


def _unknown_keys(keys: list[Any], candidates: list[str], path: tuple[Any, ...], where: str) -> list[Finding]:
    """不认识的键：前 :data:`MAX_UNKNOWN_KEYS` 个各一条（附“是不是……？”），其余合成一条。"""
    norm = {match_key(c): c for c in candidates}
    findings = [
        Finding((*path, key), "KEY-UNKNOWN", f"{where}不认识键“{key}”{suggest(str(key), candidates, norm)}", at_key=True)
        for key in keys[:MAX_UNKNOWN_KEYS]
    ]
    if len(keys) > MAX_UNKNOWN_KEYS:
        rest = keys[MAX_UNKNOWN_KEYS]
        findings.append(
            Finding(
                (*path, rest),
                "KEY-UNKNOWN",
                f"{where}还有 {len(keys) - MAX_UNKNOWN_KEYS} 个不认识的键（从这里起，没有逐个列出）；请确认没有选错文件",
                at_key=True,
            )
        )
    return findings

def suggest(key: str, candidates: list[str], norm: dict[str, str] | None = None) -> str:
    """“是不是……？”：最接近的一个标准写法；没有相近的时列出可写的。"""
    norm = norm if norm is not None else {match_key(c): c for c in candidates}
    close = difflib.get_close_matches(match_key(key), list(norm), n=1, cutoff=0.5)
    if close:
        return f"；是不是“{norm[close[0]]}”？"
    return f"；可写的有：{'、'.join(candidates[:12])}{'等' if len(candidates) > 12 else ''}"
