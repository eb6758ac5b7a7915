"""覆盖模板能输出什么：元素、类名与属性只在受限词汇里，数据不会不经转义进入输出。

每一例都是一个真实的覆盖模板，经 ``gjjgen render`` 走到底：必须失败、消息是一行带代码的中文、
指出模板文件与行、没有回溯、不留文件（见 ``test_templates.render_error``）。
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import HULUDAO
from test_templates import huludao_with, render_error

from gjjgen.checks.validate import validate_file
from gjjgen.render.htmlcheck import find_unknown_html
from gjjgen.render.layers import ENTRY, TemplateChain
from gjjgen.report.model import build_report

EXTENDS = '{% extends "!report.html.j2" %}\n'


def contact(body: str) -> str:
    """只重写 contact 块的覆盖模板：块的内容在第 3 行。"""
    return f"{EXTENDS}{{% block contact %}}\n{body}\n{{% endblock %}}\n"


@pytest.mark.parametrize(
    ("template", "where", "message"),
    [
        (
            contact('<p class="noindent" onclick="alert(1)">联系</p>'),
            3,
            "模板输出了 <p onclick=…>，属性“onclick”不在许可之列（事件属性会在读者的浏览器里执行脚本）；<p> 只能写 class",
        ),
        (
            contact('<div onmouseover="steal()">联系</div>'),
            3,
            "模板输出了 <div onmouseover=…>，属性“onmouseover”不在许可之列（事件属性会在读者的浏览器里执行脚本）；<div> 只能写 class",
        ),
        (
            contact('<meta http-equiv="refresh" content="0;url=http://example.com/">'),
            3,
            "模板输出了 <meta>，它只能出现在全国通用模板固定的文档头里（覆盖模板只能输出正文）；"
            "只能用 h1–h4、p、br、span、b、div、table 等受限词汇（见 gjjgen/render/__init__.py），字体、字号写在 settings.yaml",
        ),
        (
            contact("<style>p { color: red; }</style>"),
            3,
            "模板输出了 <style>，它只能出现在全国通用模板固定的文档头里（覆盖模板只能输出正文）；"
            "只能用 h1–h4、p、br、span、b、div、table 等受限词汇（见 gjjgen/render/__init__.py），字体、字号写在 settings.yaml",
        ),
        (
            contact("<script>alert(1)</script>"),
            3,
            "模板输出了 <script>，DOCX 不认识它，网页、PDF 与 Word 会不一样；"
            "只能用 h1–h4、p、br、span、b、div、table 等受限词汇（见 gjjgen/render/__init__.py），字体、字号写在 settings.yaml",
        ),
        (
            contact('<link rel="stylesheet" href="http://example.com/x.css">'),
            3,
            "模板输出了 <link>，DOCX 不认识它，网页、PDF 与 Word 会不一样；"
            "只能用 h1–h4、p、br、span、b、div、table 等受限词汇（见 gjjgen/render/__init__.py），字体、字号写在 settings.yaml",
        ),
        (
            '<meta http-equiv="refresh" content="0">\n' + EXTENDS,
            1,
            "模板输出了 <meta>，它只能出现在全国通用模板固定的文档头里（覆盖模板只能输出正文）；"
            "只能用 h1–h4、p、br、span、b、div、table 等受限词汇（见 gjjgen/render/__init__.py），字体、字号写在 settings.yaml",
        ),
        (
            '<p class="noindent">前面</p>\n' + EXTENDS,
            1,
            "模板在 <body> 之外输出了 <p>（多半是写在 {% extends %} 之前的内容，Jinja 照样印出）；覆盖模板只能在块里输出正文",
        ),
        (
            contact('<p class="red">联系</p>'),
            3,
            "模板输出了 <p class=\"red\">，类名“red”不在受限词汇里，DOCX 不认识它，网页、PDF 与 Word 会不一样；"
            "只能用 h1–h4、p、br、span、b、div、table 等受限词汇（见 gjjgen/render/__init__.py），字体、字号写在 settings.yaml",
        ),
        (
            contact('<p id="x">联系</p>'),
            3,
            "模板输出了 <p id=…>，属性“id”不在许可之列（DOCX 不认识它）；<p> 只能写 class",
        ),
    ],
    ids=["onclick", "onmouseover", "meta-refresh", "style-element", "script", "link", "meta-before-extends", "text-before-extends", "class", "id"],
)
def test_output_outside_the_vocabulary_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], template: str, where: int, message: str
) -> None:
    assert refusal(tmp_path, capsys, template) == f"{where}: 错误: {message} [RENDER-TEMPLATE-HTML]"


def refusal(tmp_path: Path, capsys: pytest.CaptureFixture[str], template: str) -> str:
    """用这个覆盖模板生成必须失败；返回消息里文件名之后的部分（“行: 错误: … [代码]”）。"""
    directory = huludao_with(tmp_path, report=template)
    message = render_error(tmp_path, capsys, directory)
    assert message.startswith(f"{directory / ENTRY}:")
    return message.removeprefix(f"{directory / ENTRY}:")


def test_col_may_only_carry_a_percentage_width(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = contact('<table class="stat"><colgroup><col style="width: 10%; background: url(x.png)"></colgroup></table>')
    directory = huludao_with(tmp_path, report=template)
    assert render_error(tmp_path, capsys, directory).endswith(
        "模板输出了 <col style=…>，DOCX 不认识它，网页、PDF 与 Word 会不一样；"
        "只能用 h1–h4、p、br、span、b、div、table 等受限词汇（见 gjjgen/render/__init__.py），字体、字号写在 settings.yaml"
        " [RENDER-TEMPLATE-HTML]"
    )


RAW = "书记员写的文字会不经转义进入网页与 PDF（可能带进脚本、改掉版式），不允许；数据照原样输出即可（gjjgen 会转义），要加的元素直接写在模板里"


@pytest.mark.parametrize(
    ("template", "where", "what"),
    [
        (contact('<p class="noindent">{{ report.meta.联系方式|safe }}</p>'), 3, "模板用 |safe 把文字原样输出"),
        (contact("{% filter safe %}{{ report.title }}{% endfilter %}"), 3, "模板用 |safe 把文字原样输出"),
        (contact('<p>{{ report.title_lines|map("safe")|join }}</p>'), 3, "模板用 |safe 把文字原样输出"),
        (contact("{% autoescape false %}<p>{{ report.title }}</p>{% endautoescape %}"), 3, "模板用 {% autoescape %} 改了转义"),
    ],
    ids=["safe", "filter-block", "map-safe", "autoescape"],
)
def test_data_cannot_reach_the_output_unescaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], template: str, where: int, what: str
) -> None:
    assert refusal(tmp_path, capsys, template) == f"{where}: 错误: {what}：{RAW} [RENDER-TEMPLATE-RAW]"


def test_raw_output_is_refused_in_included_templates_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory = huludao_with(tmp_path, report=contact('{% include "part.html.j2" %}'))
    (directory / "part.html.j2").write_text('<p class="noindent">\n{{ report.title|safe }}</p>\n', encoding="utf-8")
    assert render_error(tmp_path, capsys, directory) == f"{directory / 'part.html.j2'}:2: 错误: 模板用 |safe 把文字原样输出：{RAW} [RENDER-TEMPLATE-RAW]"


def test_markup_in_data_is_printed_as_text(tmp_path: Path) -> None:
    """数据里的尖括号、事件属性照字面印出：转义之后输出仍合词汇。"""
    report = build_report(validate_file(HULUDAO).document)
    directory = huludao_with(tmp_path, report=contact('<p class="noindent">{{ "<p onclick=x>联系</p>" }}</p>'))
    chain = TemplateChain.build(user=directory)
    html = chain.render({"report": report, "css": chain.settings().css()})
    assert "&lt;p onclick=x&gt;联系&lt;/p&gt;" in html
    assert find_unknown_html(html) is None
