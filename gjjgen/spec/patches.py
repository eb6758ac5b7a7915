"""格式文件的继承与补丁：``extends`` 一层层合并上级格式，``patches`` 改动其中的行。

省份变体与新版本只写与上级不同之处；这里把它们合成一份完整的原始数据，再交给
:mod:`.formats` 读成对象。
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from .objects import SpecError


def read_yaml(path: Path) -> dict[str, Any]:
    """读一个格式文件；读不了或顶层不是映射时是格式文件本身的错误。"""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise SpecError(f"无法读取格式文件 {path}：{exc}") from exc
    if not isinstance(data, dict):
        raise SpecError(f"格式文件 {path} 的顶层应是映射")
    return data


def _find_rows(rows: list[dict[str, Any]], dotted: str) -> tuple[list[dict[str, Any]], int]:
    """在原始行树里按“键.键”路径找到行所在的列表和位置，供补丁使用。"""
    keys = dotted.split(".")
    current = rows
    for depth, key in enumerate(keys):
        for index, row in enumerate(current):
            if row.get("key") == key:
                if depth == len(keys) - 1:
                    return current, index
                current = row.setdefault("rows", [])
                break
        else:
            raise SpecError(f"补丁路径 {dotted} 中的 {key} 不存在")
    raise SpecError(f"补丁路径 {dotted} 为空")


def _apply_patch(tables: dict[str, Any], patch: dict[str, Any]) -> None:
    table = tables.get(str(patch.get("table")))
    if table is None:
        raise SpecError(f"补丁指向不存在的表 {patch.get('table')!r}")
    rows = table.get("sections") if table.get("kind") == "indicators" else table.get("rows")
    if "set" in patch:
        table.update(patch["set"])
    if "replace" in patch:
        siblings, index = _find_rows(rows, patch["replace"])
        siblings[index] = patch["with"]
    if "insert_after" in patch:
        siblings, index = _find_rows(rows, patch["insert_after"])
        siblings[index + 1 : index + 1] = patch["rows"]
    if "insert_before" in patch:
        siblings, index = _find_rows(rows, patch["insert_before"])
        siblings[index:index] = patch["rows"]
    if "remove" in patch:
        siblings, index = _find_rows(rows, patch["remove"])
        del siblings[index]


def resolved_raw(schemas_dir: Path, spec_id: str, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    """格式 ``spec_id`` 合并了全部上级与补丁之后的原始数据（``_source`` 记着它自己的文件）。"""
    if spec_id in seen:
        raise SpecError(f"格式文件继承成环：{' → '.join((*seen, spec_id))}")
    path = schemas_dir / f"{spec_id}.yaml"
    if not path.is_file():
        raise SpecError(f"没有格式文件 {path}")
    raw = read_yaml(path)
    if str(raw.get("id")) != spec_id:
        raise SpecError(f"{path} 的 id 应为 {spec_id!r}")
    parent_id = raw.get("extends")
    if parent_id is None:
        merged = copy.deepcopy(raw)
    else:
        merged = resolved_raw(schemas_dir, str(parent_id), (*seen, spec_id))
        for key, value in raw.items():
            if key == "tables":
                merged.setdefault("tables", {}).update(copy.deepcopy(value))
            elif key != "patches":
                merged[key] = copy.deepcopy(value)
        merged["patches"] = []
    for patch in raw.get("patches", ()) or ():
        _apply_patch(merged["tables"], patch)
    merged["_source"] = str(path)
    return merged
