"""一次预览：读数据文件、校验、生成将要发布的 HTML，并把每条问题对应到预览里的位置。

与 ``gjjgen render`` 走同一条路（:func:`gjjgen.validate.validate_file` →
:func:`gjjgen.render.prepare.prepare`），所以预览就是成品；有错误时照 ``--draft`` 生成，页上印
“草稿”水印。数据文件读不懂（YAML 写错、文件被删）或模板出错时没有新的 HTML：页面保留上一次
的预览（变灰），上方显示问题。这里从不抛异常给服务器——意料之外的失败也变成一条问题。
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..checks.validate import Validation, validate_file
from ..checks.yearly import previous_path
from ..document.passages import source_text
from ..problems.findings import LEVEL_WORDS, Problem, summary
from ..render.prepare import PrepareError, prepare, user_templates
from .places import annotate, hooks_for

PREVIEW_STYLESHEET = '<link rel="stylesheet" href="/assets/sheet.css">'
"""预览里的 HTML 只多这两行（在 ``</head>`` 前）：纸面与页边距（取自合并后的设置）、问题的高亮。"""


def page_style(css: dict[str, str]) -> str:
    """纸面的尺寸与页边距：省份或中心改了设置，预览的纸面跟着变。"""
    names = ("page_height", "margin_top", "margin_right", "margin_bottom", "margin_left")
    values = "; ".join(f"--gj-{name.replace('_', '-')}: {css[name]}" for name in names)
    return f"<style>:root {{ {values}; }}</style>"


@dataclass
class Snapshot:
    """一次预览的结果，原样交给页面（见 :meth:`payload`）。``html`` 为 None 表示这次没有
    新的报告（数据读不懂或模板出错），页面沿用上一次的并变灰。"""

    status: str
    """ok：没有错误；draft：有错误，按草稿生成；broken：没有生成。"""
    headline: str
    problems: list[dict[str, Any]] = field(default_factory=list)
    html: str | None = None
    files: tuple[Path, ...] = ()
    """这次读到的、改了就要重新生成的文件：数据文件、上年数据、模板目录里的文件。"""

    def payload(self, version: int, html_version: int) -> dict[str, Any]:
        return {
            "version": version,
            "html_version": html_version,
            "status": self.status,
            "headline": self.headline,
            "problems": self.problems,
        }


def source_lines(path: Path) -> list[str]:
    """数据文件的各行；读不了时为空。"""
    try:
        return source_text(path).splitlines()
    except OSError:
        return []


def _problem_json(problem: Problem, lines: list[str], hooks: list[str]) -> dict[str, Any]:
    text = lines[problem.line - 1] if 0 < problem.line <= len(lines) else ""
    return {
        "level": problem.level,
        "level_word": LEVEL_WORDS[problem.level],
        "code": problem.code,
        "message": problem.message,
        "line": problem.line,
        "col": problem.col,
        "source": text,
        "hooks": hooks,
    }


def _watched(source: Path, validation: Validation, templates: Path | None, previous: Path | None) -> tuple[Path, ...]:
    """改了就要重新生成的文件：数据文件、上年数据、中心模板目录里的模板与设置。"""
    files = [source]
    doc = validation.document
    if doc is None:
        return tuple(files)
    previous_file, _missing = previous_path(doc, previous)
    if previous_file is not None:
        files.append(previous_file)
    try:
        custom = user_templates(doc, validation.loaded, templates)
    except PrepareError:
        custom = None  # 模板目录不存在：问题由生成报告，数据文件一改就再看
    if custom is not None and custom.is_dir():
        files += sorted(p for p in custom.iterdir() if p.suffix in (".j2", ".yaml", ".css"))
    return tuple(files)


def build(source: Path, templates: Path | None = None, previous: Path | None = None) -> Snapshot:
    """生成一次预览。任何输入都得到一个 :class:`Snapshot`，不抛异常。"""
    try:
        return _build(source, templates, previous)
    except Exception:  # 程序错误：照样给页面一条消息，详情留在终端
        traceback.print_exc()
        return Snapshot("broken", "生成预览时程序出错（详情见终端）；请把终端里的信息报告给维护者", files=(source,))


def _build(source: Path, templates: Path | None, previous: Path | None) -> Snapshot:
    validation = validate_file(source, previous=previous)
    lines = source_lines(source)
    files = _watched(source, validation, templates, previous)
    document = validation.document
    if document is None:
        problems = [_problem_json(p, lines, []) for p in validation.problems]
        return Snapshot("broken", "数据文件读不懂，下面是上一次的预览；请按提示修改", problems, files=files)
    draft = bool(validation.errors)
    try:
        prepared = prepare(document, validation.loaded, draft=draft, templates=templates)
    except PrepareError as exc:
        problems = [_problem_json(p, lines, []) for p in validation.problems]
        problems.insert(0, {"level": "error", "level_word": "错误", "code": _code(str(exc)),
                            "message": str(exc), "line": 0, "col": 0, "source": "", "hooks": []})
        return Snapshot("broken", "模板或设置有错，下面是上一次的预览", problems, files=files)
    annotated = annotate(prepared.html, document, prepared.report)
    problems = [
        _problem_json(p, lines, hooks_for(annotated.places, validation.places.get(p, ()), p.line))
        for p in validation.problems
    ]
    extra = f"{PREVIEW_STYLESHEET}\n{page_style(prepared.settings.css())}\n"
    html = annotated.html.replace("</head>", f"{extra}</head>", 1)
    headline = summary(validation.problems)
    if draft:
        headline = f"草稿：{headline}改正全部错误后草稿水印消失"
    return Snapshot("draft" if draft else "ok", headline, problems, html, files)


def _code(line: str) -> str:
    """问题行末尾方括号里的代码。"""
    if line.endswith("]") and "[" in line:
        return line[line.rindex("[") + 1 : -1]
    return "RENDER-TEMPLATE"
