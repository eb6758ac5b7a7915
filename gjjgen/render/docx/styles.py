"""样式表：整份重写，只留用到的样式，每个都写明中西文字体。

段落样式与角色的对应、哪些样式“与下段同页”，见 :mod:`gjjgen.render.vocabulary` 的角色表。"""

from __future__ import annotations

from typing import Any

from ..vocabulary import keeps_with_next_by_style
from .ooxml import no_indent, paragraph_props, run_props, w_element
from .settings import DocxSettings, pt_to_twips


def _style(
    style_id: str,
    name: str,
    *,
    kind: str = "paragraph",
    based_on: str | None = "Normal",
    next_style: str | None = None,
    ppr: Any = None,
    rpr: Any = None,
    default: bool = False,
    hidden: bool = False,
    ui_priority: int | None = None,
    qformat: bool = False,
) -> Any:
    attrs: dict[str, str] = {"type": kind, "styleId": style_id}
    if default:
        attrs["default"] = "1"
    node = w_element("w:style", attrs, w_element("w:name", {"val": name}))
    if based_on:
        node.append(w_element("w:basedOn", {"val": based_on}))
    if next_style:
        node.append(w_element("w:next", {"val": next_style}))
    if ui_priority is not None:
        node.append(w_element("w:uiPriority", {"val": ui_priority}))
    if hidden:
        node.append(w_element("w:semiHidden"))
        node.append(w_element("w:unhideWhenUsed"))
    if qformat:
        node.append(w_element("w:qFormat"))
    if ppr is not None:
        node.append(ppr)
    if rpr is not None:
        node.append(rpr)
    return node


def build_styles(root: Any, s: DocxSettings) -> None:
    """把样式部件换成自己的：默认模板里的样式都指向主题字体（含日文映射）。"""
    for child in list(root):
        root.remove(child)
    pitch = s.line_pitch_twips
    exact: dict[str, int | str] = {"before": 0, "after": 0, "line": pitch, "lineRule": "exact"}
    single: dict[str, int | str] = {"before": 0, "after": 0, "line": 240, "lineRule": "auto"}
    indent2 = {"firstLineChars": 200, "firstLine": pt_to_twips(s.body_size * 2)}

    root.append(
        w_element(
            "w:docDefaults",
            None,
            w_element(
                "w:rPrDefault",
                None,
                run_props(s.body_font, s.latin(s.body_font), s.body_size, lang=True, condense=s.condense),
            ),
            w_element("w:pPrDefault", None, paragraph_props(spacing={"before": 0, "after": 0})),
        )
    )

    def add(*args: Any, **kwargs: Any) -> None:
        root.append(_style(*args, **kwargs))

    def rpr(font: str, size: float) -> Any:
        return run_props(font, s.latin(font), size, bold=False, condense=s.condense)

    add(
        "Normal",
        "Normal",
        based_on=None,
        default=True,
        qformat=True,
        ui_priority=0,
        ppr=paragraph_props(widow_control=False, spacing=exact, ind=indent2, jc="both"),
        rpr=rpr(s.body_font, s.body_size),
    )
    add(
        "DefaultParagraphFont",
        "Default Paragraph Font",
        kind="character",
        based_on=None,
        default=True,
        hidden=True,
        ui_priority=1,
    )
    table_normal = _style(
        "TableNormal",
        "Normal Table",
        kind="table",
        based_on=None,
        default=True,
        hidden=True,
        ui_priority=99,
    )
    table_normal.append(
        w_element(
            "w:tblPr",
            None,
            w_element("w:tblInd", {"w": 0, "type": "dxa"}),
            w_element(
                "w:tblCellMar",
                None,
                w_element("w:top", {"w": 0, "type": "dxa"}),
                w_element("w:left", {"w": 108, "type": "dxa"}),
                w_element("w:bottom", {"w": 0, "type": "dxa"}),
                w_element("w:right", {"w": 108, "type": "dxa"}),
            ),
        )
    )
    root.append(table_normal)
    add(
        "NoList",
        "No List",
        kind="numbering",
        based_on=None,
        default=True,
        hidden=True,
        ui_priority=99,
    )

    add(
        "Title",
        "Title",
        next_style="Normal",
        qformat=True,
        ui_priority=10,
        ppr=paragraph_props(
            keep_next=keeps_with_next_by_style("Title"),
            keep_lines=True,
            snap_to_grid=False,
            spacing=exact,
            ind=no_indent(),
            jc="center",
        ),
        rpr=rpr(s.title_font, s.title_size),
    )
    add(
        "Subtitle",
        "Subtitle",
        next_style="Normal",
        qformat=True,
        ui_priority=11,
        ppr=paragraph_props(keep_next=keeps_with_next_by_style("Subtitle"), ind=no_indent(), jc="center"),
        rpr=rpr(s.h3_font, s.body_size),
    )
    for level, (style_id, font) in enumerate(
        (("Heading1", s.h2_font), ("Heading2", s.h3_font), ("Heading3", s.body_font))
    ):
        add(
            style_id,
            f"heading {level + 1}",
            next_style="Normal",
            qformat=True,
            ui_priority=9,
            ppr=paragraph_props(keep_next=keeps_with_next_by_style(style_id), keep_lines=True, outline=level),
            rpr=rpr(font, s.body_size),
        )
    body = rpr(s.body_font, s.body_size)
    add("BodyNoIndent", "Body No Indent", qformat=True, ppr=paragraph_props(ind=no_indent()), rpr=body)
    add(
        "AppendixLabel",
        "Appendix Label",
        qformat=True,
        ppr=paragraph_props(keep_next=keeps_with_next_by_style("AppendixLabel"), ind=no_indent()),
        rpr=rpr(s.h2_font, s.body_size),
    )
    add("Attachment", "Attachment", qformat=True, ppr=paragraph_props(), rpr=rpr(s.body_font, s.body_size))
    add(
        "Signature",
        "Signature",
        qformat=True,
        ppr=paragraph_props(keep_lines=True, ind=no_indent(), jc="right"),
        rpr=rpr(s.body_font, s.body_size),
    )
    add(
        "AppendixTitle",
        "Appendix Title",
        next_style="Normal",
        qformat=True,
        ppr=paragraph_props(
            keep_next=keeps_with_next_by_style("AppendixTitle"),
            keep_lines=True,
            snap_to_grid=False,
            spacing=exact,
            ind=no_indent(),
            jc="center",
            outline=0,
        ),
        rpr=rpr(s.title_font, s.appendix_title_size),
    )
    def off_grid(jc: str, *, keep_next: bool = False) -> Any:
        """表格、表注、页眉这类小字不对齐正文的行网格，单倍行距、不缩进。"""
        return paragraph_props(keep_next=keep_next, snap_to_grid=False, spacing=single, ind=no_indent(), jc=jc)

    def small() -> Any:
        """每个样式要自己的 w:rPr 元素：同一个 lxml 元素加到第二处会从第一处移走。"""
        return rpr(s.body_font, s.small_size)

    add("TableCaption", "Table Caption", qformat=True, ppr=off_grid("center", keep_next=keeps_with_next_by_style("TableCaption")), rpr=small())
    add("TableNote", "Table Note", qformat=True, ppr=off_grid("both"), rpr=small())
    add("FooterLine", "Footer Line", qformat=True, ppr=off_grid("left"), rpr=small())
    add("TableText", "Table Text", qformat=True, ppr=off_grid("center"), rpr=rpr(s.table_font, s.table_size))
    add("Header", "header", hidden=True, ui_priority=99, ppr=off_grid("center"), rpr=small())
    page_line: dict[str, int | str] = {
        "before": 0,
        "after": 0,
        "line": pt_to_twips(s.page_number_size),
        "lineRule": "exact",
    }
    add(
        "Footer",
        "footer",
        hidden=True,
        ui_priority=99,
        ppr=paragraph_props(snap_to_grid=False, spacing=page_line, ind=no_indent()),
        rpr=rpr(s.page_number_font, s.page_number_size),
    )
