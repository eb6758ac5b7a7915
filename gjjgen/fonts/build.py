"""生成精简 TrueType 字体：从源字体取出要收的字形，CFF 轮廓转成二次曲线，原子写入。"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..files import write_atomic
from .model import FORMAT_VERSION, FontFile, Job
from .repertoire import pack_codepoints, part_repertoire


def source_fingerprint(file: FontFile) -> dict[str, object]:
    stat = file.path.stat()
    return {"path": str(file.path), "index": file.index,
            "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _name_strings(source, family: str, style: str, note: str) -> dict[str, str]:
    """新字体的 name 表：换成自己的族名，保留原字体的版权与许可声明。"""
    name = source["name"]
    strings = {
        "familyName": family,
        "styleName": style,
        "uniqueFontIdentifier": f"{family} {style}; gjjgen {FORMAT_VERSION}",
        "fullName": f"{family} {style}",
        "psName": (family + "-" + style).replace(" ", ""),
        "description": note,
    }
    for key, name_id in (("copyright", 0), ("version", 5), ("trademark", 7),
                         ("manufacturer", 8), ("licenseDescription", 13),
                         ("licenseInfoURL", 14)):
        value = name.getDebugName(name_id)
        if value:
            strings[key] = value
    return strings


def write_font(source_file: FontFile, codepoints: Iterable[int], family: str,
                style: str, dest: Path) -> list[int]:
    """把 ``source_file`` 里 ``codepoints`` 的字形写成 TrueType 字体 ``dest``。

    CFF 轮廓用 cu2qu 转成二次曲线；TrueType 源直接取子集（保留原始字形数据，快）。
    返回新字体实际覆盖的码位。
    """
    from fontTools.ttLib import TTFont

    with TTFont(str(source_file.path), fontNumber=source_file.index, lazy=True) as source:
        cmap = source.getBestCmap()
        wanted = sorted(cp for cp in set(codepoints) if cp in cmap)
        note = (f"{source['name'].getDebugName(4)} 的子集（TrueType 轮廓），由 gjjgen 生成，"
                "供报告 PDF 嵌入使用。")
        names = _name_strings(source, family, style, note)
        if "CFF " in source:
            font = _convert_cff(source, {cp: cmap[cp] for cp in wanted})
        else:
            font = _subset_truetype(source, wanted)
        font["name"] = _build_name_table(names)
        os2 = font["OS/2"]
        if wanted:
            os2.usFirstCharIndex = min(wanted[0], 0xFFFF)
            os2.usLastCharIndex = min(wanted[-1], 0xFFFF)
        os2.recalcUnicodeRanges(font)
        # 时间戳照抄源字体：同样的源字体生成逐字节相同的字体，PDF 也就可复现。
        font.recalcTimestamp = False
        _atomic_save(font, dest)
        return wanted


def _build_name_table(strings: dict[str, str]):
    from fontTools.fontBuilder import FontBuilder

    builder = FontBuilder(1000, isTTF=True)
    builder.setupNameTable(strings, mac=False)
    return builder.font["name"]


def _subset_truetype(source, codepoints: Sequence[int]):
    from fontTools import subset

    options = subset.Options()
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "vhea", "vmtx", "VORG",
                            "BDF ", "FFTM", "gasp", "hdmx", "kern"]
    options.notdef_outline = True
    options.glyph_names = False
    options.name_IDs = []
    options.hinting = True  # 不解包字形数据：原样复制，快得多
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    # 子集化会对丢弃的位图表（BDF、FFTM）逐一告警，这里都是有意丢弃的。
    log = logging.getLogger("fontTools.subset")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        subsetter.subset(source)
    finally:
        log.setLevel(level)
    source.recalcBBoxes = False  # 字形未改动，包围盒仍有效
    return source


def _convert_cff(source, cmap: dict[int, str]):
    """由 CFF 源字体直接搭出 TrueType 字体，不经过（很慢的）CFF 子集化。"""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    order = [".notdef"] + sorted(set(cmap.values()) - {".notdef"}, key=source.getGlyphID)
    glyph_set = source.getGlyphSet()
    hmtx = source["hmtx"]
    glyphs = {}
    metrics = {}
    for name in order:
        pen = TTGlyphPen(None)
        # 最大误差 1/1000 em；CFF 外轮廓逆时针，TrueType 顺时针。
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
        metrics[name] = hmtx[name]

    head = source["head"]
    builder = FontBuilder(head.unitsPerEm, isTTF=True)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap(cmap)
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics(metrics)
    hhea = source["hhea"]
    builder.setupHorizontalHeader(ascent=hhea.ascent, descent=hhea.descent,
                                  lineGap=hhea.lineGap)
    post = source["post"]
    builder.setupPost(keepGlyphNames=False, italicAngle=post.italicAngle,
                      underlinePosition=post.underlinePosition,
                      underlineThickness=post.underlineThickness,
                      isFixedPitch=post.isFixedPitch)
    builder.setupHead(unitsPerEm=head.unitsPerEm, fontRevision=head.fontRevision,
                      macStyle=head.macStyle, created=head.created, modified=head.modified)
    builder.setupMaxp()
    font = builder.font
    # TrueType 要求左边距等于字形包围盒的 xMin。
    glyf = font["glyf"]
    font["hmtx"].metrics = {
        name: (metrics[name][0], getattr(glyf[name], "xMin", 0)) for name in order}
    font["OS/2"] = source["OS/2"]
    return font


def _atomic_save(font, dest: Path) -> None:
    """写到同目录的临时文件再改名：并发运行的进程只会看到完整的文件。"""
    dest.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(dest, font.save, overwrite=True)


def atomic_write_text(dest: Path, text: str) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(dest, text, overwrite=True)


def is_cff(file: FontFile) -> bool:
    from fontTools.ttLib import TTFont

    with TTFont(str(file.path), fontNumber=file.index, lazy=True) as font:
        return "CFF " in font


def build_role(job: Job) -> tuple[str, str, str]:
    """生成一个角色的一部分字体；返回角色、部分与覆盖码位（见 :func:`pack_codepoints`）。"""
    key, part, path, index, family, style, dest = job
    covered = write_font(FontFile(Path(path), index), part_repertoire(part), family, style,
                          Path(dest))
    return key, part, pack_codepoints(covered)
