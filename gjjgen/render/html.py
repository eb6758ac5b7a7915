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


def template_blocks(env: jinja2.Environment, name: str) -> set[str]:
    """模板 ``name`` 及其继承链上定义的全部块名。"""
    source, filename, _uptodate = env.loader.get_source(env, name)  # type: ignore[union-attr]
    tree = env.parse(source, name, filename)
    names = {block.name for block in tree.find_all(jinja2.nodes.Block)}
    for extends in tree.find_all(jinja2.nodes.Extends):
        if isinstance(extends.template, jinja2.nodes.Const):
            names |= template_blocks(env, str(extends.template.value))
    return names


def orphan_blocks(overrides: Sequence[Path] = ()) -> list[tuple[Path, str]]:
    """覆盖目录里 ``report.html.j2`` 重写了、但全国通用模板里并没有的块（多半是块名写错了，
    Jinja 会悄悄忽略它们）。返回 (文件, 块名)。"""
    env = template_environment(overrides)
    known = template_blocks(env, BASE_ENTRY)
    found: list[tuple[Path, str]] = []
    for directory in overrides:
        path = Path(directory) / ENTRY
        if not path.is_file():
            continue
        tree = env.parse(path.read_text(encoding="utf-8"), ENTRY, str(path))
        found += [(path, b.name) for b in tree.find_all(jinja2.nodes.Block) if b.name not in known]
    return found


def render_html(report: Report, settings: Settings | None = None, overrides: Sequence[Path] = ()) -> str:
    """报告的 HTML（样式内嵌，一个文件即可打开）。同一报告与模板总是得到同样的文字。"""
    settings = settings or load_settings(overrides)
    env = template_environment(overrides)
    template = env.select_template([ENTRY, BASE_ENTRY])
    return template.render(report=report, css=settings.css())
