"""报告 HTML：受限词汇、结构完整、样式内嵌、书记员的文字一律当数据转义、模板可逐块覆盖。"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest
from conftest import EXAMPLES, HULUDAO

from gjjgen.checks.validate import validate_file
from gjjgen.render.extract import read_html_cells, read_html_tables, read_html_text
from gjjgen.render.html import render_html, template_environment
from gjjgen.report.model import build_report

# gjjgen/render/__init__.py 列出的元素与类名
TAGS = {
    "html", "head", "meta", "title", "style", "body", "article", "h1", "h2", "h3", "h4", "p", "br", "span",
    "div", "table", "colgroup", "col", "thead", "tbody", "tr", "th", "td",
}
CLASSES = {
    "report", "title", "subtitle", "lead", "noindent", "attachment", "signature", "agency", "date",
    "page-break", "appendix-title", "appendix-label", "unit-line", "table-caption", "table-note",
    "footer-line", "draft-mark", "stat", "corner", "header", "section", "label", "unit", "num", "blank",
    "keep", "keep-with-next", "level-0", "level-1", "level-2", "level-3",
    "stat-sections", "stat-matrix", "stat-groups", "stat-indicators",
}
VOID = {"meta", "br", "col"}


class Checker(HTMLParser):
    """记下用到的元素与类名，并核对每个非空元素都正确闭合。"""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: set[str] = set()
        self.classes: set[str] = set()
        self.errors: list[str] = []
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, value in attrs:
            if name == "class":
                self.classes.update((value or "").split())
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> 不匹配 {self.stack[-1:]}")
        else:
            self.stack.pop()


def html_of(path: Path, draft: bool = False) -> str:
    result = validate_file(path)
    assert result.document is not None
    return render_html(build_report(result.document, draft=draft))


def check(html: str) -> Checker:
    checker = Checker()
    checker.feed(html)
    checker.close()
    return checker


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_examples_use_only_the_vocabulary_and_are_well_formed(path: Path) -> None:
    html = html_of(path)
    checker = check(html)
    assert checker.doctype.lower() == "doctype html"
    assert checker.errors == [] and checker.stack == []
    assert checker.tags <= TAGS, checker.tags - TAGS
    assert checker.classes <= CLASSES, checker.classes - CLASSES
    assert '<html lang="zh-CN">' in html and '<article class="report" lang="zh-CN">' in html
    assert html.count("<title>") == 1 and '<meta charset="utf-8">' in html
    assert "{{" not in html and "{%" not in html


def test_css_is_embedded_with_gb9704_page_and_page_numbers() -> None:
    html = html_of(HULUDAO)
    assert "<link" not in html and "@font-face" not in html
    style = html[html.index("<style>") : html.index("</style>")]
    assert "size: 210mm 297mm" in style
    assert "margin: 37mm 26mm 35mm 28mm" in style  # 天头 37、订口 28，版心 156 × 225
    assert "max-width: 156mm" in style
    assert "font-size: 16pt" in style and "line-height: 28.95pt" in style and "text-indent: 2em" in style
    assert '--font-body: "仿宋_GB2312"' in style and '--font-title: "方正小标宋简体"' in style
    # 页码：单页右下、双页左下，“— N —”
    right = style[style.index("@page :right") : style.index("@page :left")]
    left = style[style.index("@page :left") :]
    assert "@bottom-right" in right and 'content: "— " counter(page) " —"' in right
    assert "@bottom-left" in left and 'content: "— " counter(page) " —"' in left
    assert "display: table-header-group" in style and "break-inside: avoid" in style


def test_body_structure_in_order() -> None:
    html = html_of(HULUDAO)
    texts = read_html_text(html)
    assert texts[0] == "葫芦岛市住房公积金管理中心\n2023年政府信息公开工作年度报告"
    headings = re.findall(r"<h2>(.*?)</h2>", html)
    assert headings == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    assert texts[-1] == "葫芦岛市住房公积金管理中心"  # 落款；没有发布日期就不印日期
    assert '<p class="date">' not in html and "draft-mark" not in html.split("</style>")[1]
    tables = read_html_tables(html)
    assert len(tables) == 3
    assert tables[2][3] == ["0"] * 15


def test_html_table_spans_of_statutory_tables() -> None:
    cells = read_html_cells(html_of(HULUDAO))
    matrix = {text: (rowspan, colspan) for (_r, _c, rowspan, colspan, text) in cells[1]}
    assert matrix["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"] == (3, 3)
    assert matrix["申请人情况"] == (1, 7)
    assert matrix["法人或其他组织"] == (1, 5)
    assert matrix["三、本年度办理结果"] == (22, 1)
    assert matrix["一、本年新收政府信息公开申请数量"] == (1, 3)
    assert matrix["（一）予以公开"] == (1, 2)
    groups = {(r, c): (rowspan, colspan, text) for (r, c, rowspan, colspan, text) in cells[2]}
    assert groups[(0, 0)] == (1, 5, "行政复议") and groups[(0, 5)] == (1, 10, "行政诉讼")
    assert groups[(1, 0)] == (2, 1, "结果维持") and groups[(1, 4)] == (2, 1, "总计")
    assert groups[(1, 5)] == (1, 5, "未经复议直接起诉") and groups[(1, 10)] == (1, 5, "复议后起诉")
    assert groups[(2, 14)] == (1, 1, "总计")


def test_user_text_is_escaped_data(tmp_path: Path, huludao_text: str) -> None:
    hostile = "<script>alert(1)</script>{{ 1+1 }}{% raw %}&amp;"
    text = huludao_text.replace(
        "其他需要报告的事项: 本年度未收取政府信息公开信息处理费。",
        f"其他需要报告的事项: '{hostile}'",
    )
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    html = html_of(path)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;{{ 1+1 }}{% raw %}&amp;amp;" in html
    assert hostile in read_html_text(html)


def test_draft_mark() -> None:
    html = html_of(HULUDAO, draft=True)
    assert '<div class="draft-mark">草稿</div>' in html
    style = html[html.index("<style>") : html.index("</style>")]
    assert "position: fixed" in style  # 固定定位：WeasyPrint 在每一页重复


def test_rendering_twice_gives_identical_html() -> None:
    assert html_of(HULUDAO) == html_of(HULUDAO)


def test_strict_undefined() -> None:
    env = template_environment()
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ report.nope }}").render(report=object())


def test_override_one_block_with_super(tmp_path: Path) -> None:
    (tmp_path / "report.html.j2").write_text(
        '{% extends "base/report.html.j2" %}\n'
        "{% block part_heading scoped %}{% if part.key == '其他需要报告的事项' %}"
        "<h2>{{ part.number }}其他事项</h2>\n{% else %}{{ super() }}{% endif %}{% endblock %}\n"
        '{% block signature %}{{ super() }}<p class="noindent">（本报告电子版见中心网站）</p>\n{% endblock %}\n',
        encoding="utf-8",
    )
    result = validate_file(HULUDAO)
    report = build_report(result.document)
    html = render_html(report, overrides=[tmp_path])
    assert "<h2>六、其他事项</h2>" in html and "<h2>五、存在的主要问题及改进情况</h2>" in html
    assert html.index('<div class="signature">') < html.index("（本报告电子版见中心网站）")
    base = render_html(report)
    assert base.replace("<h2>六、其他需要报告的事项</h2>", "<h2>六、其他事项</h2>") != html  # 多了一段
    assert check(html).errors == []
