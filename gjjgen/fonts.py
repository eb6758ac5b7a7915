"""字体：找到系统里的中文字体，一次性准备成 PDF 排版用的精简 TrueType 字体。

为什么要准备：WeasyPrint 嵌入字体前要做子集化。Noto CJK 是上万字形、CFF 轮廓的大型
字体集合（.ttc），走 fontTools 子集化时一份 15 页的报告要花十几秒，而排版本身不到一秒。
所以这里预先把每个角色需要的字面从 .ttc 里取出来，只保留报告实际可能用到的字符
（GBK 全部汉字与符号、全角与中文标点、ASCII），CFF 轮廓转成 TrueType 二次曲线，
写进缓存目录；此后每次出 PDF 只需对这几个小字体做子集化。每个角色分成两个文件：
常用部分（GB 2312 与标点符号，真实年报几乎只用到这些）和 GBK 扩展部分；WeasyPrint
每份 PDF 都要复制一遍所声明的字体文件，扩展部分只在文档用到时才声明。

装了 libharfbuzz-subset 时 WeasyPrint 用 HarfBuzz 子集化，朴素做法也只要一秒左右，
此时排版本身占了大半；预备字体仍让字体部分的耗时和 PDF 体积减半左右。

角色与选用的自由字体（都来自 Debian 软件包，见 :data:`ROLES`）：

- ``title`` 标题（公文用方正小标宋）→ Noto Serif CJK SC Bold（fonts-noto-cjk）。
  小标宋是笔画较粗的宋体，自由字体里最接近的是思源宋体的粗体。
- ``fangsong`` 正文（仿宋_GB2312）→ AR PL UMing CN（fonts-arphic-uming）。
  Debian 没有简体的自由仿宋：唯一的仿宋 cwTeX 仿宋（fonts-cwtex-fs）只有繁体字形，简体常用字
  大量缺失（GB2312 一级、二级汉字只覆盖约三分之二），不能用于简体公文。文鼎明体
  笔画细而匀，在 3 号字下的版面灰度与仿宋最接近，又与楷体（二级标题、随文标题）
  明显不同，保住了标题层级。
- ``heading`` 一级标题（黑体）→ Noto Sans CJK SC Bold（fonts-noto-cjk）。
- ``kai`` 二级标题、副题、随文标题（楷体_GB2312）→ AR PL UKai CN（fonts-arphic-ukai）。
- ``song`` 页码（4 号宋体）→ Noto Serif CJK SC Regular（fonts-noto-cjk）；它覆盖全部
  GBK 字符，也是其余角色缺字时的第一后备。

预备字体之外的字符（如人名里的“𠮷”等扩展区汉字）在出 PDF 前按文档内容另做一个
“补字”小字体（见 :func:`font_face_css` 的 ``text`` 参数），仍是嵌入的子集字体；
系统里任何字体都没有的字符由 :func:`unrenderable_chars` 列出，渲染器据此拒绝出图，
不产生带“豆腐块”的 PDF。

同一进程里要出多份 PDF 时，把 :func:`font_config` 传给 ``write_pdf(font_config=...)``，
字体的复制与注册每个进程只做一次。

命令行：``python -m gjjgen.fonts`` 准备缓存并打印位置。
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import errno
import functools
import hashlib
import itertools
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
import zlib
from array import array
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from weasyprint.text.fonts import FontConfiguration

__all__ = [
    "FALLBACK_FACES",
    "ROLES",
    "Face",
    "FontFile",
    "FontsMissingError",
    "Role",
    "check_fonts",
    "default_cache_dir",
    "find_face",
    "font_config",
    "font_face_css",
    "font_families",
    "main",
    "prepare_fonts",
    "uncovered_chars",
    "unrenderable_chars",
]

#: 准备方式一变（字符集、转换参数、表结构），缓存就要重建。
FORMAT_VERSION = 4
CACHE_ENV = "GJJGEN_FONT_CACHE"
#: 清单与文件名都带格式版本：新旧版本的程序同时运行时各用各的，不会互相重建。
MANIFEST = f"manifest-v{FORMAT_VERSION}.json"
#: 别的格式版本留下的文件，闲置这么久以后才删。
STALE_AFTER_S = 24 * 3600


@dataclass(frozen=True)
class Face:
    """系统里的一个字面：按 fontconfig 的族名与样式名查找。"""

    family: str
    style: str
    package: str
    #: Debian 上的已知位置，没有 fc-list 时按此查找。
    paths: tuple[str, ...]


@dataclass(frozen=True)
class Role:
    """报告 CSS 使用的一个字体角色。"""

    key: str
    label: str
    #: 报告 CSS 里的 font-family 名。
    family: str
    #: @font-face 声明的字重，即字面本身的字重。模板要求更粗的字重时 Pango 会做伪粗体。
    weight: int
    face: Face


_NOTO = "/usr/share/fonts/opentype/noto/"
NOTO_SERIF_BOLD = Face(
    "Noto Serif CJK SC", "Bold", "fonts-noto-cjk",
    (_NOTO + "NotoSerifCJK-Bold.ttc", _NOTO + "NotoSerifCJKsc-Bold.otf"))
NOTO_SERIF_REGULAR = Face(
    "Noto Serif CJK SC", "Regular", "fonts-noto-cjk",
    (_NOTO + "NotoSerifCJK-Regular.ttc", _NOTO + "NotoSerifCJKsc-Regular.otf"))
NOTO_SANS_BOLD = Face(
    "Noto Sans CJK SC", "Bold", "fonts-noto-cjk",
    (_NOTO + "NotoSansCJK-Bold.ttc", _NOTO + "NotoSansCJKsc-Bold.otf"))
UMING_CN = Face(
    "AR PL UMing CN", "Light", "fonts-arphic-uming",
    ("/usr/share/fonts/truetype/arphic/uming.ttc",))
UKAI_CN = Face(
    "AR PL UKai CN", "Book", "fonts-arphic-ukai",
    ("/usr/share/fonts/truetype/arphic/ukai.ttc",))

ROLES: tuple[Role, ...] = (
    Role("title", "标题（小标宋）", "GJJ Title", 700, NOTO_SERIF_BOLD),
    Role("fangsong", "正文（仿宋）", "GJJ FangSong", 400, UMING_CN),
    Role("heading", "一级标题（黑体）", "GJJ Hei", 700, NOTO_SANS_BOLD),
    Role("kai", "二级标题（楷体）", "GJJ Kai", 400, UKAI_CN),
    Role("song", "页码（宋体）", "GJJ Song", 400, NOTO_SERIF_REGULAR),
)

#: 补字时依次尝试的字面：覆盖面最大的在前。
FALLBACK_FACES: tuple[Face, ...] = (NOTO_SERIF_REGULAR, NOTO_SANS_BOLD, UMING_CN, UKAI_CN)

#: 除 GBK 外预备字体必收的区段（按源字体实有字形取交集）。
_RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1：·、×、÷、°
    (0x2000, 0x206F),  # 通用标点：—、…、‘’“”、‰
    (0x2100, 0x218F),  # 字母式符号、数字形式：℃、№、Ⅰ—Ⅻ
    (0x2190, 0x22FF),  # 箭头、数学运算符
    (0x2460, 0x24FF),  # 带圈数字：①②
    (0x2500, 0x25FF),  # 制表符、几何图形：□■○●△
    (0x2600, 0x26FF),  # 杂项符号：★☆
    (0x3000, 0x303F),  # 中文标点：、。〈〉《》「」【】〔〕〇
    (0x3200, 0x33FF),  # 带圈及括号汉字、单位符号：㈠、㎡
    (0xFE30, 0xFE4F),  # 兼容形式
    (0xFF00, 0xFFEF),  # 全角 ASCII、全角标点
)


class FontsMissingError(RuntimeError):
    """系统缺少源字体；``messages`` 是给用户看的中文说明。"""

    def __init__(self, messages: Sequence[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = list(messages)


@dataclass(frozen=True)
class FontFile:
    """找到的字体文件，``index`` 是字体集合（.ttc）里的序号。"""

    path: Path
    index: int


#: 一个生成任务：角色、部分（core/ext）、源文件、字面序号、族名、样式名、目标文件。
Job = tuple[str, str, str, int, str, str, str]


# ---------------------------------------------------------------------------
# 查找源字体


@functools.lru_cache(maxsize=1)
def _fc_list() -> tuple[tuple[str, int, tuple[str, ...], tuple[str, ...]], ...]:
    """fc-list 的全部字面；没有 fc-list 时返回空。"""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return ()
    try:
        out = subprocess.run(
            [fc_list, "--format", "%{file}\t%{index}\t%{family}\t%{style}\n"],
            capture_output=True, text=True, check=True, timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    faces = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) != 4:
            continue
        path, index, families, styles = parts
        with contextlib.suppress(ValueError):
            faces.append((path, int(index), _fc_names(families), _fc_names(styles)))
    return tuple(faces)


def _fc_names(value: str) -> tuple[str, ...]:
    """fontconfig 的多值字段以逗号分隔，名字里的逗号写作 ``\\,``。"""
    return tuple(part.replace("\x00", ",") for part in value.replace("\\,", "\x00").split(","))


def _face_names(font) -> tuple[set[str | None], set[str | None]]:
    name = font["name"]
    return ({name.getDebugName(1), name.getDebugName(16)},
            {name.getDebugName(2), name.getDebugName(17)})


def _scan_known_paths(face: Face) -> FontFile | None:
    """没有 fc-list 时，打开已知位置的文件按 name 表找字面。"""
    from fontTools.ttLib import TTCollection, TTFont

    for candidate in face.paths:
        path = Path(candidate)
        if not path.is_file():
            continue
        try:
            with path.open("rb") as stream:
                is_collection = stream.read(4) == b"ttcf"
            if is_collection:
                with TTCollection(str(path), lazy=True) as collection:
                    names = [_face_names(font) for font in collection.fonts]
            else:
                with TTFont(str(path), lazy=True) as font:
                    names = [_face_names(font)]
        except Exception:  # noqa: BLE001 - 坏文件当作没有
            continue
        for index, (families, styles) in enumerate(names):
            if face.family in families and face.style in styles:
                return FontFile(path, index)
    return None


def find_face(face: Face) -> FontFile | None:
    """在系统里找 ``face``：先问 fontconfig，再看 Debian 的已知路径。"""
    for path, index, families, styles in _fc_list():
        if index >> 16:  # 可变字体的命名实例：要静态字面
            continue
        if face.family in families and face.style in styles and Path(path).is_file():
            return FontFile(Path(path), index)
    return _scan_known_paths(face)


def _install_hint(packages: Iterable[str]) -> str:
    names = " ".join(dict.fromkeys(packages))
    return f"apt-get install {names}"


def check_fonts() -> list[str]:
    """缺少的源字体，每条说明装什么；空列表表示齐全。

    渲染器出 PDF 前调用：缺字体时拒绝，而不是产出有空洞的 PDF。
    """
    messages = []
    for role in ROLES:
        if find_face(role.face) is None:
            messages.append(
                f"缺少{role.label}所用字体“{role.face.family} {role.face.style}”："
                f"请安装 Debian 软件包 {role.face.package}"
                f"（以 root 身份运行：{_install_hint([role.face.package])}）。"
            )
    return messages


# ---------------------------------------------------------------------------
# 字符集


@functools.lru_cache(maxsize=1)
def repertoire() -> frozenset[int]:
    """预备字体收录的码位：GBK（含 GB 2312）全部字符加 :data:`_RANGES`。"""
    chars: set[int] = set()
    for low, high in _RANGES:
        chars.update(range(low, high + 1))
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            try:
                text = bytes((lead, trail)).decode("gbk")
            except UnicodeDecodeError:
                continue
            if len(text) == 1:
                chars.add(ord(text))
    # 私用区不是真正的字符，源字体里也没有对应字形。
    return frozenset(c for c in chars if not 0xE000 <= c <= 0xF8FF)


@functools.lru_cache(maxsize=1)
def core_repertoire() -> frozenset[int]:
    """常用部分：GB 2312 与 :data:`_RANGES`。真实年报的文字几乎全在这里。

    为什么分两部分：WeasyPrint 每出一份 PDF 都把 ``@font-face`` 的字体文件复制一遍，
    文件越小越快。GBK 其余的字放在“扩展”文件里，文档用到时才声明。
    """
    chars = set()
    for code in repertoire():
        try:
            encoded = chr(code).encode("gb2312")
        except UnicodeEncodeError:
            continue
        if len(encoded) == 2:
            chars.add(code)
    for low, high in _RANGES:
        chars.update(range(low, high + 1))
    return frozenset(chars & repertoire())


PARTS = ("core", "ext")


def _part_repertoire(part: str) -> frozenset[int]:
    return core_repertoire() if part == "core" else repertoire() - core_repertoire()


def _needs_glyph(char: str) -> bool:
    """控制符、格式符、空白与异体字选择符不画字形；私用区、未分配码位要字形（也就排不出）。"""
    cp = ord(char)
    if 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF:
        return False
    return unicodedata.category(char) not in ("Cc", "Cf", "Zs", "Zl", "Zp")


def _pack(codepoints: Iterable[int]) -> str:
    """码位集合 → 短字符串（差分、zlib、base64）：清单小，读起来快。"""
    previous = 0
    deltas = array("I")
    for code in sorted(codepoints):
        deltas.append(code - previous)
        previous = code
    return base64.b64encode(zlib.compress(deltas.tobytes(), 9)).decode("ascii")


def _unpack(packed: str) -> frozenset[int]:
    deltas = array("I")
    deltas.frombytes(zlib.decompress(base64.b64decode(packed)))
    return frozenset(itertools.accumulate(deltas))


# ---------------------------------------------------------------------------
# 生成 TrueType 字体


def _source_fingerprint(file: FontFile) -> dict[str, object]:
    stat = file.path.stat()
    return {"path": str(file.path), "index": file.index,
            "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def _file_sha256(path: Path) -> str:
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


def _write_font(source_file: FontFile, codepoints: Iterable[int], family: str,
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
    fd, tmp = tempfile.mkstemp(prefix=dest.name + ".", suffix=".tmp", dir=dest.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            font.save(stream)
        os.chmod(tmp, 0o644)  # mkstemp 建的是 0600；缓存可供别的用户读
        os.replace(tmp, dest)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _atomic_write_text(dest: Path, text: str) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=dest.name + ".", suffix=".tmp", dir=dest.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, dest)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _is_cff(file: FontFile) -> bool:
    from fontTools.ttLib import TTFont

    with TTFont(str(file.path), fontNumber=file.index, lazy=True) as font:
        return "CFF " in font


def _build_role(job: Job) -> tuple[str, str, str]:
    """生成一个角色的一部分字体；返回角色、部分与覆盖码位（见 :func:`_pack`）。"""
    key, part, path, index, family, style, dest = job
    covered = _write_font(FontFile(Path(path), index), _part_repertoire(part), family, style,
                          Path(dest))
    return key, part, _pack(covered)


# ---------------------------------------------------------------------------
# 缓存


def default_cache_dir() -> Path:
    """``$GJJGEN_FONT_CACHE``，否则 ``$XDG_CACHE_HOME/gjjgen/fonts``（默认 ~/.cache）。"""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "gjjgen" / "fonts"


@contextlib.contextmanager
def _locked(cache_dir: Path) -> Iterator[None]:
    """同一缓存目录同时只让一个进程生成字体；其余进程等它完成后直接复用。"""
    cache_dir.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - 非 POSIX 系统靠原子改名兜底
        yield
        return
    with (cache_dir / ".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _read_manifest(cache_dir: Path) -> dict | None:
    try:
        data = json.loads((cache_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT_VERSION:
        return None
    return data


def _manifest_is_fresh(cache_dir: Path, manifest: dict | None) -> bool:
    """只做 stat：源字体的大小、修改时间未变，生成的文件都在。"""
    if manifest is None:
        return False
    entries = manifest.get("roles", {})
    for role in ROLES:
        entry = entries.get(role.key)
        if (not entry or entry.get("family") != role.family
                or entry.get("face") != f"{role.face.family} {role.face.style}"):
            return False
        source = entry["source"]
        try:
            stat = os.stat(source["path"])
            if (stat.st_size, stat.st_mtime_ns) != (source["size"], source["mtime_ns"]):
                return False
            if not all((cache_dir / entry["parts"][part]["file"]).is_file() for part in PARTS):
                return False
        except (OSError, KeyError, TypeError):
            return False
    return True


@functools.lru_cache(maxsize=8)
def _load_manifest(cache_dir: Path, stamp: tuple[int, int]) -> dict:
    """带内存缓存的清单（``stamp`` 是清单文件的 mtime 与大小，变了就重读）。"""
    manifest = _read_manifest(cache_dir)
    if manifest is None:
        raise FileNotFoundError(cache_dir / MANIFEST)
    return manifest


def _cached_manifest(cache_dir: Path) -> dict | None:
    """清单没变（mtime 与大小相同）时不再解析 JSON：热路径上只剩 stat。"""
    try:
        stat = (cache_dir / MANIFEST).stat()
        return _load_manifest(cache_dir, (stat.st_mtime_ns, stat.st_size))
    except OSError:
        return None


def _manifest(cache_dir: Path) -> dict:
    stat = (cache_dir / MANIFEST).stat()
    return _load_manifest(cache_dir, (stat.st_mtime_ns, stat.st_size))


def prepare_fonts(cache_dir: Path | str | None = None) -> Path:
    """生成（只在需要时）全部角色的预备字体，返回缓存目录。

    缓存热时只读清单、stat 源字体；源字体变了（大小或修改时间不同，且内容摘要不同）
    才重建。多个进程同时调用是安全的：加文件锁，文件都先写临时文件再原子改名。
    缺源字体时抛出 :class:`FontsMissingError`。
    """
    cache = Path(cache_dir).expanduser() if cache_dir is not None else default_cache_dir()
    if _manifest_is_fresh(cache, _cached_manifest(cache)):
        return cache
    with _locked(cache):
        old = _read_manifest(cache)
        if _manifest_is_fresh(cache, old):  # 等锁期间别的进程已经建好
            return cache
        _rebuild(cache, old)
    return cache


def _rebuild(cache: Path, old: dict | None) -> None:
    messages = check_fonts()
    if messages:
        raise FontsMissingError(messages)
    old_entries = (old or {}).get("roles", {})
    entries: dict[str, dict] = {}
    jobs = []
    for role in ROLES:
        file = find_face(role.face)
        assert file is not None  # check_fonts 已确认
        source = _source_fingerprint(file)
        previous = old_entries.get(role.key, {})
        prev_source = previous.get("source", {})
        same_file = (prev_source.get("path"), prev_source.get("index")) == (str(file.path), file.index)
        if same_file and (prev_source.get("size"), prev_source.get("mtime_ns")) == (
                source["size"], source["mtime_ns"]):
            source["sha256"] = prev_source.get("sha256") or _file_sha256(file.path)
        else:
            source["sha256"] = _file_sha256(file.path)
        key = hashlib.sha256(json.dumps(
            [FORMAT_VERSION, role.family, role.face.style, source["sha256"], file.index],
        ).encode()).hexdigest()[:16]
        style = "Bold" if role.weight >= 700 else "Regular"
        entry = {"family": role.family, "weight": role.weight,
                 "face": f"{role.face.family} {role.face.style}", "source": source, "parts": {}}
        for part in PARTS:
            name = f"{role.key}-{part}-v{FORMAT_VERSION}-{key}.ttf"
            done = previous.get("parts", {}).get(part, {})
            if done.get("file") == name and (cache / name).is_file() and "coverage" in done:
                entry["parts"][part] = done
            else:
                entry["parts"][part] = {"file": name}
                jobs.append((role.key, part, str(file.path), file.index, role.family, style,
                             str(cache / name)))
        entries[role.key] = entry
    for key, part, coverage in _run_jobs(jobs):
        entries[key]["parts"][part]["coverage"] = coverage
    manifest = {"format": FORMAT_VERSION, "roles": entries}
    _atomic_write_text(cache / MANIFEST, json.dumps(manifest, ensure_ascii=False))
    keep = {p["file"] for entry in entries.values() for p in entry["parts"].values()}
    _remove_stale(cache, keep)


def _remove_stale(cache: Path, keep: set[str]) -> None:
    """删掉本版本不再引用的字体；别的版本的文件与清单闲置一天后再删。"""
    now = time.time()
    mine = f"-v{FORMAT_VERSION}-"
    candidates = [*cache.glob("*.ttf"), *cache.glob("manifest*.json")]
    for path in candidates:
        if path.name in keep or path.name == MANIFEST:
            continue
        ours = path.suffix == ".ttf" and mine in path.name
        with contextlib.suppress(OSError):
            if ours or now - path.stat().st_mtime > STALE_AFTER_S:
                path.unlink()


def _run_jobs(jobs: list[Job]) -> list[tuple[str, str, str]]:
    """各角色互不相关，按 CPU 数并行生成（转换 CFF 轮廓是纯 Python 计算）。

    每个角色在一个 ``python -m gjjgen.fonts`` 子进程里生成。不用 multiprocessing：它的
    spawn 会在子进程里重新导入调用者的主脚本，脚本没有 ``if __name__ == "__main__"``
    保护时就会再次准备字体、卡在本进程持有的文件锁上。
    """
    if not jobs:
        return []
    workers = min(len(jobs), os.cpu_count() or 1)
    if workers == 1 or not sys.executable:
        return [_build_role(job) for job in jobs]
    # 慢的（CFF 源、字多的部分）先做，两核时总耗时最短。
    jobs = sorted(jobs, key=lambda job: (not _is_cff(FontFile(Path(job[2]), job[3])),
                                         job[1] != "ext"))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_build_role_in_subprocess, jobs))


def _build_role_in_subprocess(job: Job) -> tuple[str, str, str]:
    env = dict(os.environ)
    package_root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-m", "gjjgen.fonts", "--build-job", json.dumps(job)],
        capture_output=True, text=True, env=env, check=False,
    )
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()[-1:] or [f"退出码 {done.returncode}"]
        raise RuntimeError(f"生成字体 {job[0]} 失败：{detail[0]}")
    key, part, coverage = json.loads(done.stdout)
    return key, part, coverage


# ---------------------------------------------------------------------------
# 覆盖检查与补字


@functools.lru_cache(maxsize=8)
def _coverage(cache_dir: Path, stamp: tuple[int, int]) -> frozenset[int]:
    manifest = _load_manifest(cache_dir, stamp)
    covered: set[int] = set()
    for entry in manifest["roles"].values():
        for part in PARTS:
            covered |= _unpack(entry["parts"][part]["coverage"])
    return frozenset(covered)


@functools.lru_cache(maxsize=8)
def _extension_coverage(cache_dir: Path, stamp: tuple[int, int]) -> frozenset[int]:
    manifest = _load_manifest(cache_dir, stamp)
    covered: set[int] = set()
    for entry in manifest["roles"].values():
        covered |= _unpack(entry["parts"]["ext"]["coverage"])
    return frozenset(covered)


def _needs_extension(text: str, cache: Path) -> bool:
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
    return [c for c in dict.fromkeys(text) if _needs_glyph(c) and ord(c) not in covered]


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
        file = find_face(face)
        if file is None:
            continue
        stat = file.path.stat()
        cmap = _face_cmap(str(file.path), file.index, stat.st_size, stat.st_mtime_ns)
        taken = [cp for cp in remaining if cp in cmap]
        if taken:
            plan.append((file, taken))
            remaining = [cp for cp in remaining if cp not in cmap]
    return plan, [chr(cp) for cp in remaining]


def unrenderable_chars(text: str, cache_dir: Path | str | None = None) -> list[str]:
    """``text`` 里系统中任何可用字体都没有字形的字符：渲染器应拒绝出图并列出它们。"""
    missing = uncovered_chars(text, cache_dir)
    if not missing:
        return []
    return _fallback_plan(missing)[1]


def _supplement_fonts(text: str, cache: Path) -> list[tuple[str, Path]]:
    """为文档里预备字体缺的字生成补字字体（按内容命名，生成过的直接复用）。"""
    missing = uncovered_chars(text, cache)
    if not missing:
        return []
    plan, _ = _fallback_plan(missing)
    fonts = []
    for number, (file, codepoints) in enumerate(plan, start=1):
        # 族名不以数字结尾：Pango 会把结尾的数字当成字号。
        family = f"GJJ Supplement {chr(ord('A') + number - 1)}"
        fingerprint = _source_fingerprint(file)
        key = hashlib.sha256(json.dumps(
            [FORMAT_VERSION, family, fingerprint, sorted(codepoints)]).encode()).hexdigest()[:20]
        dest = cache / "supplement" / f"supplement-{key}.ttf"
        try:
            os.utime(dest)  # 记下最近一次使用，久未使用的才清理
        except FileNotFoundError:
            _prune_supplements(dest.parent)
            _write_font(file, codepoints, family, "Regular", dest)
        fonts.append((family, dest))
    return fonts


def _prune_supplements(folder: Path, max_age_s: float = 90 * 24 * 3600) -> None:
    """补字字体每份文档一个，很小；九十天没用过的删掉，免得越积越多。"""
    now = time.time()
    for path in folder.glob("supplement-*.ttf"):
        with contextlib.suppress(OSError):
            if now - path.stat().st_mtime > max_age_s:
                path.unlink()


# ---------------------------------------------------------------------------
# CSS


def _quoted(family: str) -> str:
    return '"' + family.replace("\\", "\\\\").replace('"', '\\"') + '"'


def font_families(supplements: Sequence[str] = ()) -> dict[str, str]:
    """每个角色在报告 CSS 里的 ``font-family`` 值。

    本角色字体在前，其余预备字体随后（某字体缺的字由别的预备字体补上，而不是落到
    未准备的系统字体），补字字体最后。
    """
    order = [r.family for r in ROLES if r.key == "song"] + [r.family for r in ROLES]
    families = {}
    for role in ROLES:
        stack = [role.family] + [f for f in dict.fromkeys(order) if f != role.family]
        families[role.key] = ", ".join(_quoted(f) for f in [*stack, *supplements])
    return families


def font_face_css(cache_dir: Path | str | None = None, text: str | None = None) -> str:
    """预备字体的 ``@font-face`` 规则，以及每个角色一个 CSS 变量 ``--gjj-font-<角色>``。

    给出 ``text``（文档全文）时，只在文档用到时才声明 GBK 扩展部分，并为预备字体缺的字
    生成、声明补字字体；不给时声明全部预备字体。
    模板写 ``font-family: var(--gjj-font-fangsong)``，或直接用 :func:`font_families`。
    """
    cache = prepare_fonts(cache_dir)
    manifest = _manifest(cache)
    parts = PARTS if text is None or _needs_extension(text, cache) else ("core",)
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
    supplements = _supplement_fonts(text, cache) if text else []
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


# ---------------------------------------------------------------------------
# 命令行


_OS_ERRORS = {
    errno.EACCES: "没有写权限",
    errno.EPERM: "没有写权限",
    errno.ENOENT: "目录不存在且无法创建",
    errno.ENOTDIR: "路径中有同名文件而不是目录",
    errno.EROFS: "文件系统只读",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "磁盘配额已满",
}


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m gjjgen.fonts``：准备字体缓存（供安装脚本调用）。"""
    parser = argparse.ArgumentParser(
        prog="python -m gjjgen.fonts",
        description="准备报告 PDF 用的中文字体缓存。")
    parser.add_argument("--cache-dir", type=Path, default=None,
                        help=f"缓存目录（默认取环境变量 {CACHE_ENV}，否则 ~/.cache/gjjgen/fonts）")
    parser.add_argument("--check", action="store_true", help="只检查系统字体，不生成缓存")
    parser.add_argument("--build-job", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build_job:  # 由 _run_jobs 在子进程里调用
        key, part, path, index, family, style, dest = json.loads(args.build_job)
        print(json.dumps(_build_role((key, part, path, index, family, style, dest))))
        return 0

    messages = check_fonts()
    if messages:
        for message in messages:
            print(f"错误：{message}", file=sys.stderr)
        return 1
    if args.check:
        print("系统字体齐全。")
        return 0
    target = Path(args.cache_dir).expanduser() if args.cache_dir else default_cache_dir()
    if not _manifest_is_fresh(target, _cached_manifest(target)):
        print(f"正在准备字体（只在首次或系统字体变化后进行，约需一两分钟）：{target}", flush=True)
    try:
        cache = prepare_fonts(args.cache_dir)
    except FontsMissingError as error:
        for message in error.messages:
            print(f"错误：{message}", file=sys.stderr)
        return 1
    except OSError as error:
        where = error.filename or args.cache_dir or default_cache_dir()
        reason = _OS_ERRORS.get(error.errno or 0, f"系统错误（errno {error.errno}）")
        print(f"错误：无法写入字体缓存 {where}：{reason}；"
              f"可用 --cache-dir 或环境变量 {CACHE_ENV} 指定别的目录。", file=sys.stderr)
        return 1
    manifest = _manifest(cache)
    print(f"字体已就绪：{cache}")
    for role in ROLES:
        entry = manifest["roles"][role.key]
        files = "、".join(entry["parts"][part]["file"] for part in PARTS)
        print(f"  {role.label}：{files}（取自 {entry['face']}，{entry['source']['path']}）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
