"""每种批量任务一个函数：拿一份数据文件的路径与选项，返回 :class:`FileResult`。

加一种任务（如读入已发布的年报）就是在这里写一个函数、登记进 :data:`JOBS`：``run`` 在
工作进程里对每份文件调用一次；``warm`` 在工作进程启动时调用一次，把慢的导入与准备做掉。
任务函数与选项都要能 pickle（选项用普通的 dict）。任务函数里意料之外的异常由
:mod:`.pool` 接住，记作这份文件的程序错误，不影响其余文件。
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .inputs import DATA_FILES, PUBLISHED_REPORTS, InputKind
from .results import FileResult


@dataclass(frozen=True)
class JobKind:
    """一种任务：名称、每份文件做什么、工作进程启动时先准备什么。"""

    name: str
    run: Callable[[str, dict[str, Any]], FileResult]
    warm: Callable[[], None]
    inline_below: int = 0
    """不到这么多份（或只要一个进程）时就在主进程里做：起工作进程的约一秒比省下的多。
    生成（``render``）、导入（``import``）总在工作进程里做：主进程被杀时，排版、LibreOffice
    转换留下的临时文件由工作进程删除。"""
    inputs: InputKind = DATA_FILES
    """给目录时取其中哪些文件。"""


def describe(path: str, validation: Any) -> FileResult:
    """由校验结果填好一行的机关、年度、格式与问题。"""
    result = FileResult(file=path, problems=list(validation.problems))
    document = validation.document
    if document is not None:
        result.agency = document.agency
        result.year = document.year or None
    spec = document.spec if document is not None else validation.spec
    result.format = spec.id if spec is not None else ""
    return result


# ---------------------------------------------------------------- validate


def warm_validate() -> None:
    from ..checks.validate import validate_file  # noqa: F401  导入校验所需的全部模块


def validate_one(path: str, options: dict[str, Any]) -> FileResult:
    """``gjjgen validate`` 对一份文件做的事；``log`` 是它会打印的问题行。

    已发布的报告（网页、DOCX、PDF、文字）先在内存里导入再校验，问题按原文位置列出。"""
    from ..checks.validate import validate_file
    from ..published import import_document
    from ..published.audit import is_published

    if is_published(path):
        imported = import_document(path, use_attachment=bool(options.get("use_attachment", True)))
        if imported.validation is not None:
            result = describe(path, imported.validation)
        else:
            result = FileResult(file=path)
        result.problems = list(imported.problems)
    else:
        result = describe(path, validate_file(path, previous=options.get("previous")))
    errors = [problem for problem in result.problems if problem.is_error]
    shown = errors if options.get("quiet") else result.problems
    result.log = "".join(problem.format() + "\n" for problem in shown)
    result.failed = bool(errors) or bool(options.get("strict") and result.problems)
    return result


# ---------------------------------------------------------------- render


def warm_render() -> None:
    """导入 WeasyPrint、python-docx、Jinja，准备字体并注册进 WeasyPrint 的字体配置。"""
    warm_validate()
    from ..render import docx, html  # noqa: F401
    from ..render.process import warm_pdf_engine

    warm_pdf_engine()


def render_one(path: str, options: dict[str, Any]) -> FileResult:
    """``gjjgen render`` 对一份文件做的事（PDF 在本进程里排：工作进程已预热）。"""
    from ..render.pipeline import RenderRequest, render_file

    request = RenderRequest(
        source=Path(path),
        formats=tuple(options["formats"]),
        output=options.get("output"),
        draft=bool(options.get("draft")),
        quiet=bool(options.get("quiet")),
        templates=options.get("templates"),
    )
    log = io.StringIO()
    outcome = render_file(request, out=log)
    result = describe(path, outcome.validation) if outcome.validation else FileResult(file=path)
    result.log = log.getvalue()
    result.outputs = outcome.outputs
    result.failed = outcome.code != 0
    return result


# ---------------------------------------------------------------- collect (summary)


def collect_one(path: str, options: dict[str, Any]) -> FileResult:
    """读入并校验一份（不做跨年度核对：汇总自己配对各年），带回文档供汇总。"""
    from ..checks.validate import validate_file

    validation = validate_file(path, yearly=False)
    result = describe(path, validation)
    result.document = validation.document
    result.failed = validation.document is None
    return result


# ---------------------------------------------------------------- import


def warm_import() -> None:
    """导入读网页、DOCX、PDF 的库（lxml、python-docx、pdfplumber、pypdfium2）与校验。"""
    warm_validate()
    import pdfplumber  # noqa: F401
    import pypdfium2  # noqa: F401

    from ..published import extract_docx, extract_html, extract_pdf, output  # noqa: F401


def import_one(path: str, options: dict[str, Any]) -> FileResult:
    """``gjjgen import`` 对一份已发布的报告做的事：导入、写出数据文件与旁注。数据文件名事先统一
    定好（``output``，改了名时 ``renamed`` 是说明，见 :func:`gjjgen.published.output.plan_outputs`）。

    LibreOffice 转换的临时目录落在本进程自己的临时目录里：主进程被杀时一并删掉。"""
    from ..published.output import ImportRequest, import_to_file
    from ..render.process import temp_in_scratch

    request = ImportRequest(
        source=Path(path),
        output=Path(options["output"]),
        force=bool(options.get("force")),
        use_attachment=bool(options.get("use_attachment", True)),
        renamed=str(options.get("renamed", "")),
        quiet=bool(options.get("quiet")),
        brief=True,
    )
    log = io.StringIO()
    with temp_in_scratch():
        outcome = import_to_file(request, out=log)
    imported = outcome.result
    result = describe(path, imported.validation) if imported.validation else FileResult(file=path)
    if imported.spec is not None:
        result.format = imported.spec.id
    result.problems = outcome.problems
    result.verdict = imported.verdict
    result.outputs = outcome.outputs
    result.log = log.getvalue()
    result.failed = outcome.code != 0
    return result


JOBS: dict[str, JobKind] = {
    kind.name: kind
    for kind in (
        JobKind("validate", validate_one, warm_validate, inline_below=40),
        JobKind("render", render_one, warm_render),
        JobKind("collect", collect_one, warm_validate, inline_below=40),
        JobKind("import", import_one, warm_import, inputs=PUBLISHED_REPORTS),
    )
}
"""登记的任务种类。"""
