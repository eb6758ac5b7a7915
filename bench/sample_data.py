"""由 ``examples/`` 生成许多份像样的、彼此不同的数据文件（批量基准与测试用）。

做法：轮流取五份示例（三种法定格式都有），换一个机关名称，把表里的每个整数乘上同一个
倍数。勾稽关系（合计、结转、现行有效件数）都是线性的，所以乘过之后仍然成立；未填的格
仍是未填，0 仍是 0。叙述里手写的数不跟着变，至多得到“叙述数字与表不符”的警告（不影响
生成）。元数据里的 ``模板目录``、``上年数据`` 去掉（生成的文件不在示例目录旁）。
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))

CITIES = (
    "鞍山", "包头", "保定", "北海", "本溪", "沧州", "常德", "常州", "郴州", "承德", "赤峰", "滁州",
    "大同", "丹东", "德州", "东莞", "鄂州", "佛山", "抚顺", "赣州", "桂林", "邯郸", "汉中", "菏泽",
    "衡阳", "湖州", "淮安", "黄石", "吉安", "济宁", "嘉兴", "江门", "焦作", "金华", "锦州", "荆州",
    "九江", "开封", "廊坊", "乐山", "丽水", "连云港", "聊城", "临沂", "柳州", "洛阳", "马鞍山", "绵阳",
    "南充", "南通", "宁德", "盘锦", "莆田", "秦皇岛", "清远", "曲靖", "泉州", "日照", "三明", "汕头",
    "商丘", "上饶", "韶关", "绍兴", "十堰", "宿迁", "台州", "泰安", "唐山", "铁岭", "威海", "潍坊",
    "温州", "芜湖", "湘潭", "襄阳", "孝感", "新乡", "信阳", "邢台", "徐州", "宣城", "烟台", "盐城",
    "扬州", "宜宾", "宜昌", "益阳", "营口", "岳阳", "湛江", "漳州", "肇庆", "镇江", "中山", "舟山",
    "株洲", "淄博", "自贡", "遵义",
)  # fmt: skip

SKIPPED_META = ("模板目录", "上年数据")


def agency_name(index: int) -> str:
    """第 ``index`` 个机关的名称：城市用完后加“第 N 分中心”，名称总是互不相同。"""
    city = CITIES[index % len(CITIES)]
    round_ = index // len(CITIES)
    return f"{city}市住房公积金管理中心" + (f"第{round_ + 1}分中心" if round_ else "")


def _scaled(value: Any, factor: int, old: str, new: str) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value * factor
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, list):
        return [_scaled(v, factor, old, new) for v in value]
    if isinstance(value, dict):
        return {k: _scaled(v, factor, old, new) for k, v in value.items()}
    return value


def variant(example: Path, agency: str, factor: int) -> str:
    """``example`` 换成机关 ``agency``、表中整数乘 ``factor`` 的数据文件文本。"""
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    meta = dict(data.pop("元数据"))
    old = str(meta["机关名称"])
    for key in SKIPPED_META:
        meta.pop(key, None)
    meta["机关名称"] = agency
    body = {key: _scaled(value, factor, old, agency) for key, value in data.items()}
    return yaml.safe_dump({"元数据": meta, **body}, allow_unicode=True, sort_keys=False, width=1000)


def generate(directory: Path, count: int, factor_of=lambda i: 1 + i % 7) -> list[Path]:
    """在 ``directory`` 里写 ``count`` 份数据文件，返回路径。"""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        example = EXAMPLES[index % len(EXAMPLES)]
        agency = agency_name(index)
        year = example.stem.rsplit("-", 1)[-1]
        path = directory / f"{index:04d}-{agency}-{year}.yaml"
        path.write_text(variant(example, agency, factor_of(index)), encoding="utf-8")
        paths.append(path)
    return paths
