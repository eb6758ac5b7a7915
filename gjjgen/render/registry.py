"""输出格式的登记表：名称、文件后缀、渲染函数，一目了然。

为什么是显式的元组而不是自动发现：三种格式的先后、名称、后缀是命令行的一部分
（``-f html,docx,pdf``），写在一处，读代码的人一眼就能看全。每个渲染函数只接收同一份
HTML（以及报告模型与设置），重依赖（python-docx、WeasyPrint）在函数里才导入。
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..document.model import Document
from ..report.model import Report
from ..report.settings import Settings

if TYPE_CHECKING:
    from .archive import ArchiveInfo


@dataclass(frozen=True)
class RenderInput:
    """一次渲染的输入：报告模型、由它生成的 HTML、模板设置。"""

    report: Report
    html: str
    settings: Settings
    document: Document | None = None
    """校验过的文档（统计表数据 json、csv 由它导出）。"""


@dataclass(frozen=True)
class Renderer:
    """一种输出格式。``render`` 返回文件的全部字节。"""

    name: str
    suffix: str
    label: str
    render: Callable[[RenderInput], bytes]


def render_html_bytes(job: RenderInput) -> bytes:
    """HTML 文件：模板输出本身（UTF-8，样式内嵌）。"""
    return job.html.encode("utf-8")


def render_docx_bytes(job: RenderInput) -> bytes:
    """DOCX：由同一份 HTML 翻译；文档属性的时间取自数据（成文日期），不取当前时间。"""
    from .docx import DocxSettings, render_docx

    settings = DocxSettings.from_template_settings(job.settings)
    created = dt.date.fromisoformat(job.report.created)
    stamp = dt.datetime(created.year, created.month, created.day, tzinfo=dt.timezone.utc)
    return render_docx(job.html, dataclasses.replace(settings, timestamp=stamp))


def pdf_archive_info(job: RenderInput) -> ArchiveInfo:
    """PDF 存档信息：法定格式，以及（有校验过的文档时）数据文件原样与统计表 JSON 两个附件。"""
    from .archive import ArchiveInfo, report_attachments

    report = job.report
    document = job.document
    attachments: tuple = ()
    if document is not None and document.loaded is not None and document.loaded.content:
        from .export import tables_json

        attachments = report_attachments(
            document.path.name, document.loaded.content, tables_json(document))
    return ArchiveInfo(
        attachments=attachments, format_id=report.spec_id, format_name=report.spec_name,
        format_basis=document.spec.basis if document is not None else "",
        year=report.year, date=report.created)


def pdf_arguments(job: RenderInput) -> tuple[str, dict[str, Any]]:
    """:func:`gjjgen.render.pdf.render_pdf` 的参数：HTML，与设置、存档信息（附件在调用方的进程里算好）。

    本进程排 PDF（:func:`render_pdf_bytes`）与交给排版子进程（:func:`pdf_task`）都用它，两条路的
    调用只写在这一处。"""
    return job.html, {"settings": job.settings, "archive": pdf_archive_info(job)}


def render_pdf_bytes(job: RenderInput) -> bytes:
    """PDF：WeasyPrint 排同一份 HTML，字体用预先准备的字体；PDF/A-3b，内附数据文件与统计表 JSON。"""
    from .pdf import render_pdf

    html, options = pdf_arguments(job)
    return render_pdf(html, **options)


PDF_TARGET = "gjjgen.render.pdf:render_pdf"
"""排版子进程里排 PDF 的函数（按名称交出，主进程不导入 WeasyPrint）。"""


def pdf_task(job: RenderInput) -> tuple[tuple[str, str], dict[str, Any]]:
    """交给排版子进程的 PDF 任务（子进程是整条命令最长的一段路，它只排版、写 PDF）。返回
    ``(位置参数, 关键字参数)``，交给 :meth:`gjjgen.render.worker.Worker.submit`。"""
    html, options = pdf_arguments(job)
    return (PDF_TARGET, html), options


def render_json_bytes(job: RenderInput) -> bytes:
    """统计表数据（JSON）：一格一条，稳定的键、法定名称、算出的合计，未填为 null。"""
    from .export import tables_json

    assert job.document is not None
    return tables_json(job.document).encode("utf-8")


def render_csv_bytes(job: RenderInput) -> bytes:
    """统计表数据（CSV）：带 BOM 的 UTF-8，Excel 直接打开不乱码。"""
    from .export import tables_csv

    assert job.document is not None
    return tables_csv(job.document).encode("utf-8-sig")


RENDERERS: tuple[Renderer, ...] = (
    Renderer("html", ".html", "网页（HTML）", render_html_bytes),
    Renderer("docx", ".docx", "Word 文档（DOCX）", render_docx_bytes),
    Renderer("pdf", ".pdf", "PDF", render_pdf_bytes),
    Renderer("json", ".json", "统计表数据（JSON）", render_json_bytes),
    Renderer("csv", ".csv", "统计表数据（CSV）", render_csv_bytes),
)
"""全部输出格式，按默认的生成顺序。"""


def renderer_names() -> tuple[str, ...]:
    return tuple(r.name for r in RENDERERS)


def get_renderer(name: str) -> Renderer:
    """按名称取渲染器；名称不认识时抛 ``KeyError``。"""
    for renderer in RENDERERS:
        if renderer.name == name:
            return renderer
    raise KeyError(name)
