"""报告模型 → HTML：Jinja 模板环境与渲染。

为什么这样设：模板可以被省份、中心逐块覆盖，所以模板从一串目录里找（先覆盖目录、最后
``templates/``，全国通用模板在 ``templates/base/``）；覆盖模板写
``{% extends "base/report.html.j2" %}`` 只重写一个块。书记员写的文字永远是数据：
自动转义打开，``<script>``、``{{ }}`` 原样印出；未定义的变量直接报错（``StrictUndefined``），
不会悄悄印成空白。
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import jinja2

from ..report import Report
from .settings import TEMPLATES_DIR, Settings, load_settings

ENTRY = "report.html.j2"
BASE_ENTRY = f"base/{ENTRY}"


def _autoescape(name: str | None) -> bool:
    """HTML 模板转义；样式表（``*.css``）不转义——``<style>`` 里的 ``&quot;`` 会弄坏字体名。"""
    return not (name or "").endswith(".css")


def template_loader(overrides: Sequence[Path] = ()) -> jinja2.BaseLoader:
    """按顺序查找模板的加载器：覆盖目录（靠前的优先），最后是 ``templates/``。"""
    dirs = [str(Path(d)) for d in overrides] + [str(TEMPLATES_DIR)]
    return jinja2.ChoiceLoader([jinja2.FileSystemLoader(d, encoding="utf-8") for d in dirs])


def template_environment(overrides: Sequence[Path] = ()) -> jinja2.Environment:
    """报告模板的 Jinja 环境：严格未定义、自动转义、去掉块标签留下的空行。"""
    return jinja2.Environment(
        loader=template_loader(overrides),
        autoescape=_autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )


def render_html(report: Report, settings: Settings | None = None, overrides: Sequence[Path] = ()) -> str:
    """报告的 HTML（样式内嵌，一个文件即可打开）。同一报告与模板总是得到同样的文字。"""
    settings = settings or load_settings(overrides)
    env = template_environment(overrides)
    template = env.select_template([ENTRY, BASE_ENTRY])
    return template.render(report=report, css=settings.css())
