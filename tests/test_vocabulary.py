"""角色表（gjjgen.render.vocabulary）：每个角色在每种格式里都有样子，而且样子一致。

- HTML：按角色表写出的元素，读回来（gjjgen.render.blocks）还是这个角色；
- 网页与 PDF：``style.css`` 里有排它的那条规则，规则真的选中这个元素；要与下文同页的角色
  在样式表里 ``break-after: avoid``，其余的没有；
- DOCX：用角色表里的样式，样式表里有它；要与下文同页的角色在 Word 里“与下段同页”，其余的没有；
- 覆盖模板作者读的说明（gjjgen/render/__init__.py）提到表里的每个类名。
"""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache
from xml.etree import ElementTree

import cssselect2
import pytest
import tinycss2
from conftest import EXAMPLES

import gjjgen.render
from gjjgen.cli.app import main
from gjjgen.render.blocks import parse_blocks
from gjjgen.render.docx import DocxSettings, render_docx
from gjjgen.render.model import Para, RenderTable
from gjjgen.render.vocabulary import (
    CELL_ROLES,
    CONTAINER_MARKERS,
    INLINE_ROLES,
    LEVELS,
    PARAGRAPH_ROLES,
    ROW_ROLES,
    ParagraphRole,
)
from gjjgen.spec.resources import Resources

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@cache
def stylesheet() -> list[tuple[list[str], list[cssselect2.compiler.CompiledSelector], dict[str, str]]]:
    """``style.css`` 的规则：选择器文字、编译好的选择器、声明（模板占位符换成 0）。"""
    text = re.sub(r"\{\{.*?\}\}", "0", (Resources.default().base_templates_dir / "style.css").read_text(encoding="utf-8"))
    rules = []
    for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule":
            continue
        selectors = [" ".join(s.split()) for s in tinycss2.serialize(rule.prelude).split(",")]
        declarations = {
            d.name: tinycss2.serialize(d.value).strip()
            for d in tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True)
            if d.type == "declaration"
        }
        rules.append((selectors, cssselect2.compile_selector_list(rule.prelude), declarations))
    return rules


def role_html(role: ParagraphRole) -> str:
    """按角色表写出这个角色的段落，文字就是角色名。"""
    css_class = role.marker or role.html_class
    attrs = f' class="{css_class}"' if css_class else ""
    element = f"<{role.tag}{attrs}>{role.name}</{role.tag}>"
    return f'<div class="signature">{element}</div>' if role.in_signature else element


def styled_by(fragment: str, find: str) -> tuple[set[str], dict[str, str]]:
    """片段里 ``find``（ElementPath）那个元素被哪些选择器选中、合起来的声明（后写的优先）。"""
    root = ElementTree.fromstring(f'<html><body><article class="report">{fragment}</article></body></html>')
    target = root.find(find)
    assert target is not None
    wrapper = next(w for w in cssselect2.ElementWrapper.from_html_root(root).iter_subtree() if w.etree_element is target)
    selectors: set[str] = set()
    declarations: dict[str, str] = {}
    for texts, compiled, decls in stylesheet():
        hits = [text for text, selector in zip(texts, compiled, strict=True) if selector.test(wrapper)]
        if hits:
            selectors.update(hits)
            declarations.update(decls)
    return selectors, declarations


@cache
def docx_parts() -> tuple[ElementTree.Element, ElementTree.Element]:
    """全部段落角色各一段，外加一张带各种单元格、各种行的表，排成 DOCX：正文与样式表。"""
    cells = "".join(f'<{c.tag} class="{c.marker}">{c.name}</{c.tag}>' for c in CELL_ROLES)
    levels = "".join(f'<th class="label {name}">{name}</th>' for name in LEVELS)
    rows = "".join(f'<tr class="{r.marker}"><td class="num">{r.marker}</td></tr>' for r in ROW_ROLES)
    table = f'<table class="stat"><tbody><tr>{cells}</tr><tr>{levels}</tr>{rows}</tbody></table>'
    html = "".join(role_html(role) for role in PARAGRAPH_ROLES) + table
    with zipfile.ZipFile(io.BytesIO(render_docx(f"<body>{html}</body>"))) as package:
        return ElementTree.fromstring(package.read("word/document.xml")), ElementTree.fromstring(package.read("word/styles.xml"))


def docx_paragraph(text: str) -> ElementTree.Element:
    body, _styles = docx_parts()
    return next(p for p in body.iter(f"{W}p") if "".join(t.text or "" for t in p.iter(f"{W}t")) == text)


def docx_style(style_id: str) -> ElementTree.Element | None:
    _body, styles = docx_parts()
    return next((s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == style_id), None)


@pytest.mark.parametrize("role", PARAGRAPH_ROLES, ids=lambda r: r.name)
def test_each_paragraph_role_is_read_back_as_itself(role: ParagraphRole) -> None:
    blocks = [b for b in parse_blocks(role_html(role)) if isinstance(b, Para)]
    assert [(b.role, b.text) for b in blocks] == [(role, role.name)]


@pytest.mark.parametrize("role", PARAGRAPH_ROLES, ids=lambda r: r.name)
def test_each_paragraph_role_is_styled_in_css(role: ParagraphRole) -> None:
    find = f".//div/{role.tag}" if role.in_signature else f".//article/{role.tag}"
    selectors, declarations = styled_by(role_html(role), find)
    assert role.css_rule in selectors, f"style.css 里没有选中 {role.name} 的规则 {role.css_rule}"
    assert (declarations.get("break-after") == "avoid") == role.keep_with_next


@pytest.mark.parametrize("role", PARAGRAPH_ROLES, ids=lambda r: r.name)
def test_each_paragraph_role_is_styled_in_docx(role: ParagraphRole) -> None:
    paragraph = docx_paragraph(role.name)
    assert paragraph.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == role.docx_style
    style = docx_style(role.docx_style)
    assert style is not None, f"DOCX 样式表里没有 {role.docx_style}"
    keeps = paragraph.find(f"{W}pPr/{W}keepNext") is not None or style.find(f"{W}pPr/{W}keepNext") is not None
    assert keeps == role.keep_with_next


def test_appendix_label_is_heiti_in_docx_as_in_css() -> None:
    """附件标识：样式表用黑体（一级标题的字体），DOCX 也是。"""
    _selectors, declarations = styled_by(role_html(next(r for r in PARAGRAPH_ROLES if r.name == "appendix-label")), ".//p")
    assert declarations["font-family"] == "var(--font-heading)"
    fonts = docx_style("AppendixLabel").find(f"{W}rPr/{W}rFonts")
    heading = docx_style("Heading1").find(f"{W}rPr/{W}rFonts")
    assert fonts.get(f"{W}eastAsia") == heading.get(f"{W}eastAsia") == "黑体"


@pytest.mark.parametrize("role", INLINE_ROLES, ids=lambda r: r.tag)
def test_each_inline_role_is_styled_in_css_and_docx(role) -> None:
    """随文标题：样式表与 DOCX 都用楷体（与二级标题同字体）；加粗：DOCX 写 w:b，网页用浏览器默认的加粗。"""
    attrs = f' class="{role.marker}"' if role.marker else ""
    fragment = f"<p>正文<{role.tag}{attrs}>{role.name}{role.tag}</{role.tag}>正文</p>"
    runs = [run for b in parse_blocks(fragment) if isinstance(b, Para) for run in b.runs]
    assert [(r.text, r.lead, r.bold) for r in runs if r.text != "正文"] == [
        (f"{role.name}{role.tag}", role.name == "lead", role.name == "bold")
    ]
    with zipfile.ZipFile(io.BytesIO(render_docx(fragment))) as package:
        body = ElementTree.fromstring(package.read("word/document.xml"))
    run = next(r for r in body.iter(f"{W}r") if "".join(t.text or "" for t in r.iter(f"{W}t")) == f"{role.name}{role.tag}")
    if role.css_rule is None:
        assert run.find(f"{W}rPr/{W}b") is not None
        return
    selectors, declarations = styled_by(fragment, f".//{role.tag}")
    assert role.css_rule in selectors and declarations["font-family"] == "var(--font-kai)"
    heading = docx_style("Heading2").find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia")
    assert run.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == heading


@pytest.mark.parametrize("role", CELL_ROLES, ids=lambda r: r.name)
def test_each_cell_role_is_styled_in_css_and_docx(role) -> None:
    fragment = f'<table class="stat"><tbody><tr><{role.tag} class="{role.marker}">x</{role.tag}></tr></tbody></table>'
    selectors, declarations = styled_by(fragment, f".//{role.tag}")
    assert role.css_rule in selectors
    css_align = "left" if declarations.get("text-align") == "left" else "center"
    paragraph = docx_paragraph(role.name)
    jc = paragraph.find(f"{W}pPr/{W}jc")
    assert css_align == role.align == ("left" if jc is not None and jc.get(f"{W}val") == "left" else "center")
    css_scale = float(declarations.get("font-size", "1em").removesuffix("em"))
    size = paragraph.find(f"{W}r/{W}rPr/{W}sz")
    docx_half_points = int(size.get(f"{W}val")) if size is not None else round(DocxSettings().table_size * 2)
    assert css_scale == role.scale
    assert docx_half_points == round(DocxSettings().table_size * role.scale * 2)


def test_label_levels_indent_in_css_and_docx() -> None:
    indents = []
    for name, level in LEVELS.items():
        fragment = f'<table class="stat"><tbody><tr><th class="label {name}">x</th></tr></tbody></table>'
        selectors, _declarations = styled_by(fragment, ".//th")
        assert (f"table.stat th.{name}" in selectors) == (level > 0)
        ind = docx_paragraph(name).find(f"{W}pPr/{W}ind")
        indents.append(0 if ind is None else int(ind.get(f"{W}left")))
    assert indents == sorted(indents) and indents[0] == 0 and len(set(indents)) == len(LEVELS)


@pytest.mark.parametrize("role", ROW_ROLES, ids=lambda r: r.marker)
def test_each_row_role_is_styled_in_css_and_docx(role) -> None:
    fragment = f'<table class="stat"><tbody><tr class="{role.marker}"><td>x</td></tr></tbody></table>'
    selectors, declarations = styled_by(fragment, ".//tr")
    assert role.css_rule in selectors
    assert declarations.get("break-inside") == "avoid"
    assert (declarations.get("break-after") == "avoid") == role.keep_with_next
    paragraph = docx_paragraph(role.marker)
    assert (paragraph.find(f"{W}pPr/{W}keepNext") is not None) == role.keep_with_next
    body, _styles = docx_parts()
    row = next(tr for tr in body.iter(f"{W}tr") if paragraph in list(tr.iter(f"{W}p")))
    assert row.find(f"{W}trPr/{W}cantSplit") is not None


def test_docx_header_rows_keep_with_the_first_body_row() -> None:
    html = '<table class="stat"><thead><tr><th>表头</th></tr></thead><tbody><tr class="keep"><td class="num">数据</td></tr></tbody></table>'
    with zipfile.ZipFile(io.BytesIO(render_docx(html))) as package:
        body = ElementTree.fromstring(package.read("word/document.xml"))
    table = next(b for b in parse_blocks(html) if isinstance(b, RenderTable))
    assert [row.header for row in table.rows] == [True, False]
    keeps = [p.find(f"{W}pPr/{W}keepNext") is not None for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "TableText"]
    assert keeps == [True, False]


def test_documentation_names_every_class_of_the_table() -> None:
    """覆盖模板的作者读 gjjgen/render/__init__.py：表里的每个类名都要在那里说到。"""
    doc = gjjgen.render.__doc__ or ""
    names = {r.marker for r in PARAGRAPH_ROLES if r.marker} | {r.html_class for r in PARAGRAPH_ROLES if r.html_class}
    names |= {r.marker for r in INLINE_ROLES if r.marker} | {r.marker for r in CELL_ROLES} | {r.marker for r in ROW_ROLES}
    names |= {name for markers in CONTAINER_MARKERS.values() for name in markers}
    missing = sorted(name for name in names if not re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", doc))
    assert missing == []


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_what_comes_before_a_table_keeps_with_it_in_every_example(tmp_path, example) -> None:
    """五份示例的 DOCX：每张表前的段落（部分标题、表题、说明行、填报单位行）都与下段同页，
    表的第一行（表头或节标题行）也与下一行同页：标题总带着表的开头换页。"""
    assert main(["render", str(example), "-f", "docx", "-o", str(tmp_path)]) == 0
    with zipfile.ZipFile(next(tmp_path.glob("*.docx"))) as package:
        body = ElementTree.fromstring(package.read("word/document.xml")).find(f"{W}body")
        styles = ElementTree.fromstring(package.read("word/styles.xml"))
    keeping = {s.get(f"{W}styleId") for s in styles.iter(f"{W}style") if s.find(f"{W}pPr/{W}keepNext") is not None}
    children = list(body)
    tables = [i for i, child in enumerate(children) if child.tag == f"{W}tbl"]
    assert tables
    for i in tables:
        before = children[i - 1]
        assert before.tag == f"{W}p"
        style = before.find(f"{W}pPr/{W}pStyle").get(f"{W}val")
        spacing = before.find(f"{W}pPr/{W}spacing")
        if spacing is not None and spacing.get(f"{W}line") == "20":
            continue  # 两表之间、表前分页用的 1 磅空段：前面是表或分页，没有标题
        assert style in keeping or before.find(f"{W}pPr/{W}keepNext") is not None, "".join(t.text or "" for t in before.iter(f"{W}t"))
        first_row = children[i].find(f"{W}tr")
        assert all(p.find(f"{W}pPr/{W}keepNext") is not None for p in first_row.iter(f"{W}p"))
