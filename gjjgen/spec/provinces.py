"""全国 34 个省级行政区的全称与简称，以及元数据“省份”选用的省份模板。"""

from __future__ import annotations

from pathlib import Path

from .resources import Resources

PROVINCES: tuple[tuple[str, str], ...] = (
    ("北京市", "北京"), ("天津市", "天津"), ("河北省", "河北"), ("山西省", "山西"),
    ("内蒙古自治区", "内蒙古"), ("辽宁省", "辽宁"), ("吉林省", "吉林"), ("黑龙江省", "黑龙江"),
    ("上海市", "上海"), ("江苏省", "江苏"), ("浙江省", "浙江"), ("安徽省", "安徽"),
    ("福建省", "福建"), ("江西省", "江西"), ("山东省", "山东"), ("河南省", "河南"),
    ("湖北省", "湖北"), ("湖南省", "湖南"), ("广东省", "广东"), ("广西壮族自治区", "广西"),
    ("海南省", "海南"), ("重庆市", "重庆"), ("四川省", "四川"), ("贵州省", "贵州"),
    ("云南省", "云南"), ("西藏自治区", "西藏"), ("陕西省", "陕西"), ("甘肃省", "甘肃"),
    ("青海省", "青海"), ("宁夏回族自治区", "宁夏"), ("新疆维吾尔自治区", "新疆"),
    ("台湾省", "台湾"), ("香港特别行政区", "香港"), ("澳门特别行政区", "澳门"),
)
"""（全称, 简称），按国家统计局行政区划代码的顺序。"""



def province_of(text: str) -> str | None:
    """写法（全称或简称，前后空白不计）对应的简称；不是省级行政区时为 None。"""
    written = text.strip()
    return next((short for full, short in PROVINCES if written in (full, short)), None)


PROVINCE_SUFFIXES = ("省", "市", "自治区", "壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区")
"""省份模板按简称命名；元数据写“上海市”“山东省”也选用它们。"""


def template_pack(text: str, root: Path | None = None) -> str | None:
    """元数据“省份”选用的省份模板目录名：与目录同名，或只多一个“省”“市”“自治区”之类的后缀。"""
    root = root or Resources.default().templates_dir
    written = text.strip()
    names = [written] + [written[: -len(s)] for s in PROVINCE_SUFFIXES if written.endswith(s)]
    usable = (n for n in names if n and n != "base" and not n.startswith((".", "_")) and not any(c in n for c in "/\\:"))
    return next((n for n in usable if (root / n).is_dir()), None)
