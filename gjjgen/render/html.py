"""报告模型 → HTML：按模板链（用户 → 省份 → 全国，见 :mod:`gjjgen.render.layers`）渲染。

为什么这样设：模板可以被省份、中心逐块覆盖，覆盖模板写 ``{% extends "!report.html.j2" %}``
只重写一个块。书记员写的文字永远是数据：自动转义打开，``<script>``、``{{ }}`` 原样印出；
模板在沙箱里运行，未定义的变量直接报错，不会悄悄印成空白。
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import jinja2

from ..report.model import Report
from ..report.settings import Settings
from .layers import ENTRY, TemplateChain, TemplateProblem

BASE_ENTRY = f"base/{ENTRY}"

__all__ = ["BASE_ENTRY", "ENTRY", "TemplateProblem", "render_html", "template_chain", "template_environment"]


def template_chain(overrides: Sequence[Path] = (), province: object = None) -> TemplateChain:
    """模板链：至多一个用户模板目录，加上省份模板（若有）与全国通用模板。"""
    if len(overrides) > 1:
        raise ValueError("只能有一个用户模板目录")
    return TemplateChain.build(province=province, user=overrides[0] if overrides else None)


def template_environment(overrides: Sequence[Path] = ()) -> jinja2.Environment:
    """报告模板的 Jinja 环境（沙箱、严格未定义、自动转义）。"""
    return template_chain(overrides).environment()


def render_html(
    report: Report,
    settings: Settings | None = None,
    overrides: Sequence[Path] = (),
    chain: TemplateChain | None = None,
) -> str:
    """报告的 HTML（样式内嵌，一个文件即可打开）。同一报告与模板总是得到同样的文字。

    模板有问题时抛 :class:`TemplateProblem`（中文说明，带文件、行与代码）。
    """
    chain = chain or template_chain(overrides)
    settings = settings or chain.settings()
    return chain.render({"report": report, "css": settings.css()})
