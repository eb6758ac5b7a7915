"""生成一份报告的整条流水线：校验 → 报告模型 → HTML → 各格式 → 原子写入。

``gjjgen render`` 处理一份文件、批量生成的工作进程处理每一份，都调用 :func:`render_file`；
它把单个文件时命令行上的文字写到 ``out``，并把校验结果与写出的文件记在返回值里（批量的
汇总表用）。写文件是原子的：先写到目标目录里的临时文件再改名，失败时不会留下半个文件，
也不会弄坏已有的同名文件；输入文件只读不写。
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from ..checks.arithmetic import unfinished_parts
from ..checks.validate import Validation, validate_file
from ..files import os_error_text, write_atomic
from ..problems.codes import problem_line
from ..problems.findings import summary
from ..problems.text import display


@dataclass(frozen=True)
class RenderRequest:
    """要生成什么：数据文件、格式、输出目录（None 为数据文件所在目录）、草稿、模板目录。"""

    source: Path
    formats: tuple[str, ...]
    output: str | None = None
    draft: bool = False
    templates: str | None = None
    quiet: bool = False


DRAFT_SUFFIX = "-草稿"
"""草稿文件名的后缀：草稿与正式报告放在同一目录也不会互相覆盖。"""


@dataclass
class RenderOutcome:
    """生成一份的结果：退出码（0 成功，1 有错误或有格式没生成）、校验结果、写出的文件。"""

    code: int = 1
    validation: Validation | None = None
    outputs: list[str] = field(default_factory=list)


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} B"


def render_file(request: RenderRequest, worker: Any = None, out: TextIO | None = None) -> RenderOutcome:
    """生成一份。``worker`` 是已启动的排版子进程（:mod:`.worker`），没有时在本进程里排 PDF。"""
    out = out or sys.stdout
    source = request.source
    validation = validate_file(source)
    outcome = RenderOutcome(validation=validation)
    for problem in validation.problems:
        if problem.is_error or not request.quiet:
            out.write(problem.format() + "\n")
    if validation.problems and (validation.errors or not request.quiet):
        out.write(summary(validation.problems) + "\n")
    if validation.document is None:
        out.write(problem_line(str(source), "RENDER-NO-DATA", "数据文件无法读懂，未生成报告；请先按上面的提示修改") + "\n")
        return outcome
    if validation.errors and not request.draft:
        message = f"数据有 {len(validation.errors)} 个错误，未生成报告；请修正后重试，或加 --draft 生成带“草稿”水印的版本"
        out.write(problem_line(str(source), "RENDER-REFUSED", message) + "\n")
        return outcome
    unfinished = unfinished_parts(validation.document)
    if unfinished and not request.draft:
        parts = "、".join(f"「{title}」" for _, title in unfinished)
        message = f"法定的部分还没有写完（{parts}），未生成报告；请写完后重试，或加 --draft 生成带“草稿”水印的版本"
        out.write(problem_line(str(source), "RENDER-UNFINISHED", message) + "\n")
        return outcome

    target = Path(request.output) if request.output else source.resolve().parent
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        out.write(problem_line(str(target), "RENDER-OUTDIR", f"无法创建输出目录：{os_error_text(exc)}") + "\n")
        return outcome
    job = _render_input(request, validation, out)
    if job is None:
        return outcome
    failed = _write_formats(request, job, target, worker, out, outcome.outputs)
    if request.draft:
        out.write("注意：这是草稿，每页带“草稿”水印，不能作为正式报告发布。\n")
    outcome.code = 1 if failed else 0
    return outcome


def _render_input(request: RenderRequest, validation: Validation, out: TextIO) -> Any:
    """模板链、设置、报告模型、HTML；模板目录、模板或设置有问题时说明并返回 None。"""
    from .prepare import PrepareError, prepare
    from .registry import RenderInput

    document = validation.document
    assert document is not None
    try:
        prepared = prepare(document, validation.loaded, draft=request.draft, templates=request.templates)
    except PrepareError as exc:
        out.write(f"{exc}\n")
        return None
    for note in prepared.report.file_stem_notes:
        out.write(problem_line(str(request.source), "RENDER-NAME", note) + "\n")
    return RenderInput(report=prepared.report, html=prepared.html, settings=prepared.settings, document=document)


def _write_formats(
    request: RenderRequest, job: Any, target: Path, worker: Any, out: TextIO, outputs: list[str]
) -> bool:
    """逐个格式生成并写出（PDF 交给排版子进程时与其余格式同时进行）；返回是否有格式失败。"""
    from .registry import get_renderer, pdf_task

    in_worker = False
    if worker is not None and "pdf" in request.formats:
        args, kwargs = pdf_task(job)
        in_worker = worker.submit(*args, **kwargs)
    failed = False
    for name in request.formats:
        renderer = get_renderer(name)
        path = target / f"{job.report.file_stem}{DRAFT_SUFFIX if request.draft else ''}{renderer.suffix}"
        try:
            data = worker.result() if in_worker and name == "pdf" else renderer.render(job)
            write_atomic(path, data, overwrite=True)
        except OSError as exc:
            failed = True
            out.write(problem_line(str(path), "RENDER-WRITE", f"无法写入{renderer.label}：{os_error_text(exc)}") + "\n")
            continue
        except Exception as exc:
            messages = getattr(exc, "messages", None)
            if not messages:
                raise  # 意料之外的失败是程序错误：保留回溯，便于报告
            failed = True  # 意料之中的失败（如缺字体）：说明原因，继续生成其余格式
            out.write(display(f"{path}: 错误: 未生成{renderer.label}：") + "\n")
            for message in messages:
                out.write(f"  {display(message)}\n")
            continue
        outputs.append(str(path))
        out.write(display(f"已生成{renderer.label}：{path}（{_size(len(data))}）") + "\n")
    return failed
