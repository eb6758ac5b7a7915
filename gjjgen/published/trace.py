"""旁注文件（``<名称>.trace.json``）与结论：每个值从原文哪里来、有多可信；每张表读到多少、
勾稽关系是否成立；整份报告“可直接使用 / 需复核 / 需人工录入”。

勾稽关系是校验和：都成立时导入几乎一定对；不成立时，若这张表每一格都按法定名称原样对上、
数都读得清，说明是原文自己的数不合，否则是导入没有把握。
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..problems.findings import Problem
from ..spec.objects import Spec
from .emit import YamlPath
from .mapping import CellKey, Mapped, Traced

READY, REVIEW, MANUAL = "可直接使用", "需复核", "需人工录入"


@dataclass(frozen=True)
class TableSummary:
    key: str
    name: str
    found: bool
    cells: int
    expected: int
    relations_failed: int
    cause: str

    @property
    def coverage(self) -> float:
        return self.cells / self.expected if self.expected else 1.0

    @property
    def state(self) -> str:
        """给人看的一句：没找到；或读到几格、勾稽关系是否成立（不成立时说原因）。"""
        if not self.found:
            return "未找到"
        if self.relations_failed:
            return f"读到 {self.cells} 格，{self.relations_failed} 处勾稽关系不成立：{self.cause}"
        return f"读到 {self.cells} 格，勾稽关系成立"


def summarize(spec: Spec, mapped: dict[str, Mapped], expected: dict[str, int], failed: dict[str, int]) -> list[TableSummary]:
    out = []
    for part in spec.parts:
        if part.kind != "table":
            continue
        table = spec.table_of(part)
        result = mapped.get(table.key)
        cells = result.cells if result else {}
        unsure = any(t.match == "fuzzy" or t.kind == "unreadable" for t in cells.values())
        count = failed.get(part.key, 0)
        cause = ""
        if count:
            cause = "导入没有把握（有按近似名称对上或读不出的格）" if unsure else "原文自己的数不合（每格都按法定名称对上、数都读得清）"
        out.append(TableSummary(table.key, table.name, result is not None, len(cells), expected.get(table.key, 0), count, cause))
    return out


def verdict(tables: list[TableSummary], mapped: dict[str, Mapped], problems: list[Problem]) -> str:
    if any(not t.found or t.coverage < 0.5 for t in tables) or any(p.code == "IMPORT-SCANNED" for p in problems):
        return MANUAL
    fuzzy = any(t.match == "fuzzy" for m in mapped.values() for t in m.cells.values())
    if fuzzy or any(t.relations_failed for t in tables) or any(p.code.startswith("IMPORT-") for p in problems):
        return REVIEW
    return READY


def path_text(path: YamlPath) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(path))


def trace_json(source: str, kind: str, spec: Spec, scores: dict[str, float], result_verdict: str, tables: list[TableSummary],
               paths: dict[YamlPath, CellKey], cells: dict[CellKey, Traced], dropped: list[str], describe: Any) -> str:
    """旁注文件全文。"""
    values = []
    for path, key in paths.items():
        traced = cells.get(key)
        entry: dict[str, Any] = {"数据路径": path_text(path), "格": list(key)}
        if traced is None:
            entry.update({"值": "", "读数": "missing", "说明": "原文里没有找到这一格"})
        else:
            entry.update(
                {
                    "值": traced.text,
                    "原文": traced.raw,
                    "位置": describe(key),
                    "来源": traced.place.as_json(),
                    "行名": traced.row_label,
                    "列名": traced.col_label,
                    "对上": traced.match,
                    "读数": traced.kind,
                }
            )
        values.append(entry)
    payload = {
        "原文": source,
        "种类": kind,
        "格式": spec.id,
        "格式得分": {k: round(v, 2) for k, v in scores.items()},
        "结论": result_verdict,
        "各表": [
            {"表": t.name, "找到": t.found, "读到格数": t.cells, "应有格数": t.expected, "勾稽不成立": t.relations_failed, "原因": t.cause}
            for t in tables
        ],
        "丢弃的网页附属文字": dropped,
        "值": values,
    }
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"
