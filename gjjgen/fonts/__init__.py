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
- ``fangsong`` 正文（仿宋_GB2312）→ FandolFang（Fandol 字体组的仿宋，GPL 加字体例外）。
  覆盖 GB 2312 全部 6763 个汉字与五份示例的全部文字。Debian 没有单独的软件包，它在
  texlive-lang-chinese 里：``setup.sh``（``.ci/setup-fangsong.sh``）用 apt 取下那个软件包，
  只解出这一个字体文件装进本机字体目录。Debian 唯一的仿宋包 cwTeX 仿宋（fonts-cwtex-fs）
  只有繁体字形，简体常用字（开 报 办 结 转 续……）大量缺失，不能用；朱雀仿宋（OFL）
  只在 npm 上以网页字体切片发布（@chinese-fonts/zqfs），安装所用的软件源里没有它。
- ``fangsong_fill`` 正文缺字补充 → AR PL UMing CN（fonts-arphic-uming）：只收 FandolFang
  没有的字（GBK 扩展部分的一万多个生僻字），排在仿宋之后；准备字体时会说明缺多少。
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

from .cache import default_cache_dir, prepare_fonts
from .cli import main
from .coverage import uncovered_chars, unrenderable_chars
from .css import font_config, font_face_css, font_families
from .model import (
    CACHE_ENV,
    FALLBACK_FACES,
    FORMAT_VERSION,
    MANIFEST,
    ROLES,
    Face,
    FontFile,
    FontsMissingError,
    Role,
)
from .repertoire import PARTS, core_repertoire, repertoire
from .sources import check_fonts, find_face

__all__ = [
    "CACHE_ENV",
    "FALLBACK_FACES",
    "FORMAT_VERSION",
    "MANIFEST",
    "PARTS",
    "ROLES",
    "Face",
    "FontFile",
    "FontsMissingError",
    "Role",
    "check_fonts",
    "core_repertoire",
    "default_cache_dir",
    "find_face",
    "font_config",
    "font_face_css",
    "font_families",
    "main",
    "prepare_fonts",
    "repertoire",
    "uncovered_chars",
    "unrenderable_chars",
]
