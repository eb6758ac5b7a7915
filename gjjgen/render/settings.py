"""模板的排版设置：字体、字号、页面、各部分标题、开头的法规引用。

为什么是数据文件：省份或中心只想换一个字体或一个标题时，不应复制模板。设置放在模板
目录里的 ``settings.yaml``，全国通用的在 ``templates/base/``；覆盖目录里的同名文件只写
要改的键，按“全国 → 省份 → 用户”的顺序逐层合并。这里只读、合并、核对，并把数值
换算成 CSS 与 DOCX 需要的形式；模板拿到的都是算好的文字。
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

TEMPLATES_DIR = Path(__file__).resolve().parent.parent.parent / "templates"
BASE_DIR = TEMPLATES_DIR / "base"
SETTINGS_FILE = "settings.yaml"

FONT_ROLES = ("title", "body", "heading", "kai", "song", "table")
SIZE_KEYS = ("title", "body", "appendix_title", "small", "table", "page_number")
PAGE_KEYS = (
    "width_mm", "height_mm", "margin_top_mm", "margin_left_mm", "text_width_mm",
    "text_height_mm", "lines_per_page", "chars_per_line", "line_height_pt", "page_number_gap_mm",
)
TOP_KEYS = (
    "fonts", "sizes", "page", "section_titles", "regulation", "default_preamble",
    "draft_text", "attachment_label",
)


class SettingsError(Exception):
    """模板设置文件写错了（键名不认识、数值不是正数……）。消息是中文，指出文件与键。"""


def css_string(text: str) -> str:
    """CSS 字符串字面量：字体名里的引号、反斜杠、换行都不能打断样式表。"""
    out = []
    for ch in text:
        if ch in ('"', "\\") or ord(ch) < 0x20 or ch in "<>":
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def font_stack(names: Iterable[str]) -> str:
    """字体栈 → CSS ``font-family`` 的值；通用族名（serif 等）不加引号。"""
    generic = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}
    return ", ".join(n if n in generic else css_string(n) for n in names)


@dataclass(frozen=True)
class Settings:
    """合并后的设置。``fonts`` 每个角色一个字体名元组；``sizes`` 单位磅；``page`` 单位毫米。"""

    fonts: dict[str, tuple[str, ...]]
    sizes: dict[str, float]
    page: dict[str, float]
    section_titles: dict[str, str]
    regulation: str
    default_preamble: str
    draft_text: str
    attachment_label: str
    sources: tuple[Path, ...] = ()

    # -- 派生量（模板与 DOCX 用） ------------------------------------------

    @property
    def margin_right_mm(self) -> float:
        return self.page["width_mm"] - self.page["margin_left_mm"] - self.page["text_width_mm"]

    @property
    def margin_bottom_mm(self) -> float:
        return self.page["height_mm"] - self.page["margin_top_mm"] - self.page["text_height_mm"]

    @property
    def letter_spacing_pt(self) -> float:
        """每行排满 ``chars_per_line`` 个字所需的字距调整（负数为收紧），向下取到 0.01 磅。"""
        width_pt = self.page["text_width_mm"] / 25.4 * 72
        pitch = width_pt / self.page["chars_per_line"]
        return int((pitch - self.sizes["body"]) * 100 - 1) / 100

    def font_stacks(self) -> dict[str, str]:
        """每个字体角色的 CSS ``font-family`` 值。"""
        return {role: font_stack(names) for role, names in self.fonts.items()}

    def css(self) -> dict[str, str]:
        """样式表用到的全部数值，已写成 CSS 文字。"""
        page = self.page
        sizes = self.sizes
        fonts = self.font_stacks()
        number_line_mm = sizes["page_number"] / 72 * 25.4
        return {
            **{f"font_{role}": value for role, value in fonts.items()},
            **{f"size_{key}": f"{value:g}pt" for key, value in sizes.items()},
            "page_width": f"{page['width_mm']:g}mm",
            "page_height": f"{page['height_mm']:g}mm",
            "margin_top": f"{page['margin_top_mm']:g}mm",
            "margin_left": f"{page['margin_left_mm']:g}mm",
            "margin_right": f"{self.margin_right_mm:g}mm",
            "margin_bottom": f"{self.margin_bottom_mm:g}mm",
            "text_width": f"{page['text_width_mm']:g}mm",
            "line_height": f"{page['line_height_pt']:g}pt",
            "letter_spacing": f"{self.letter_spacing_pt:g}pt",
            # 页码行的中线（一字线）落在版心下边缘之下 page_number_gap_mm 处
            "page_number_top": f"{max(page['page_number_gap_mm'] - number_line_mm / 2, 0):.2f}mm",
            "page_number_line": f"{number_line_mm:.2f}mm",
        }


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise SettingsError(f"{path}: 无法读取模板设置：{exc} [SETTINGS-READ]") from exc
    if not isinstance(data, dict):
        raise SettingsError(f"{path}: 模板设置的顶层应是“键: 值”的映射 [SETTINGS-TYPE]")
    return data


def _merge(base: dict[str, Any], extra: dict[str, Any], path: Path) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if key not in TOP_KEYS:
            raise SettingsError(f"{path}: 不认识的设置“{key}”，可用的有：{'、'.join(TOP_KEYS)} [SETTINGS-KEY]")
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    return out


def _positive(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise SettingsError(f"{where}: 应为正数，写的是“{value}” [SETTINGS-NUMBER]")
    return float(value)


def _build(raw: dict[str, Any], sources: tuple[Path, ...]) -> Settings:
    where = str(sources[-1]) if sources else SETTINGS_FILE
    fonts: dict[str, tuple[str, ...]] = {}
    for role in FONT_ROLES:
        names = raw.get("fonts", {}).get(role)
        if isinstance(names, str):
            names = [names]
        if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
            raise SettingsError(f"{where}: fonts.{role} 应是字体名的列表 [SETTINGS-FONT]")
        fonts[role] = tuple(n.strip() for n in names)
    unknown = set(raw) - set(TOP_KEYS)
    unknown |= {f"fonts.{k}" for k in set(raw.get("fonts", {})) - set(FONT_ROLES)}
    unknown |= {f"sizes.{k}" for k in set(raw.get("sizes", {})) - set(SIZE_KEYS)}
    unknown |= {f"page.{k}" for k in set(raw.get("page", {})) - set(PAGE_KEYS)}
    if unknown:
        raise SettingsError(f"{where}: 不认识的设置 {'、'.join(sorted(unknown))} [SETTINGS-KEY]")
    sizes = {k: _positive(raw.get("sizes", {}).get(k), f"{where}: sizes.{k}") for k in SIZE_KEYS}
    page = {k: _positive(raw.get("page", {}).get(k), f"{where}: page.{k}") for k in PAGE_KEYS}
    titles = raw.get("section_titles") or {}
    if not isinstance(titles, dict):
        raise SettingsError(f"{where}: section_titles 应是“部分键: 标题”的映射 [SETTINGS-TYPE]")
    return Settings(
        fonts=fonts,
        sizes=sizes,
        page=page,
        section_titles={str(k): str(v) for k, v in titles.items()},
        regulation=str(raw.get("regulation", "")),
        default_preamble=str(raw.get("default_preamble", "")),
        draft_text=str(raw.get("draft_text") or "草稿"),
        attachment_label=str(raw.get("attachment_label") or "附件"),
        sources=sources,
    )


def load_settings(overrides: Iterable[Path] = ()) -> Settings:
    """全国通用设置，再按顺序合并覆盖目录（先省份、后用户）里的 ``settings.yaml``。"""
    return _load(tuple(Path(d) for d in overrides))


@cache
def _load(overrides: tuple[Path, ...]) -> Settings:
    base_file = BASE_DIR / SETTINGS_FILE
    raw = _read(base_file)
    sources = [base_file]
    for directory in overrides:
        path = directory / SETTINGS_FILE
        if path.is_file():
            raw = _merge(raw, _read(path), path)
            sources.append(path)
    return _build(raw, tuple(sources))
