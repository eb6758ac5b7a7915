"""字体的数据：源字面、报告用的字体角色、缓存格式版本。"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

#: 准备方式一变（字符集、转换参数、表结构），缓存就要重建。
FORMAT_VERSION = 5  # 5：正文仿宋改用 FandolFang（另有补缺字体），CFF 转换改用 500 单位
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
    #: 缺这个字面时告诉用户怎么装；空时说“安装 Debian 软件包 package”。
    install: str = ""


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
    #: 补缺角色：只收 ``fills`` 所指角色的字面没有的字（仍按本角色的字面取字形）。
    fills: str | None = None


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
FANDOL_FANG = Face(
    "FandolFang", "Regular", "texlive-lang-chinese",
    ("/usr/local/share/fonts/fandol/FandolFang-Regular.otf",
     "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/FandolFang-Regular.otf"),
    install="运行 ./setup.sh（它从 Debian 软件包 texlive-lang-chinese 中只取出这一个字体文件，"
            "见 .ci/setup-fangsong.sh）",
)
UKAI_CN = Face(
    "AR PL UKai CN", "Book", "fonts-arphic-ukai",
    ("/usr/share/fonts/truetype/arphic/ukai.ttc",))

ROLES: tuple[Role, ...] = (
    Role("title", "标题（小标宋）", "GJJ Title", 700, NOTO_SERIF_BOLD),
    Role("fangsong", "正文（仿宋）", "GJJ FangSong FandolFang", 400, FANDOL_FANG),
    Role("fangsong_fill", "正文（仿宋）缺字补充", "GJJ FangSong Fill UMing", 400, UMING_CN,
         fills="fangsong"),
    Role("heading", "一级标题（黑体）", "GJJ Hei", 700, NOTO_SANS_BOLD),
    Role("kai", "二级标题（楷体）", "GJJ Kai", 400, UKAI_CN),
    Role("song", "页码（宋体）", "GJJ Song", 400, NOTO_SERIF_REGULAR),
)

#: 补字时依次尝试的字面：覆盖面最大的在前。
FALLBACK_FACES: tuple[Face, ...] = (
    NOTO_SERIF_REGULAR, NOTO_SANS_BOLD, UMING_CN, UKAI_CN, FANDOL_FANG)



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


#: 一个生成任务：角色、部分（core/ext）、源文件、字面序号、族名、样式名、目标文件，
#: 以及不收哪个字面已有的字（补缺角色：``[文件, 序号]``，否则 None）。
Job = tuple[str, str, str, int, str, str, str, list | None]
