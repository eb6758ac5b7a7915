"""报告之外的数据：统计表的 JSON 与 CSV，便于汇总、比对、再加工。

每一格一条记录，带稳定的键（格式文件中的标准键，年年相同）与法定名称（表上印的字），
合计是 gjjgen 算出的值；未填的格在 JSON 中为 ``null``、在 CSV 中为空，绝不写成 0。
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..document.names import table_items

if TYPE_CHECKING:
    from ..document.model import Document

CSV_HEADER = ("表", "表名", "行", "列", "值", "键", "计算")


def _number(value: Any) -> int | float | str | None:
    """JSON 里的数：整数照写；金额保留原样的小数（Decimal 转成数，不丢位）。"""
    if value is None:
        return None
    if isinstance(value, Decimal):
        normalized = value.normalize()
        if normalized == normalized.to_integral_value():
            return int(normalized)
        return float(normalized) if len(str(normalized)) < 16 else str(normalized)
    return value


def _records(doc: Document) -> list[dict[str, Any]]:
    tables = []
    for part in doc.spec.parts:
        if part.kind != "table":
            continue
        table = doc.spec.table_of(part)
        values = doc.tables.get(table.key)
        cells = []
        for item in table_items(table):
            if len(item.parts) != 1:
                continue  # 分组之和不是表上的格
            cell = values.cells.get(item.parts[0]) if values else None
            cells.append(
                {
                    "key": ".".join(item.key),
                    "row": list(item.labels),
                    "column": item.column_label,
                    "value": _number(cell.value if cell else None),
                    "text": cell.text if cell else "",
                    "computed": bool(cell.computed) if cell else item.computed,
                    "unit": item.unit,
                }
            )
        tables.append({"key": table.key, "name": table.name, "title": table.title, "cells": cells})
    return tables


def tables_json(doc: Document) -> str:
    """全部统计表的 JSON：``{机关名称, 报告年度, 格式, tables: [{key, name, title, cells: [...]}]}``。"""
    payload = {
        "机关名称": doc.agency,
        "报告年度": doc.year,
        "格式": doc.spec.id,
        "格式名称": doc.spec.name,
        "tables": _records(doc),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def tables_csv(doc: Document) -> str:
    """全部统计表的 CSV（UTF-8，带表头）：一格一行——表、表名、行（法定名称，“ > ”分层）、列、值、键、是否计算。"""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for table in _records(doc):
        for cell in table["cells"]:
            value = cell["value"]
            writer.writerow(
                (
                    table["key"],
                    table["name"],
                    " > ".join(cell["row"]),
                    cell["column"],
                    "" if value is None else value,
                    cell["key"],
                    "是" if cell["computed"] else "",
                )
            )
    return out.getvalue()
