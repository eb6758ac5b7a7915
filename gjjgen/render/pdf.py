"""HTML → PDF：WeasyPrint 排同一份报告 HTML，字体用预先准备的 TrueType 字体。

为什么这样做：直接用系统的 Noto CJK 字体集，嵌字体（子集化）很慢——WeasyPrint 退回
fontTools 时一份报告要十几秒，用 HarfBuzz 时也让 PDF 大一倍多。``gjjgen.fonts`` 预先把
各角色的字体转成小的 TrueType 字体；这里只在 HTML 之外加一张样式表：这些字体的
``@font-face``，以及把模板里的字体变量（``--font-body`` 等）指向它们。HTML 本身不变，
DOCX 与 HTML 文件里仍是 Word/WPS 的字体名。实测数字见 ``bench/bench_render.py``。

缺字体、或文档里有任何字体都排不出的字时拒绝出 PDF，并用中文说明要装什么、哪个字
排不出——绝不产出带空洞（“豆腐块”）的 PDF。
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .. import fonts
from ..report.settings import Settings, load_settings
from .archive import RENDER_OPTIONS, ArchiveInfo, add_output_intent, write_options
from .fetch import FontsOnlyFetcher
from .htmltree import parse_html

ROLE_FONTS = {
    "title": "title",
    "body": "fangsong",
    "heading": "heading",
    "kai": "kai",
    "song": "song",
    "table": "fangsong",
}
"""模板的字体角色 → ``gjjgen.fonts`` 预备字体的角色。"""

PAGE_NUMBER_CHARS = "— 0123456789"
"""页码（``@page`` 边栏里生成的文字）用到的字符：不在 HTML 正文里，也要检查。"""


class PdfError(Exception):
    """不能出 PDF 的原因（中文，一条一行），每条带稳定的代码。"""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


def document_text(html: str) -> str:
    """PDF 里会排出的全部文字：正文（含草稿水印）与页码。"""
    return parse_html(html).text() + PAGE_NUMBER_CHARS


def _where(html_text: str, char: str) -> str:
    index = html_text.find(char)
    if index < 0:
        return ""
    snippet = html_text[max(0, index - 8) : index + 9].replace("\n", " ").strip()
    return f"，出现在“{snippet}”"


def check_pdf_fonts(html: str, cache_dir: Path | None = None, text: str | None = None) -> Path:
    """确认字体齐全、文档的每个字都有字形；返回预备字体的缓存目录，否则抛 :class:`PdfError`。

    ``text`` 是 :func:`document_text` 的结果（已算好时传入，免得再解析一遍 HTML）。"""
    missing = fonts.check_fonts()
    if missing:
        raise PdfError([f"{m} [PDF-FONT-MISSING]" for m in missing])
    try:
        cache = fonts.prepare_fonts(cache_dir)
    except fonts.FontsMissingError as exc:
        raise PdfError([f"{m} [PDF-FONT-MISSING]" for m in exc.messages]) from exc
    bad = fonts.unrenderable_chars(text if text is not None else document_text(html), cache)
    if bad:
        body = parse_html(html).text()
        raise PdfError(
            [
                f"字符“{c}”（U+{ord(c):04X}）在已安装的中文字体里都没有字形{_where(body, c)}；"
                "请改用常用字，或安装包含该字的字体后重试 [PDF-GLYPH-MISSING]"
                for c in bad
            ]
        )
    return cache


def pdf_stylesheet(settings: Settings, cache: Path, text: str) -> str:
    """预备字体的 ``@font-face`` 与字体变量。用户样式表里的 ``!important`` 压过模板的变量。"""
    faces = fonts.font_face_css(cache, text)
    stacks = settings.font_stacks()
    variables = "".join(
        f"\n  --font-{role}: var(--gjj-font-{ROLE_FONTS.get(role, 'song')}), {stack} !important;"
        for role, stack in stacks.items()
    )
    return f"{faces}:root {{{variables}\n}}\n"


def render_pdf(
    html: str,
    *,
    settings: Settings | None = None,
    cache_dir: Path | None = None,
    base_url: str | None = None,
    archive: ArchiveInfo | None = None,
) -> bytes:
    """报告 HTML → PDF/A-3b 字节串（带标签；``archive`` 给出附件与法定格式，见
    :mod:`gjjgen.render.archive`）。标题、作者、日期取自 HTML 的 ``<title>`` 与 ``<meta>``
    （由报告模型按数据填写）；文件标识由内容决定，两次生成逐字节相同。"""
    from ..fonts import font_config as shared_font_config
    from .justify import inter_character_justification
    from .pdfwrite import serialize_once
    from .process import import_weasyprint, temp_in_scratch

    weasyprint = import_weasyprint()
    settings = settings or load_settings()
    text = document_text(html)
    cache = check_pdf_fonts(html, cache_dir, text)
    # 预备字体只在每个进程里注册一次（复制字体文件、fontconfig 扫描）；同一进程里的
    # 后续 PDF 直接复用。复制的字体落在本进程的临时目录里，进程结束时删除。
    digest = hashlib.sha256(html.encode("utf-8"))
    for item in archive.attachments if archive else ():
        digest.update(item.data)
    identifier = digest.hexdigest()[:32].encode("ascii")
    with temp_in_scratch(), inter_character_justification():
        font_config = shared_font_config(cache)
        fetcher = FontsOnlyFetcher(cache)  # 只取预备字体：不连网、不读别的文件（见 fetch.py）
        css = weasyprint.CSS(
            string=pdf_stylesheet(settings, cache, text), font_config=font_config, url_fetcher=fetcher
        )
        document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
            stylesheets=[css], font_config=font_config, **RENDER_OPTIONS
        )
        add_output_intent(document)
        with serialize_once():
            return document.write_pdf(pdf_identifier=identifier, **write_options(archive))
