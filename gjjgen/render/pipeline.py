"""校验过的文档 → 一次渲染的输入（报告模型、HTML、设置）→ 各格式的字节。

命令行 ``gjjgen render`` 与程序接口（``gjjgen.prepare_report``、``gjjgen.render_outputs``）走同一条路：
选模板链（元数据“省份”选省份模板，再加用户模板目录）、合并设置、引用换成值、建报告模型、出 HTML；
DOCX、PDF 都由这同一份 HTML 得到。这里不校验（文档已经校验过），也不写文件。
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..checks.references import resolve_references
from ..document.model import Document
from ..report.model import build_report
from ..report.settings import load_settings
from ..spec.resources import Resources
from .html import render_html
from .layers import TemplateChain
from .registry import RenderInput, get_renderer


def prepare(
    document: Document,
    *,
    draft: bool = False,
    templates: Path | str | None = None,
    resources: Resources | None = None,
) -> RenderInput:
    """由校验过的文档得到一次渲染的输入。``templates`` 是中心自己的模板目录（没有就只用省份与全国
    通用模板）。模板或设置有误时抛 :class:`~gjjgen.render.layers.TemplateProblem` 或
    :class:`~gjjgen.report.settings.SettingsError`（中文说明，带位置与代码）。"""
    root = resources.templates_dir if resources else None
    chain = TemplateChain.build(province=document.meta.get("省份"), user=templates, root=root)
    settings = load_settings(chain.settings_dirs(), resources)
    report = build_report(resolve_references(document), draft=draft, settings=settings)
    html = render_html(report, settings, chain=chain)
    return RenderInput(report=report, html=html, settings=settings, document=document)


def render_formats(job: RenderInput, formats: Iterable[str]) -> dict[str, bytes]:
    """按名称（``html``、``docx``、``pdf``、``json``、``csv``）生成各格式文件的字节。"""
    return {name: get_renderer(name).render(job) for name in formats}
