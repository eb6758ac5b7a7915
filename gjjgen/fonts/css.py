"""给 WeasyPrint 的 ``@font-face`` 与字体变量，以及同一进程里共用的字体配置。"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import prepare_fonts, ready_manifest
from .coverage import needs_extension, supplement_fonts
from .model import MANIFEST, ROLES
from .repertoire import PARTS

if TYPE_CHECKING:
    from weasyprint.text.fonts import FontConfiguration


def _quoted(family: str) -> str:
    return '"' + family.replace("\\", "\\\\").replace('"', '\\"') + '"'


def font_families(supplements: Sequence[str] = ()) -> dict[str, str]:
    """每个角色在报告 CSS 里的 ``font-family`` 值。

    本角色字体在前，它的补缺字体（如正文仿宋缺的字用的 AR PL UMing）紧随，其余预备字体
    随后（某字体缺的字由别的预备字体补上，而不是落到未准备的系统字体），补字字体最后。
    """
    order = [r.family for r in ROLES if r.key == "song"] + [r.family for r in ROLES]
    families = {}
    for role in ROLES:
        fills = [r.family for r in ROLES if r.fills == role.key]  # 本角色缺的字先由补缺字体补
        stack = dict.fromkeys([role.family, *fills, *order])
        families[role.key] = ", ".join(_quoted(f) for f in [*stack, *supplements])
    return families


def font_face_css(cache_dir: Path | str | None = None, text: str | None = None) -> str:
    """预备字体的 ``@font-face`` 规则，以及每个角色一个 CSS 变量 ``--gjj-font-<角色>``。

    给出 ``text``（文档全文）时，只在文档用到时才声明 GBK 扩展部分，并为预备字体缺的字
    生成、声明补字字体；不给时声明全部预备字体。
    模板写 ``font-family: var(--gjj-font-fangsong)``，或直接用 :func:`font_families`。
    """
    cache = prepare_fonts(cache_dir)
    manifest = ready_manifest(cache)
    parts = PARTS if text is None or needs_extension(text, cache) else ("core",)
    rules = []
    for part in parts:
        for role in ROLES:
            url = (cache / manifest["roles"][role.key]["parts"][part]["file"]).as_uri()
            # 常用与扩展两个文件同属一个字体族：各有各的字，Pango 按字取用。
            rules.append(
                f"@font-face {{ font-family: {_quoted(role.family)}; "
                f'src: url("{url}") format("truetype"); '
                f"font-weight: {role.weight}; font-style: normal; }}"
            )
    supplements = supplement_fonts(text, cache) if text else []
    for family, path in supplements:
        rules.append(
            f"@font-face {{ font-family: {_quoted(family)}; "
            f'src: url("{path.as_uri()}") format("truetype"); }}'
        )
    families = font_families([family for family, _ in supplements])
    variables = "".join(f" --gjj-font-{key}: {value};" for key, value in families.items())
    rules.append(":root {" + variables + " }")
    return "\n".join(rules) + "\n"


def font_config(cache_dir: Path | str | None = None) -> FontConfiguration:
    """进程内共用的 WeasyPrint ``FontConfiguration``，预备字体已注册。

    为什么：每个新的 FontConfiguration 都会把 ``@font-face`` 的字体文件复制到临时目录
    再交给 fontconfig 扫描，几十 MB 的中文字体每份 PDF 要多花几百毫秒。把它传给
    ``write_pdf(font_config=...)``，这笔开销每个进程只付一次；文档里同样的 ``@font-face``
    规则会被认出来而跳过。不是线程安全的：多线程时每个线程各建一个。
    """
    cache = prepare_fonts(cache_dir)
    stat = (cache / MANIFEST).stat()
    return _font_config(cache, (stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=4)
def _font_config(cache: Path, stamp: tuple[int, int]) -> FontConfiguration:
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration
    config = FontConfiguration()
    CSS(string=font_face_css(cache), font_config=config)
    return config
