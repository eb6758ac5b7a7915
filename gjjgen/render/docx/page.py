"""页面、页码与水印：版心、单双页不同的“— N —”页码、每页的草稿水印。"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import quoteattr

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips

from .ooxml import paragraph_props, w_element
from .settings import DocxSettings, mm_to_twips


def setup_section(doc: Any, s: DocxSettings) -> None:
    section = doc.sections[0]
    section.page_width = Twips(mm_to_twips(s.page_width_mm))
    section.page_height = Twips(mm_to_twips(s.page_height_mm))
    section.top_margin = Twips(mm_to_twips(s.margin_top_mm))
    section.bottom_margin = Twips(mm_to_twips(s.margin_bottom_mm))
    section.left_margin = Twips(mm_to_twips(s.margin_left_mm))
    section.right_margin = Twips(mm_to_twips(s.margin_right_mm))
    section.gutter = Twips(0)
    section.header_distance = Twips(mm_to_twips(s.header_distance_mm))
    section.footer_distance = Twips(mm_to_twips(s.footer_distance_mm))
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = w_element("w:docGrid")
        sect_pr.append(grid)
    for key in list(grid.attrib):
        del grid.attrib[key]
    grid.set(qn("w:type"), "lines")  # 每页 22 行；每行 28 字由字距紧缩保证（见 condense）
    grid.set(qn("w:linePitch"), str(s.line_pitch_twips))
    grid.set(qn("w:charSpace"), str(s.char_space))


def _page_number_paragraph(s: DocxSettings, odd: bool) -> Any:
    """``— N —``：PAGE 域手写成 begin/instrText/separate/end；单页居右空一字，双页居左空一字。"""
    one_char = {"Chars": 100, "": s.char_pitch_twips}
    side = "right" if odd else "left"
    ind = {f"{side}{k}": v for k, v in one_char.items()}
    ind.update({"firstLineChars": 0, "firstLine": 0})
    p = w_element("w:p", None, paragraph_props("Footer", jc="right" if odd else "left", ind=ind))

    def run(*children: Any) -> Any:
        return w_element("w:r", None, *children)

    def text(value: str) -> Any:
        t = w_element("w:t", {"xml:space": "preserve"})
        t.text = value
        return t

    instr = w_element("w:instrText", {"xml:space": "preserve"})
    instr.text = " PAGE "
    p.append(run(text("— ")))
    p.append(run(w_element("w:fldChar", {"fldCharType": "begin"})))
    p.append(run(instr))
    p.append(run(w_element("w:fldChar", {"fldCharType": "separate"})))
    p.append(run(text("1")))
    p.append(run(w_element("w:fldChar", {"fldCharType": "end"})))
    p.append(run(text(" —")))
    return p


def _replace_story(story: Any, paragraphs: list[Any]) -> None:
    element = story._element
    for child in list(element):
        element.remove(child)
    for p in paragraphs:
        element.append(p)


_WATERMARK = """<w:p {ns}><w:pPr><w:pStyle w:val="Header"/></w:pPr><w:r><w:rPr><w:noProof/></w:rPr>
<w:pict><v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"
path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas><v:f eqn="sum #0 0 10800"/>
<v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/>
<v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/>
<v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/>
<v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>
<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800"
o:connectangles="270,180,90,0"/><v:textpath on="t" fitshape="t"/>
<v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>
<o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>
<v:shape id={shape_id} o:spid={spid} type="#_x0000_t136" style={style} o:allowincell="f"
fillcolor={color} stroked="f"><v:fill opacity=".5"/>
<v:textpath style={text_style} string={text}/></v:shape></w:pict></w:r></w:p>"""


def _watermark_paragraph(s: DocxSettings, text: str, number: int) -> Any:
    """草稿水印：页眉里的一个 VML 艺术字，居中斜放在每页版心上，Word、WPS 都认。"""
    width = max(len(text), 2) * 150
    style = (
        f"position:absolute;margin-left:0;margin-top:0;width:{width}pt;height:150pt;"
        "rotation:315;z-index:-251654144;mso-position-horizontal:center;"
        "mso-position-horizontal-relative:margin;mso-position-vertical:center;"
        "mso-position-vertical-relative:margin"
    )
    font = s.h2_font.replace('"', "")
    xml = _WATERMARK.format(
        ns=" ".join(
            (
                nsdecls("w"),
                'xmlns:v="urn:schemas-microsoft-com:vml"',
                'xmlns:o="urn:schemas-microsoft-com:office:office"',
            )
        ),
        shape_id=quoteattr(f"DraftMark{number}"),
        spid=quoteattr(f"_x0000_s{2049 + number}"),
        style=quoteattr(style),
        color=quoteattr(f"#{s.draft_color}"),
        text_style=quoteattr(f'font-family:"{font}";font-size:1pt'),
        text=quoteattr(text),
    )
    return parse_xml(xml)


def setup_headers_footers(doc: Any, s: DocxSettings, draft_text: str | None) -> None:
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    _replace_story(section.footer, [_page_number_paragraph(s, odd=True)])
    _replace_story(section.even_page_footer, [_page_number_paragraph(s, odd=False)])
    if draft_text:
        _replace_story(section.header, [_watermark_paragraph(s, draft_text, 1)])
        _replace_story(section.even_page_header, [_watermark_paragraph(s, draft_text, 2)])
