"""gjjgen：政府信息公开工作年度报告的数据校验与排版工具。

给别的程序（批量处理、服务）用的三个调用，与命令行 ``gjjgen validate``、``gjjgen render`` 走同一条路::

    import gjjgen

    validation = gjjgen.validate_file("2023.yaml")          # 校验：任何输入都不抛异常
    for problem in validation.problems:                      # 每条问题带位置、中文说明、稳定代码
        print(problem.format())
    prepared = gjjgen.prepare_report(validation)             # 报告模型与 HTML（数据有错误时拒绝）
    files = gjjgen.render_outputs(prepared, ("html", "docx", "pdf"))   # 格式名 → 文件字节
    name = prepared.report.file_stem                         # “机关名称-年度年政府信息公开工作年度报告”

重的依赖（Jinja、python-docx、WeasyPrint）在调用时才导入，``import gjjgen`` 本身很快。
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .checks.validate import Validation
    from .render.registry import RenderInput
    from .spec.resources import Resources

__version__ = "0.1.0"

__all__ = ["ReportRefused", "prepare_report", "render_outputs", "validate_file"]


class ReportRefused(Exception):
    """数据无法读懂，或有错误而没有要求草稿：不生成报告。``str()`` 是给用户看的一行（带代码）。"""


def validate_file(
    path: str | Path, previous: str | Path | None = None, *, resources: Resources | None = None
) -> Validation:
    """校验一个数据文件，一次得到全部问题（``.problems``、``.errors``）与文档（``.document``，
    数据无法读懂时为 ``None``）。``previous`` 是跨年度核对用的上年数据文件（不给时用元数据
    “上年数据”）；``resources`` 换一套格式文件与模板（不给时用程序自带的）。"""
    from .checks.validate import validate_file as validate

    return validate(path, previous, resources=resources)


def prepare_report(
    validation: Validation,
    *,
    draft: bool = False,
    templates: str | Path | None = None,
    resources: Resources | None = None,
) -> RenderInput:
    """由校验结果得到报告模型（``.report``）与 HTML（``.html``），供 :func:`render_outputs` 使用。

    ``templates`` 是中心自己的模板目录，不给时用元数据“模板目录”（相对数据文件）。数据无法读懂，
    或有错误而 ``draft`` 为假时抛 :class:`ReportRefused`；``draft`` 为真时每页带“草稿”水印。
    模板目录不存在、模板或设置有误时抛 ``gjjgen.render.prepare.PrepareError``（``str()`` 是带代码的一行）。
    """
    from .problems.codes import problem_line
    from .render.prepare import prepare
    from .render.registry import RenderInput

    source = validation.loaded.path
    document = validation.document
    if document is None:
        raise ReportRefused(problem_line(str(source), "RENDER-NO-DATA", "数据文件无法读懂，未生成报告"))
    if validation.errors and not draft:
        message = f"数据有 {len(validation.errors)} 个错误，未生成报告；请修正后重试，或生成草稿"
        raise ReportRefused(problem_line(str(source), "RENDER-REFUSED", message))
    prepared = prepare(document, validation.loaded, draft=draft, templates=templates, resources=resources)
    return RenderInput(report=prepared.report, html=prepared.html, settings=prepared.settings, document=document)


def render_outputs(prepared: RenderInput, formats: Iterable[str] = ("html", "docx", "pdf")) -> dict[str, bytes]:
    """生成各格式文件的字节：格式名（``html``、``docx``、``pdf``、``json``、``csv``）→ 字节。
    文件名用 ``prepared.report.file_stem`` 加后缀；写文件由调用方决定（可用 ``gjjgen.files``）。
    缺字体等意料之中的失败抛出带 ``.messages``（中文说明）的异常。"""
    from .render.registry import get_renderer

    return {name: get_renderer(name).render(prepared) for name in formats}
