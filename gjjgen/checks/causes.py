"""一个错误引起的一串问题：先说原因，后果并进原因里说。

行名写错（“予已公开”）时，那一行的数没有算进表里，表三各列的勾稽关系随之对不上；整张表
没写时，表里每一项都“未填”。书记员照着列表从上往下改，先看到的若是后果，就会去改本来
没错的数。这里把后果并进原因那一条，原因那一条说清“因此还会……，改好后随之消失”。
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..problems.findings import Finding
from ..spec.objects import table_codes

if TYPE_CHECKING:
    from ..spec.objects import Spec


def arithmetic_codes(spec: Spec) -> set[str]:
    """格式文件里声明的合计与勾稽关系的问题代码（T3-COL-BAL 等）。"""
    return {code for table in spec.tables.values() for code in table_codes(table)}


def _names(findings: list[Finding]) -> str:
    return "、".join(dict.fromkeys(f.message.split("：")[0] for f in findings))


def _causes(cause: Finding, finding: Finding, arithmetic: set[str]) -> bool:
    """``finding`` 是不是 ``cause`` 的后果：同一部分里，写错的行名 → 合计与勾稽关系；缺了的表 → 未填。"""
    if cause is finding or cause.level != "error" or finding.path[:1] != cause.path[:1]:
        return False
    if cause.code == "KEY-UNKNOWN":
        return len(cause.path) > 1 and finding.code in arithmetic
    return cause.code == "KEY-MISSING" and len(cause.path) == 1 and finding.code == "CELL-BLANK"


def fold_consequences(findings: list[Finding], spec: Spec) -> list[Finding]:
    """把写错的行名、缺了的表引起的后果并进原因那一条。"""
    arithmetic = arithmetic_codes(spec)
    causes = [f for f in findings if f.code in ("KEY-UNKNOWN", "KEY-MISSING")]
    consequences: dict[int, list[Finding]] = {id(c): [] for c in causes}
    kept = []
    for finding in findings:
        cause = next((c for c in causes if _causes(c, finding, arithmetic)), None)
        if cause is None:
            kept.append(finding)
        else:
            consequences[id(cause)].append(finding)
    return [_with_consequences(f, consequences[id(f)]) if consequences.get(id(f)) else f for f in kept]


def _with_consequences(cause: Finding, consequences: list[Finding]) -> Finding:
    if cause.code == "KEY-MISSING":
        tail = f"；因此这张表的 {len(consequences)} 项都按未填处理，补上这一部分后随之消失"
    else:
        tail = f"；这一项因此没有算进表里，{_names(consequences)}的合计或勾稽关系也随之对不上（共 {len(consequences)} 处），改好键名后随之消失"
    if cause.message.endswith("？"):
        tail = tail.lstrip("；")
    related = tuple(dict.fromkeys((*cause.related, *(f.path for f in consequences), *(p for f in consequences for p in f.related))))
    return replace(cause, message=cause.message + tail, related=related)


def place_missing_parts(findings: list[Finding], spec: Spec, present: dict[tuple, tuple[int, int]]) -> list[Finding]:
    """缺了的一整部分不指向第 1 行，而指向它该写的地方：按法定顺序的下一部分之前。

    ``present`` 是数据文件里各键的位置（``Loaded.key_marks``）。
    """
    order = [part.key for part in spec.parts]
    placed = []
    for finding in findings:
        key = finding.path[0] if len(finding.path) == 1 else None
        if finding.code != "KEY-MISSING" or key not in order or finding.where is not None:
            placed.append(finding)
            continue
        later = [k for k in order[order.index(key) + 1 :] if (k,) in present]
        if later:
            line = present[(later[0],)][0]
            where, hint = (line, 1), f"（按法定顺序应写在第 {line} 行“{later[0]}:”之前）"
        else:
            last = max((present[(k,)][0] for k in order if (k,) in present), default=1)
            where, hint = (last, 1), "（按法定顺序应写在文件末尾）"
        placed.append(replace(finding, message=finding.message + hint, where=where))
    return placed
