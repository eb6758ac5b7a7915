"""模板的排版设置：字体、字号、页面、各部分标题、前言引用的法规、默认前言、落款。

为什么是数据文件：省份或中心只想换一个字体、一个标题或前言里的一句话时，不应复制模板。
设置放在模板目录里的 ``settings.yaml``，全国通用的在 ``templates/base/``；省份模板与
用户模板目录里的同名文件只写要改的键，按“全国 → 省份 → 用户”的顺序逐层深度合并
（映射逐键合并，列表与文字整个替换）。每个文件在合并前单独核对，写错的键指出文件、行与键名。
这里只读、合并、核对，并把数值换算成 CSS 与 DOCX 需要的形式；模板拿到的都是算好的文字。
"""

from __future__ import annotations

import copy
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..problems.codes import code_info, problem_line
from ..spec.resources import Resources

SETTINGS_FILE = "settings.yaml"

FONT_ROLES = ("title", "body", "heading", "kai", "song", "table")
SIZE_KEYS = ("title", "body", "appendix_title", "small", "table", "page_number")
PAGE_KEYS = (
    "width_mm", "height_mm", "margin_top_mm", "margin_left_mm", "text_width_mm",
    "text_height_mm", "lines_per_page", "chars_per_line", "line_height_pt", "page_number_gap_mm",
)
TOP_KEYS = (
    "fonts", "sizes", "page", "section_titles", "regulations", "regulation_joiner", "default_preamble",
    "signature", "draft_text", "attachment_label",
)
NESTED_KEYS: dict[str, tuple[str, ...]] = {"fonts": FONT_ROLES, "sizes": SIZE_KEYS, "page": PAGE_KEYS}
"""有固定子键的设置；其余映射（section_titles）的键另行核对。"""

PLACEHOLDERS = ("法规", "年度", "机关名称", "简称说明", "标题", "各部分", "网站", "联系方式")
"""默认前言里可用的占位符（见 templates/base/settings.yaml 的说明）。"""

OPTIONAL_PLACEHOLDERS = ("网站", "联系方式")
"""取自元数据、可能没有填写的占位符：没有时，用到它的那一句（或那一段）整个不印。"""

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class SettingsError(Exception):
    """模板设置文件写错了（键名不认识、数值不是正数……）。消息是中文，形如
    ``文件:行: 说明 [代码]``，指出文件与键；代码必须已登记（见 :mod:`gjjgen.problems.codes`）。"""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        found = _CODE_AT_END.search(message)
        self.code = code_info(found.group(1) if found else "").code

    @property
    def report_line(self) -> str:
        """给用户看的一行：``文件:行: 错误: 说明 [代码]``（与其他问题的格式一致）。"""
        where, sep, rest = str(self).partition(": ")
        message = _CODE_AT_END.sub("", rest if sep else str(self))
        return problem_line(where if sep else "", self.code, message)


_CODE_AT_END = re.compile(r" \[([^][ ]+)\]$")


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
class Regulation:
    """前言引用的一部法规：名称（带书名号）与简称（可无）。"""

    name: str
    short: str = ""

    @property
    def citation(self) -> str:
        """《…》（以下简称《…》），没有简称时只是名称。"""
        return f"{self.name}（以下简称{self.short}）" if self.short else self.name


@dataclass(frozen=True)
class Settings:
    """合并后的设置。``fonts`` 每个角色一个字体名元组；``sizes`` 单位磅；``page`` 单位毫米。

    ``default_preamble`` 是没有写“前言”时印的各段，每段是若干句（句中可有占位符）。
    ``provenance`` 记下每一项（点号连接的键）最后取自哪个文件，供 ``gjjgen templates show``。
    """

    fonts: dict[str, tuple[str, ...]]
    sizes: dict[str, float]
    page: dict[str, float]
    section_titles: dict[str, str]
    regulations: tuple[Regulation, ...]
    regulation_joiner: str
    default_preamble: tuple[tuple[str, ...], ...]
    signature: bool
    draft_text: str
    attachment_label: str
    sources: tuple[Path, ...] = ()
    provenance: dict[str, Path] = field(default_factory=dict)

    @property
    def citations(self) -> str:
        """前言里的 {法规}：各部法规依次列出，最后两部之间用 ``regulation_joiner``，其余用“、”。"""
        items = [r.citation for r in self.regulations]
        if len(items) < 2:
            return "".join(items)
        return "、".join(items[:-1]) + self.regulation_joiner + items[-1]

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


def _key_lines(node: yaml.Node, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], int]:
    """映射里每个键（按路径）所在的行号，报错时指给写设置的人看。"""
    lines: dict[tuple[str, ...], int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = (*prefix, str(key.value))
            lines[path] = key.start_mark.line + 1
            lines.update(_key_lines(value, path))
    return lines


@dataclass(frozen=True)
class _File:
    """读入的一个设置文件：数据与各键的行号。"""

    path: Path
    data: dict[str, Any]
    lines: dict[tuple[str, ...], int]

    def where(self, *key: str) -> str:
        line = self.lines.get(tuple(key))
        return f"{self.path}:{line}" if line else str(self.path)


def _read(path: Path) -> _File:
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text) or {}
    except UnicodeDecodeError:
        raise SettingsError(f"{path}: 无法读取模板设置：文件不是 UTF-8 编码，请另存为 UTF-8 [SETTINGS-READ]") from None
    except OSError as exc:
        raise SettingsError(f"{path}: 无法读取模板设置：{exc.strerror or exc} [SETTINGS-READ]") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise SettingsError(f"{where}: 模板设置不是有效的 YAML（{getattr(exc, 'problem', None) or exc}） [SETTINGS-READ]") from None
    if not isinstance(data, dict):
        raise SettingsError(f"{path}: 模板设置的顶层应是“键: 值”的映射，写的是{_kind(data)} [SETTINGS-TYPE]")
    return _File(path, data, _key_lines(node) if node is not None else {})


def _kind(value: Any) -> str:
    """值的类型，用中文说给人听。"""
    if isinstance(value, bool):
        return "真假值"
    if isinstance(value, (int, float)):
        return f"数“{value}”"
    if isinstance(value, str):
        return f"文字“{value}”"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "映射"
    return "空值" if value is None else f"“{value}”"


def _unknown(file: _File, key: tuple[str, ...], known: Iterable[str]) -> SettingsError:
    name = ".".join(key)
    known = list(known)
    close = difflib.get_close_matches(key[-1], known, n=1)
    hint = f"是不是“{'.'.join((*key[:-1], close[0]))}”？" if close else ""
    return SettingsError(
        f"{file.where(*key)}: 不认识的设置“{name}”，{hint}可用的有：{'、'.join(known)} [SETTINGS-KEY]"
    )


def _part_keys() -> tuple[str, ...]:
    """各法定格式里全部部分的键（section_titles 的键只能是它们）。"""
    from ..spec.formats import available_specs, load_spec

    keys: dict[str, None] = {}
    for spec_id in available_specs():
        for part in load_spec(spec_id).parts:
            keys[part.key] = None
    return tuple(keys)


def _check_preamble(file: _File, value: Any) -> None:
    """default_preamble：一段文字，或若干段（每段一句文字或若干句的列表）；占位符只能是认识的。"""
    where = file.where("default_preamble")
    shape = f"{where}: default_preamble 应是一段文字，或每项一段的列表（一段可以写成若干句的列表） [SETTINGS-TYPE]"
    paragraphs = [value] if isinstance(value, str) else value
    if not isinstance(paragraphs, list):
        raise SettingsError(shape)
    for paragraph in paragraphs:
        sentences = [paragraph] if isinstance(paragraph, str) else paragraph
        if not isinstance(sentences, list) or not all(isinstance(t, str) for t in sentences):
            raise SettingsError(shape)
        for sentence in sentences:
            for name in _PLACEHOLDER.findall(sentence):
                if name not in PLACEHOLDERS:
                    raise SettingsError(
                        f"{where}: 默认前言里的占位符“{{{name}}}”不认识，"
                        f"可用的有：{'、'.join('{' + p + '}' for p in PLACEHOLDERS)} [SETTINGS-PLACEHOLDER]"
                    )


def _check_file(file: _File) -> None:
    """合并前核对一个设置文件：键名、类型；错误指出这个文件与键所在的行。"""
    for key, value in file.data.items():
        key = str(key)
        if key not in TOP_KEYS:
            raise _unknown(file, (key,), TOP_KEYS)
        if key in NESTED_KEYS or key == "section_titles":
            if not isinstance(value, dict):
                raise SettingsError(f"{file.where(key)}: {key} 应是“键: 值”的映射，写的是{_kind(value)} [SETTINGS-TYPE]")
            known = NESTED_KEYS.get(key) or _part_keys()
            for sub in value:
                if str(sub) not in known:
                    raise _unknown(file, (key, str(sub)), known)
        elif key == "regulations":
            items = value if isinstance(value, list) else None
            if not items or not all(_regulation(item) for item in items):
                raise SettingsError(
                    f"{file.where(key)}: regulations 应是法规的列表，每项写“《名称》”或“{{名称: 《…》, 简称: 《…》}}” [SETTINGS-TYPE]"
                )
        elif key == "default_preamble":
            _check_preamble(file, value)
        elif key == "signature":
            if not isinstance(value, bool):
                raise SettingsError(f"{file.where(key)}: signature 应写 true（印落款）或 false（不印），写的是{_kind(value)} [SETTINGS-TYPE]")
        elif not isinstance(value, str):
            raise SettingsError(f"{file.where(key)}: {key} 应是一段文字，写的是{_kind(value)} [SETTINGS-TYPE]")


def _regulation(item: Any) -> Regulation | None:
    """regulations 的一项 → :class:`Regulation`；写法不对时为 None。"""
    if isinstance(item, str) and item.strip():
        return Regulation(item.strip())
    if isinstance(item, dict) and set(item) <= {"名称", "简称"} and isinstance(item.get("名称"), str):
        short = item.get("简称", "")
        if item["名称"].strip() and isinstance(short, str):
            return Regulation(item["名称"].strip(), short.strip())
    return None


def _merge(base: dict[str, Any], extra: dict[str, Any], path: Path, provenance: dict[str, Path], prefix: str = "") -> dict[str, Any]:
    """深度合并：映射逐键合并，其余（列表、文字、数）整个替换；记下每一项取自哪个文件。"""
    out = copy.deepcopy(base)
    for key, value in extra.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value, path, provenance, f"{dotted}.")
            continue
        out[key] = copy.deepcopy(value)
        for stale in [k for k in provenance if k == dotted or k.startswith(f"{dotted}.")]:
            del provenance[stale]
        if isinstance(value, dict) and value:
            provenance.update({f"{dotted}.{k}": path for k in value})
        else:
            provenance[dotted] = path
    return out


def _positive(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise SettingsError(f"{where} 应为正数，写的是{_kind(value)} [SETTINGS-NUMBER]")
    return float(value)


def _paragraphs(value: Any) -> tuple[tuple[str, ...], ...]:
    """default_preamble 的各种写法 → 段落（每段若干句）；空段去掉。"""
    items = [value] if isinstance(value, str) else list(value or ())
    paragraphs = (tuple([p] if isinstance(p, str) else p) for p in items)
    return tuple(p for p in paragraphs if "".join(p).strip())


def _build(raw: dict[str, Any], sources: tuple[Path, ...], provenance: dict[str, Path]) -> Settings:
    def where(key: str) -> str:
        return f"{provenance.get(key, sources[-1] if sources else SETTINGS_FILE)}: {key}"

    fonts: dict[str, tuple[str, ...]] = {}
    for role in FONT_ROLES:
        names = raw.get("fonts", {}).get(role)
        if isinstance(names, str):
            names = [names]
        if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
            raise SettingsError(f"{where('fonts.' + role)} 应是字体名的列表 [SETTINGS-FONT]")
        fonts[role] = tuple(n.strip() for n in names)
    sizes = {k: _positive(raw.get("sizes", {}).get(k), where(f"sizes.{k}")) for k in SIZE_KEYS}
    page = {k: _positive(raw.get("page", {}).get(k), where(f"page.{k}")) for k in PAGE_KEYS}
    regulations = tuple(r for r in map(_regulation, raw.get("regulations") or ()) if r)
    return Settings(
        fonts=fonts,
        sizes=sizes,
        page=page,
        section_titles={str(k): str(v) for k, v in (raw.get("section_titles") or {}).items()},
        regulations=regulations,
        regulation_joiner=str(raw.get("regulation_joiner", "和")),
        default_preamble=_paragraphs(raw.get("default_preamble")),
        signature=bool(raw.get("signature", True)),
        draft_text=str(raw.get("draft_text") or "草稿"),
        attachment_label=str(raw.get("attachment_label") or "附件"),
        sources=sources,
        provenance=dict(provenance),
    )


def load_settings(overrides: Iterable[Path] = (), resources: Resources | None = None) -> Settings:
    """全国通用设置，再按顺序合并覆盖目录（先省份、后用户）里的 ``settings.yaml``。
    ``resources`` 给出全国通用模板所在（不给时用程序自带的）。

    读过的结果按文件的修改时间缓存：同一进程里改了设置文件（或新建、删掉）会重新读。
    """
    base = (resources or Resources.default()).base_templates_dir
    directories = (base, *(Path(d) for d in overrides))
    return _load(directories, tuple(_stamp(d / SETTINGS_FILE) for d in directories))


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


@cache
def _load(directories: tuple[Path, ...], _stamps: tuple[tuple[int, int] | None, ...]) -> Settings:
    """``directories`` 的第一个是全国通用模板目录（它的设置文件必须有），其余是覆盖目录。"""
    raw: dict[str, Any] = {}
    provenance: dict[str, Path] = {}
    sources: list[Path] = []
    base, *overrides = directories
    extra = [directory / SETTINGS_FILE for directory in overrides]
    for path in [base / SETTINGS_FILE, *(p for p in extra if p.is_file())]:
        file = _read(path)
        _check_file(file)
        raw = _merge(raw, file.data, path, provenance)
        sources.append(path)
    return _build(raw, tuple(sources), provenance)
