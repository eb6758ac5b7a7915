"""基于性质的测试：由格式文件生成的合格数据文件校验无错、三种格式都能生成；改坏的文件只得到
带代码、带位置的一行中文消息，从不出现程序回溯，也不超出时间预算。

平时（``pytest``）跑 CI 规模：几百个校验、几个生成。长跑（README“开发”一节）：

    GJJGEN_HYPOTHESIS_PROFILE=long nice .venv/bin/python -m pytest -q tests/test_properties.py -s

长跑才核对时间预算（每例 :data:`VALIDATE_BUDGET` 秒，按本进程的 CPU 时间计，不受机器上别的进程
拖累）；平时只记下最慢的一例，不作断言。
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from strategies import mutated_files, valid_documents

from gjjgen.checks.validate import validate_file
from gjjgen.problems.findings import Problem

settings.register_profile(
    "ci", max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, print_blob=True
)
settings.register_profile(
    "long", max_examples=8_000, deadline=None, suppress_health_check=list(HealthCheck), print_blob=True
)
PROFILE = os.environ.get("GJJGEN_HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)
LONG = PROFILE == "long"

VALIDATE_BUDGET = 5.0
"""长跑时每个校验的时间上限（秒）。数据文件上限 2 MB 以内的最坏输入实测见 bench/bench_worst_case.py。"""

RENDER_BUDGET = 300.0
"""长跑时生成一份（HTML、DOCX，部分还有 PDF）的时间上限（秒）。很宽：随机的生僻字要现做补字字体，
机器忙时一份 PDF 可到一两分钟；这里只拦“停不下来”。"""

VALID_EXAMPLES = 2_000 if LONG else 150
"""合格文件的校验例数。长跑时另有改坏的文件 8,000 例，合计 10,000 个校验。"""

RENDER_EXAMPLES = 300 if LONG else 6
PDF_EVERY = 10 if LONG else 3
"""每几个生成里出一次 PDF（PDF 最慢）。"""

CODE = re.compile(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*")

STATS = {"validate": 0, "render": 0, "pdf": 0, "slowest_validate": 0.0, "slowest_render": 0.0}
"""长跑结束时印出的计数（-s 时可见）。"""


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="gjjgen-prop-") as name:
        yield Path(name)


@pytest.fixture(scope="module", autouse=True)
def report_counts() -> Iterator[None]:
    yield
    print(f"\n[性质测试 {PROFILE}] {STATS}")


def _check_problem(problem: Problem) -> None:
    """一条问题：有代码，位置有效，印出来是一行、没有控制字符。"""
    assert CODE.fullmatch(problem.code), problem
    assert problem.level in ("error", "warning")
    assert problem.line >= 1 and problem.col >= 1
    line = problem.format()
    assert "\n" not in line and "\r" not in line
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", line), line
    assert len(line) < 3000


def _validate(workdir: Path, data: bytes) -> list[Problem]:
    """校验一个文件的内容：每条问题都合规矩；长跑时核对时间预算。"""
    path = workdir / "case.yaml"
    path.write_bytes(data)
    started = time.process_time()  # 本进程用的 CPU 时间：机器忙时墙钟时间会被别的进程拉长
    problems = validate_file(path).problems
    took = time.process_time() - started
    STATS["validate"] += 1
    STATS["slowest_validate"] = max(STATS["slowest_validate"], took)
    if LONG:
        assert took < VALIDATE_BUDGET, f"校验用了 {took:.1f} 秒"
    for problem in problems:
        _check_problem(problem)
    return problems


@settings(max_examples=VALID_EXAMPLES)
@given(valid_documents())
def test_valid_documents_have_no_errors(workdir: Path, document: tuple[str, object]) -> None:
    text, spec = document
    problems = _validate(workdir, text.encode("utf-8"))
    assert not [p.format() for p in problems if p.is_error], spec


@given(mutated_files())
def test_mutated_files_give_only_located_coded_messages(workdir: Path, data: bytes) -> None:
    _validate(workdir, data)


@settings(max_examples=RENDER_EXAMPLES)
@given(valid_documents())
def test_valid_documents_render_in_every_format(workdir: Path, document: tuple[str, object]) -> None:
    from gjjgen.checks.references import resolve_references
    from gjjgen.render.html import render_html
    from gjjgen.render.layers import TemplateChain
    from gjjgen.render.registry import RenderInput, get_renderer
    from gjjgen.report.model import build_report

    text, _spec = document
    path = workdir / "render.yaml"
    path.write_text(text, encoding="utf-8")
    started = time.process_time()
    validation = validate_file(path)
    assert validation.document is not None and not validation.errors
    chain = TemplateChain.build(province=validation.document.meta.get("省份"))
    settings_ = chain.settings()
    report = build_report(resolve_references(validation.document), settings=settings_)
    html = render_html(report, settings_, chain=chain)
    job = RenderInput(report=report, html=html, settings=settings_, document=validation.document)
    formats = ["html", "docx"]
    STATS["render"] += 1
    if STATS["render"] % PDF_EVERY == 1:
        formats.append("pdf")
        STATS["pdf"] += 1
    for name in formats:
        data = get_renderer(name).render(job)
        assert data, name
        output = workdir / f"{report.file_stem}{get_renderer(name).suffix}"
        output.write_bytes(data)  # 文件名（机关名称里有任意字符）写得出来
        output.unlink()
    took = time.process_time() - started
    STATS["slowest_render"] = max(STATS["slowest_render"], took)
    if LONG:
        assert took < RENDER_BUDGET, f"生成用了 {took:.1f} 秒"
