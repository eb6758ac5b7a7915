"""覆盖检查与补字：文档里预备字体没有的字，从系统字体另做一个小字体；哪都没有的字列出来。"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import time
from collections.abc import Iterable
from pathlib import Path

from . import sources
from .build import source_fingerprint, write_font
from .cache import default_cache_dir, load_manifest, prepare_fonts
from .model import FALLBACK_FACES, FORMAT_VERSION, MANIFEST, FontFile
from .repertoire import PARTS, needs_glyph, unpack_codepoints


@functools.lru_cache(maxsize=8)
def _coverage(cache_dir: Path, stamp: tuple[int, int]) -> frozenset[int]:
    manifest = load_manifest(cache_dir, stamp)
    covered: set[int] = set()
    for entry in manifest["roles"].values():
        for part in PARTS:
            covered |= unpack_codepoints(entry["parts"][part]["coverage"])
    return frozenset(covered)


@functools.lru_cache(maxsize=8)
def _extension_coverage(cache_dir: Path, stamp: tuple[int, int]) -> frozenset[int]:
    manifest = load_manifest(cache_dir, stamp)
    covered: set[int] = set()
    for entry in manifest["roles"].values():
        covered |= unpack_codepoints(entry["parts"]["ext"]["coverage"])
    return frozenset(covered)


def needs_extension(text: str, cache: Path) -> bool:
    """文档里有没有只在 GBK 扩展部分才有的字。"""
    stat = (cache / MANIFEST).stat()
    extension = _extension_coverage(cache, (stat.st_mtime_ns, stat.st_size))
    return any(ord(c) in extension for c in set(text))


def uncovered_chars(text: str, cache_dir: Path | str | None = None) -> list[str]:
    """``text`` 里预备字体都没有的字符（去重，按首次出现的顺序）。

    这些字符要靠补字字体（:func:`font_face_css` 的 ``text`` 参数）才能排出来。
    """
    cache = prepare_fonts(cache_dir)
    stat = (cache / MANIFEST).stat()
    covered = _coverage(cache, (stat.st_mtime_ns, stat.st_size))
    return [c for c in dict.fromkeys(text) if needs_glyph(c) and ord(c) not in covered]


@functools.lru_cache(maxsize=16)
def _face_cmap(path: str, index: int, size: int, mtime_ns: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=index, lazy=True) as font:
        return frozenset(font.getBestCmap())


def _fallback_plan(chars: Iterable[str]) -> tuple[list[tuple[FontFile, list[int]]], list[str]]:
    """把预备字体缺的字分给能提供它们的系统字面；返回分配与仍然无字形的字符。"""
    remaining = [ord(c) for c in dict.fromkeys(chars)]
    plan = []
    for face in FALLBACK_FACES:
        if not remaining:
            break
        file = sources.find_face(face)
        if file is None:
            continue
        stat = file.path.stat()
        cmap = _face_cmap(str(file.path), file.index, stat.st_size, stat.st_mtime_ns)
        taken = [cp for cp in remaining if cp in cmap]
        if taken:
            plan.append((file, taken))
            remaining = [cp for cp in remaining if cp not in cmap]
    return plan, [chr(cp) for cp in remaining]


def unprintable_chars(text: str, cache_dir: Path | str | None = None) -> list[str] | None:
    """校验用：不生成字体、不导入 WeasyPrint，按已有的预备字体清单（再看系统字体）列出印不出的字符。

    预备字体还没生成过（从没出过 PDF）时返回 None：无从判断，生成 PDF 时仍会核对。
    """
    cache = Path(cache_dir).expanduser() if cache_dir is not None else default_cache_dir()
    try:
        stat = (cache / MANIFEST).stat()
        covered = _coverage(cache, (stat.st_mtime_ns, stat.st_size))
    except (OSError, ValueError, KeyError):
        return None
    missing = [c for c in dict.fromkeys(text) if needs_glyph(c) and ord(c) not in covered]
    return _fallback_plan(missing)[1] if missing else []


def unrenderable_chars(text: str, cache_dir: Path | str | None = None) -> list[str]:
    """``text`` 里系统中任何可用字体都没有字形的字符：渲染器应拒绝出图并列出它们。"""
    missing = uncovered_chars(text, cache_dir)
    if not missing:
        return []
    return _fallback_plan(missing)[1]


def supplement_fonts(text: str, cache: Path) -> list[tuple[str, Path]]:
    """为文档里预备字体缺的字生成补字字体（按内容命名，生成过的直接复用）。"""
    missing = uncovered_chars(text, cache)
    if not missing:
        return []
    plan, _ = _fallback_plan(missing)
    fonts = []
    for number, (file, codepoints) in enumerate(plan, start=1):
        # 族名不以数字结尾：Pango 会把结尾的数字当成字号。
        family = f"GJJ Supplement {chr(ord('A') + number - 1)}"
        fingerprint = source_fingerprint(file)
        key = hashlib.sha256(json.dumps(
            [FORMAT_VERSION, family, fingerprint, sorted(codepoints)]).encode()).hexdigest()[:20]
        dest = cache / "supplement" / f"supplement-{key}.ttf"
        try:
            os.utime(dest)  # 记下最近一次使用，久未使用的才清理
        except FileNotFoundError:
            _prune_supplements(dest.parent)
            write_font(file, codepoints, family, "Regular", dest)
        fonts.append((family, dest))
    return fonts


def _prune_supplements(folder: Path, max_age_s: float = 90 * 24 * 3600) -> None:
    """补字字体每份文档一个，很小；九十天没用过的删掉，免得越积越多。"""
    now = time.time()
    for path in folder.glob("supplement-*.ttf"):
        with contextlib.suppress(OSError):
            if now - path.stat().st_mtime > max_age_s:
                path.unlink()
