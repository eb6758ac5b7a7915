"""DOCX 渲染：与 HTML 逐段、逐格一致，并符合 GB/T 9704-2012 的版式要求。"""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from gjjgen.render.docx import (
    DocxSettings,
    read_docx_cells,
    read_docx_tables,
    read_docx_text,
    render_docx,
)
from gjjgen.render.extract import read_html_cells, read_html_tables, read_html_text

SAMPLE = Path(__file__).parent / "data" / "docx_sample.html"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def w(name: str) -> str:
    return qn(f"w:{name}")


@pytest.fixture(scope="module")
def html() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def data(html: str) -> bytes:
    return render_docx(html)


@pytest.fixture(scope="module")
def parts(data: bytes) -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {
            name: etree.fromstring(z.read(name)) for name in z.namelist() if name.endswith(".xml")
        }


def _ancestor(node: etree._Element, tag: str) -> etree._Element:
    while node is not None and node.tag != tag:
        node = node.getparent()
    return node


# ---------------------------------------------------------------------------
# 与 HTML 一致
# ---------------------------------------------------------------------------


def test_opens_in_python_docx(data: bytes) -> None:
    doc = Document(io.BytesIO(data))
    assert doc.paragraphs
    assert len(doc.tables) == 1


def test_text_paragraphs_equal_html(html: str, data: bytes) -> None:
    expected = [
        "示例市住房公积金管理中心\n2023年政府信息公开工作年度报告",
        "（2024年1月5日）",
        # 两个汉字之间的源码换行不产生空格
        "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）编制。"
        "全文包括总体情况、主动公开政府信息情况等六个部分。",
        "一、总体情况",
        "（一）健全组织领导机制，落实工作责任。中心成立政务公开工作领导小组，由主任任组长。",
        "（二）主动公开情况",
        "1.公开内容",
        "全年主动公开信息 128 条，其中“公积金政策”类 36 条。",
        "本段不缩进。",
        "附件：政府信息公开情况统计表",
        "示例市住房公积金管理中心",
        "2024年1月5日",
        "收到和处理政府信息公开申请情况",
        "（2023年度）",
        "注：本表数据截至2023年12月31日。",
        "单位负责人：张三\u3000\u3000审核人：李四\u3000\u3000填报人：王五",
    ]
    assert read_html_text(html) == expected
    assert read_docx_text(data) == expected


def test_table_grid_equals_html(html: str, data: bytes) -> None:
    html_tables = read_html_tables(html)
    assert read_docx_tables(data) == html_tables
    (grid,) = html_tables
    assert len(grid) == 11 and all(len(row) == 10 for row in grid)
    corner = grid[0][0]
    assert corner.startswith("（本列数据的勾稽关系为")
    assert all(grid[r][c] == corner for r in range(3) for c in range(3))
    assert grid[0][3:] == ["申请人情况"] * 7
    assert grid[1][4:9] == ["法人或其他组织"] * 5
    assert grid[2][3:] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    assert [grid[r][0] for r in range(5, 10)] == ["三、本年度办理结果"] * 5
    assert grid[8][8] == "—"


def test_merges_equal_html(html: str, data: bytes) -> None:
    cells = read_docx_cells(data)
    assert cells == read_html_cells(html)
    spans = {text: (r, c, rs, cs) for r, c, rs, cs, text in cells[0]}
    corner = next(t for t in spans if t.startswith("（本列数据"))
    assert spans[corner] == (0, 0, 3, 3)
    assert spans["申请人情况"] == (0, 3, 1, 7)
    assert spans["自然人"] == (1, 3, 2, 1)
    assert spans["法人或其他组织"] == (1, 4, 1, 5)
    assert spans["总计"] == (1, 9, 2, 1)
    assert spans["三、本年度办理结果"] == (5, 0, 5, 1)
    assert spans["（三）不予公开"] == (6, 1, 3, 1)
    assert spans["（一）予以公开"] == (5, 1, 1, 2)


def test_reader_matches_python_docx_on_merged_table() -> None:
    """读回函数对任意合并表的网格与 python-docx 自己的 ``row.cells`` 一致。"""
    doc = Document()
    table = doc.add_table(rows=4, cols=4)
    table.cell(0, 0).merge(table.cell(1, 1))
    table.cell(0, 2).merge(table.cell(0, 3))
    table.cell(2, 3).merge(table.cell(3, 3))
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            if not cell.text:
                cell.text = f"{r}{c}"
    buffer = io.BytesIO()
    doc.save(buffer)
    expected = [[cell.text for cell in row.cells] for row in table.rows]
    assert read_docx_tables(buffer.getvalue()) == [expected]
    spans = read_docx_cells(buffer.getvalue())[0]
    assert (0, 0, 2, 2, "00") in spans
    assert (0, 2, 1, 2, "02") in spans
    assert (2, 3, 2, 1, "23") in spans


# ---------------------------------------------------------------------------
# 表格版式
# ---------------------------------------------------------------------------


def test_header_rows_repeat_and_rows_do_not_split(parts: dict) -> None:
    rows = parts["word/document.xml"].findall(f".//{W}tbl/{W}tr")
    assert len(rows) == 11
    header = [tr.find(f"{W}trPr/{W}tblHeader") is not None for tr in rows]
    assert header == [True] * 3 + [False] * 8
    assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in rows)


def test_cell_widths_on_grid_and_every_cell(parts: dict) -> None:
    tbl = parts["word/document.xml"].find(f".//{W}tbl")
    cols = [int(c.get(w("w"))) for c in tbl.findall(f"{W}tblGrid/{W}gridCol")]
    assert sum(cols) == 8845  # 版心 156 mm
    assert cols[2] == round(8845 * 0.26)  # <col style="width: 26%">
    for tr in tbl.findall(f"{W}tr"):
        c = 0
        for tc in tr.findall(f"{W}tc"):
            tcw = tc.find(f"{W}tcPr/{W}tcW")
            assert tcw is not None and tcw.get(w("type")) == "dxa"
            span = tc.find(f"{W}tcPr/{W}gridSpan")
            n = int(span.get(w("val"))) if span is not None else 1
            assert int(tcw.get(w("w"))) == sum(cols[c : c + n])
            c += n
        assert c == len(cols)
    assert tbl.find(f"{W}tblPr/{W}tblLayout").get(w("type")) == "fixed"
    borders = tbl.find(f"{W}tblPr/{W}tblBorders")
    assert {b.tag.split("}")[1] for b in borders} >= {"top", "left", "bottom", "right", "insideH"}


def test_cell_alignment(parts: dict) -> None:
    tbl = parts["word/document.xml"].find(f".//{W}tbl")
    by_text = {}
    for p in tbl.iter(f"{W}p"):
        text = "".join(t.text or "" for t in p.iter(f"{W}t"))
        if text:
            by_text[text] = p
    assert by_text["申请人情况"].find(f"{W}pPr/{W}jc") is None  # 表头按样式居中
    label = by_text["1.属于国家秘密"]
    assert label.find(f"{W}pPr/{W}jc").get(w("val")) == "left"
    assert int(label.find(f"{W}pPr/{W}ind").get(w("left"))) > 0  # level-2 缩进
    styles = parts["word/styles.xml"]
    table_text = styles.find(f"{W}style[@{W}styleId='TableText']")
    assert table_text.find(f"{W}pPr/{W}jc").get(w("val")) == "center"
    assert table_text.find(f"{W}rPr/{W}sz").get(w("val")) == "21"  # 五号
    assert table_text.find(f"{W}rPr/{W}b").get(w("val")) == "0"


# ---------------------------------------------------------------------------
# 字体
# ---------------------------------------------------------------------------


def _used_styles(parts: dict) -> set[str]:
    used = {"Normal"}
    for name, root in parts.items():
        if name.startswith("word/") and name.split("/")[-1].startswith(
            ("document", "header", "footer")
        ):
            for tag in ("pStyle", "rStyle", "tblStyle"):
                used |= {node.get(w("val")) for node in root.iter(w(tag))}
    return used


def test_every_paragraph_style_has_east_asian_font(parts: dict) -> None:
    styles = parts["word/styles.xml"]
    by_id = {s.get(w("styleId")): s for s in styles.findall(w("style"))}
    used = _used_styles(parts)
    assert {"Title", "Heading1", "Heading2", "TableText", "Footer", "Signature"} <= used
    # 用到的样式，以及样式表里定义的每个段落样式（别的数据可能用到）
    paragraph_styles = {i for i, s in by_id.items() if s.get(w("type")) == "paragraph"}
    for style_id in used | paragraph_styles:
        fonts = by_id[style_id].find(f"{W}rPr/{W}rFonts")
        assert fonts is not None, style_id
        for slot in ("eastAsia", "ascii", "hAnsi"):
            assert fonts.get(w(slot)), (style_id, slot)
    # 主题字体引用会压过显式字体：样式表里一个都不许有。
    for fonts in styles.iter(w("rFonts")):
        assert not [k for k in fonts.attrib if k.endswith("Theme") or k.endswith("theme")]
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(w("rFonts")).get(w("eastAsia")) == "仿宋_GB2312"
    assert defaults.find(w("lang")).get(w("eastAsia")) == "zh-CN"


def test_role_fonts_and_sizes(parts: dict) -> None:
    styles = parts["word/styles.xml"]

    def font_size(style_id: str) -> tuple[str, str]:
        s = styles.find(f"{W}style[@{W}styleId='{style_id}']")
        return (
            s.find(f"{W}rPr/{W}rFonts").get(w("eastAsia")),
            s.find(f"{W}rPr/{W}sz").get(w("val")),
        )

    assert font_size("Normal") == ("仿宋_GB2312", "32")
    assert font_size("Title") == ("方正小标宋简体", "44")
    assert font_size("Heading1") == ("黑体", "32")
    assert font_size("Heading2") == ("楷体_GB2312", "32")
    assert font_size("Heading3") == ("仿宋_GB2312", "32")
    assert font_size("Footer") == ("宋体", "28")
    normal = styles.find(f"{W}style[@{W}styleId='Normal']")
    assert normal.find(f"{W}pPr/{W}ind").get(w("firstLineChars")) == "200"
    title = styles.find(f"{W}style[@{W}styleId='Title']")
    assert title.find(f"{W}pPr/{W}jc").get(w("val")) == "center"


def test_runs_with_other_fonts_name_east_asian_font(parts: dict) -> None:
    body = parts["word/document.xml"]
    fonts = list(body.iter(w("rFonts")))
    assert fonts, "随文标题应在 run 上写明楷体"
    for node in fonts:
        assert node.get(w("eastAsia"))
    lead = next(
        r
        for r in body.iter(w("r"))
        if "".join(t.text or "" for t in r.iter(w("t"))).startswith("（一）健全")
    )
    assert lead.find(f"{W}rPr/{W}rFonts").get(w("eastAsia")) == "楷体_GB2312"


def test_theme_does_not_map_chinese_to_japanese_font(parts: dict) -> None:
    settings = parts["word/settings.xml"]
    assert settings.find(w("themeFontLang")).get(w("eastAsia")) == "zh-CN"
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    theme = parts["word/theme/theme1.xml"]
    assert theme.find(f".//{a}minorFont/{a}ea").get("typeface") == "仿宋_GB2312"
    assert theme.find(f".//{a}majorFont/{a}ea").get("typeface") == "黑体"
    fonts = parts["word/fontTable.xml"]
    names = [f.get(w("name")) for f in fonts.findall(w("font"))]
    assert "仿宋_GB2312" in names
    assert not [n for n in names if "ＭＳ" in n]


# ---------------------------------------------------------------------------
# 页面与页码
# ---------------------------------------------------------------------------


def test_page_size_margins_and_grid(parts: dict) -> None:
    sect = parts["word/document.xml"].find(f".//{W}body/{W}sectPr")
    size = sect.find(w("pgSz"))
    assert (size.get(w("w")), size.get(w("h"))) == ("11906", "16838")  # A4
    margin = sect.find(w("pgMar"))
    got = {k: int(margin.get(w(k))) for k in ("top", "left", "right", "bottom", "footer")}
    mm = 1440 / 25.4
    assert got["top"] == round(37 * mm)
    assert got["left"] == round(28 * mm)
    assert got["right"] == round(26 * mm)
    assert got["bottom"] == round(35 * mm)
    # 页码一字线距版心下边缘约 7 mm：页脚距纸边约 35 - 7 - 半行
    assert 24 * mm < got["footer"] < 27 * mm
    grid = sect.find(w("docGrid"))
    assert grid.get(w("type")) == "lines"
    pitch = int(grid.get(w("linePitch")))
    char_space = int(grid.get(w("charSpace")))
    text_height = 16838 - got["top"] - got["bottom"]
    text_width = 11906 - got["left"] - got["right"]
    assert 22 * pitch <= text_height < 23 * pitch
    char_pitch = (16 + char_space / 4096) * 20
    assert 28 * char_pitch <= text_width < 29 * char_pitch
    # 每行 28 字靠字距紧缩：紧缩后的字宽（1/20 磅）28 个排得下、29 个排不下
    normal = parts["word/styles.xml"].find(f'{W}style[@{W}styleId="Normal"]/{W}rPr')
    condensed = 16 * 20 + int(normal.find(w("spacing")).get(w("val")))
    assert 28 * condensed <= text_width < 29 * condensed


def _footer_roots(data: bytes) -> tuple[etree._Element, etree._Element]:
    section = Document(io.BytesIO(data)).sections[0]
    return section.footer._element, section.even_page_footer._element


def test_page_number_footers(data: bytes, parts: dict) -> None:
    assert parts["word/settings.xml"].find(w("evenAndOddHeaders")) is not None
    assert Document(io.BytesIO(data)).settings.odd_and_even_pages_header_footer
    odd, even = _footer_roots(data)
    for root, side in ((odd, "right"), (even, "left")):
        kinds = [f.get(w("fldCharType")) for f in root.iter(w("fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        assert [i.text.strip() for i in root.iter(w("instrText"))] == ["PAGE"]
        text = "".join(t.text for t in root.iter(w("t")))
        assert text == "— 1 —"
        p = root.find(w("p"))
        assert p.find(f"{W}pPr/{W}pStyle").get(w("val")) == "Footer"
        assert p.find(f"{W}pPr/{W}jc").get(w("val")) == side
        assert p.find(f"{W}pPr/{W}ind").get(w(f"{side}Chars")) == "100"


def test_page_break_and_signature(parts: dict) -> None:
    body = parts["word/document.xml"].find(f"{W}body")
    paras = {"".join(t.text or "" for t in p.iter(w("t"))): p for p in body.findall(w("p"))}
    appendix = paras["收到和处理政府信息公开申请情况"]
    assert appendix.find(f"{W}pPr/{W}pageBreakBefore") is not None
    agency = paras["示例市住房公积金管理中心"]
    date = paras["2024年1月5日"]
    for p in (agency, date):
        assert p.find(f"{W}pPr/{W}pStyle").get(w("val")) == "Signature"
    # 署名 12 字右空二字；日期 6 字，首字比署名首字右移二字 → 右空 6 字
    assert agency.find(f"{W}pPr/{W}ind").get(w("rightChars")) == "200"
    assert date.find(f"{W}pPr/{W}ind").get(w("rightChars")) == "600"
    assert agency.find(f"{W}pPr/{W}spacing").get(w("before")) == "579"  # 上空一行
    assert agency.find(f"{W}pPr/{W}keepNext") is not None  # 署名与日期同页


def test_signature_with_long_date() -> None:
    html = (
        '<div class="signature"><p class="agency">某中心</p>'
        '<p class="date">2024年12月25日</p></div>'
    )
    doc = Document(io.BytesIO(render_docx(html)))
    agency, date = doc.paragraphs
    # 日期（7 字）长于署名（3 字）：日期右空二字，署名多空，使其首字仍在日期首字左边二字处
    assert date.paragraph_format.element.pPr.find(w("ind")).get(w("rightChars")) == "200"
    assert agency.paragraph_format.element.pPr.find(w("ind")).get(w("rightChars")) == "800"


def test_draft_mark_in_every_header(data: bytes) -> None:
    section = Document(io.BytesIO(data)).sections[0]
    for header in (section.header, section.even_page_header):
        xml = etree.tostring(header._element, encoding="unicode")
        assert 'string="草稿"' in xml
    assert "草稿" not in read_docx_text(data)


def test_no_draft_mark_without_div() -> None:
    data = render_docx("<p>正文</p>")
    section = Document(io.BytesIO(data)).sections[0]
    assert section.header.is_linked_to_previous
    assert read_docx_text(data) == ["正文"]


# ---------------------------------------------------------------------------
# 确定性
# ---------------------------------------------------------------------------


def test_rendering_is_byte_identical(html: str, data: bytes) -> None:
    assert render_docx(html) == data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos = z.infolist()
        assert infos[0].filename == "[Content_Types].xml"
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    core = Document(io.BytesIO(data)).core_properties
    assert core.created == core.modified
    assert core.created.year == 2000
    assert core.title == "示例市住房公积金管理中心2023年政府信息公开工作年度报告"


# ---------------------------------------------------------------------------
# 设置
# ---------------------------------------------------------------------------


def test_settings_mapping_changes_fonts() -> None:
    data = render_docx(
        "<h1>标题</h1><p>正文</p>",
        {"body_font": "仿宋", "title_font": "华文中宋", "table_size": 12},
    )
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
    normal = styles.find(f"{W}style[@{W}styleId='Normal']")
    assert normal.find(f"{W}rPr/{W}rFonts").get(w("eastAsia")) == "仿宋"
    title = styles.find(f"{W}style[@{W}styleId='Title']")
    assert title.find(f"{W}rPr/{W}rFonts").get(w("eastAsia")) == "华文中宋"
    table = styles.find(f"{W}style[@{W}styleId='TableText']")
    assert table.find(f"{W}rPr/{W}sz").get(w("val")) == "24"


def test_settings_from_template_settings_file_shape() -> None:
    """模板目录 settings.yaml 的形状：字体栈取第一个名字，无关的键不看。"""
    settings = DocxSettings.from_template_settings(
        {
            "fonts": {"body": ["仿宋", "FangSong", "serif"], "kai": "楷体"},
            "sizes": {"table": 12},
            "page": {"margin_top_mm": 36, "line_height_pt": 28.95},
            "section_titles": {},
            "draft_text": "草稿",
        }
    )
    assert settings.body_font == "仿宋"
    assert settings.h3_font == "楷体"
    assert settings.table_size == 12
    assert settings.margin_top_mm == 36
    assert settings.line_pitch_twips == 579
    assert settings.title_font == DocxSettings().title_font
    merged = SimpleNamespace(fonts={"title": ("华文中宋", "serif")}, sizes={}, page={})
    assert DocxSettings.from_template_settings(merged).title_font == "华文中宋"


def test_settings_errors_are_chinese() -> None:
    with pytest.raises(ValueError, match="未知的 DOCX 排版设置项：body_fnt"):
        render_docx("<p>x</p>", {"body_fnt": "仿宋"})
    with pytest.raises(ValueError, match="必须是正数"):
        DocxSettings(body_size=0)
    with pytest.raises(ValueError, match="必须是非空的字体名"):
        DocxSettings(h2_font=" ")


# ---------------------------------------------------------------------------
# 词汇表之外的内容：不崩溃、不丢字
# ---------------------------------------------------------------------------

ODD_HTML = """
<section>
  <custom-el>自定义元素里的文字</custom-el>
  <ul><li>列表一</li><li>列表二<p>嵌套段落</p></li></ul>
  <blockquote>引文</blockquote>
  <p class="mystery">未知类名的段落</p>
  <p>未闭合的段落
  <div>块里的字<b>加粗</b></div>
  游离文字
  <script>var x = "脚本不是正文";</script>
  <h5>五级标题</h5>
  <table>
    <tr><td>无表头</td><td colspan="2">跨两列</td></tr>
    <tr><td>短行</td></tr>
    <tr><td rowspan="0">到组尾</td><td>甲</td><td>乙</td></tr>
    <tr><td>丙<table><tr><td>内</td><td>表</td></tr></table></td><td>丁</td></tr>
  </table>
  <table><tr><td>紧接的第二张表</td></tr></table>
  <p>控制字符\x0b被去掉</p>
</section>
"""


def test_unknown_markup_becomes_plain_paragraphs() -> None:
    data = render_docx(ODD_HTML)
    text = read_docx_text(data)
    assert text == read_html_text(ODD_HTML)
    for snippet in (
        "自定义元素里的文字",
        "列表一",
        "列表二",
        "嵌套段落",
        "引文",
        "未知类名的段落",
        "未闭合的段落",
        "块里的字加粗",
        "游离文字",
        "五级标题",
        "控制字符被去掉",
    ):
        assert snippet in text
    assert not any("脚本" in t for t in text)
    tables = read_docx_tables(data)
    assert tables == read_html_tables(ODD_HTML)
    assert tables[0][0] == ["无表头", "跨两列", "跨两列"]
    assert tables[0][1] == ["短行", "", ""]
    assert [row[0] for row in tables[0][2:]] == ["到组尾", "到组尾"]
    assert tables[0][3][1] == "丙\n内 表"
    assert tables[1] == [["紧接的第二张表"]]
    assert read_docx_cells(data) == read_html_cells(ODD_HTML)


@pytest.mark.parametrize(
    "fragment",
    ["", "   ", "<table></table>", "<td>孤立的格</td>", "</p></div><p>", "<h1></h1><br>"],
)
def test_degenerate_input_does_not_crash(fragment: str) -> None:
    data = render_docx(fragment)
    Document(io.BytesIO(data))
    assert read_docx_text(data) == read_html_text(fragment)


def test_large_table_builds_in_linear_time() -> None:
    rows = "".join(
        f"<tr><th class='label level-1'>第{i}行</th>" + "<td class='num'>0</td>" * 9 + "</tr>"
        for i in range(1500)
    )
    html = f"<table class='stat'><thead><tr><th colspan='10'>表头</th></tr></thead>{rows}</table>"
    start = time.perf_counter()
    data = render_docx(html)
    elapsed = time.perf_counter() - start
    grid = read_docx_tables(data)[0]
    assert len(grid) == 1501 and grid[1500][0] == "第1499行"
    assert elapsed < 20
