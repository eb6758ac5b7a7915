"""校验过的数据 → 模板链、设置、报告模型与 HTML：``gjjgen render`` 与 ``gjjgen serve`` 共用。

为什么单独成模块：实时预览显示的必须就是将要发布的那份 HTML。两处若各写一遍“找模板目录、
合并设置、组装报告、渲染模板”，迟早会有一处少了一步（比如忘了元数据“模板目录”），预览
与成品就不一样了。这里只做这几步，不写文件、不打印；出错时抛 :class:`PrepareError`，
消息是与其他问题同样格式的一行中文。
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..checks.references import resolve_references
from ..document.model import Document
from ..problems.codes import problem_line
from ..report.model import Report, build_report
from ..report.settings import Settings, SettingsError, load_settings
from ..source.datafile import Loaded
from ..spec.resources import Resources
from .html import render_html
from .layers import TemplateChain, TemplateProblem


class PrepareError(Exception):
    """模板目录不存在、模板或设置写错：``str(exc)`` 是给用户看的一行（带位置与代码）。"""


@dataclass(frozen=True)
class Prepared:
    """一次准备的结果：报告模型与它的 HTML，以及所用的设置与模板链。"""

    report: Report
    html: str
    settings: Settings
    chain: TemplateChain


def user_templates(document: Document, loaded: Loaded, explicit: Path | str | None) -> Path | None:
    """中心自己的模板目录：命令行给的优先，其次是元数据“模板目录”（相对数据文件）。"""
    if explicit:
        return Path(explicit)
    custom = document.meta.get("模板目录")
    if not custom:
        return None
    directory = (Path(loaded.path).resolve().parent / str(custom)).resolve()
    if not directory.is_dir():
        line, col = loaded.mark(("元数据", "模板目录"))
        message = f"模板目录“{custom}”不存在（按数据文件所在目录找的是 {directory}）"
        raise PrepareError(problem_line(f"{loaded.path}:{line}:{col}", "RENDER-TEMPLATE-DIR", message))
    return directory


def prepare(
    document: Document,
    loaded: Loaded,
    *,
    draft: bool,
    templates: Path | str | None = None,
    resources: Resources | None = None,
) -> Prepared:
    """按模板链渲染报告的 HTML；同一份数据、模板与设置总是得到同样的文字。``resources`` 是全国
    通用模板与省份模板所在（不给时用程序自带的）。"""
    user = user_templates(document, loaded, templates)
    root = resources.templates_dir if resources else None
    try:
        chain = TemplateChain.build(province=document.meta.get("省份"), user=user, root=root)
        settings = load_settings(chain.settings_dirs(), resources)
        report = build_report(resolve_references(document), draft=draft, settings=settings)
        html = render_html(report, settings, chain=chain)
    except SettingsError as exc:
        raise PrepareError(exc.report_line) from None
    except TemplateProblem as exc:
        raise PrepareError(str(exc)) from None
    return Prepared(report, html, settings, chain)
