"""模板可以输出的 HTML 词汇，以及每个排版角色在三种格式里的样子：只在这里写一次。

为什么集中在一张表里：HTML 由模板生成，PDF 由 WeasyPrint 按 ``style.css`` 排同一份 HTML，
DOCX 由 ``docx`` 模块把同一份 HTML 读成 :mod:`gjjgen.render.model` 的块再写成 Word。
一个角色（如“附件标识”）在网页里是什么元素与类名、在 Word 里用哪个段落样式、在样式表里
由哪条规则排、要不要与下文排在同一页，全都由下面的表决定：

- 读 HTML 成块（:mod:`gjjgen.render.blocks`）按表认出段落的角色、单元格的层级；
- DOCX 按表选样式、决定“与下段同页”；
- 模板输出的核对（:mod:`gjjgen.render.htmlcheck`）按表拒绝不认识的元素、类名与属性；
- 测试按表核对每个角色在样式表里有规则、在 DOCX 里有样式。

受限词汇的说明文字在 ``gjjgen/render/__init__.py``（覆盖模板的作者读它），测试核对它与
这张表一致。
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from ..spec.objects import TABLE_KINDS

RoleName = Literal[
    "title",
    "subtitle",
    "h2",
    "h3",
    "h4",
    "body",
    "noindent",
    "attachment",
    "signature",
    "agency",
    "date",
    "appendix-label",
    "appendix-title",
    "table-caption",
    "unit-line",
    "table-note",
    "footer-line",
]
"""段落的排版角色。"""

Align = Literal["left", "center"]


@dataclass(frozen=True)
class ParagraphRole:
    """一种段落：HTML 元素与类名、DOCX 段落样式、样式表里排它的规则、是否与下文同页。

    ``marker`` 是认出这个角色的类名（没有类名的角色只看元素）；``in_signature`` 的角色只在
    ``div.signature`` 里出现。``keep_with_next`` 为真时，DOCX 写“与下段同页”，样式表里这条
    规则写 ``break-after: avoid``：标题不会孤零零地留在页脚。
    """

    name: RoleName
    tag: str
    marker: str | None
    docx_style: str
    css_rule: str
    keep_with_next: bool = False
    in_signature: bool = False
    html_class: str | None = None
    """模板照写、但认角色时用不着的类名（``h1.title``：``h1`` 只有这一种角色）。"""


PARAGRAPH_ROLES: tuple[ParagraphRole, ...] = (
    ParagraphRole("title", "h1", None, "Title", "h1.title", keep_with_next=True, html_class="title"),
    ParagraphRole("subtitle", "p", "subtitle", "Subtitle", "p.subtitle", keep_with_next=True),
    ParagraphRole("appendix-title", "h2", "appendix-title", "AppendixTitle", "h2.appendix-title", keep_with_next=True),
    ParagraphRole("h2", "h2", None, "Heading1", "h2", keep_with_next=True),
    ParagraphRole("h3", "h3", None, "Heading2", "h3", keep_with_next=True),
    ParagraphRole("h4", "h4", None, "Heading3", "h4", keep_with_next=True),
    ParagraphRole("appendix-label", "p", "appendix-label", "AppendixLabel", "p.appendix-label", keep_with_next=True),
    ParagraphRole("unit-line", "p", "unit-line", "FooterLine", "p.unit-line", keep_with_next=True),
    ParagraphRole("attachment", "p", "attachment", "Attachment", "p.attachment"),
    ParagraphRole("table-caption", "p", "table-caption", "TableCaption", "p.table-caption", keep_with_next=True),
    ParagraphRole("table-note", "p", "table-note", "TableNote", "p.table-note"),
    ParagraphRole("footer-line", "p", "footer-line", "FooterLine", "p.footer-line"),
    ParagraphRole("noindent", "p", "noindent", "BodyNoIndent", "p.noindent"),
    ParagraphRole("body", "p", None, "Normal", "p"),
    ParagraphRole("agency", "p", "agency", "Signature", "div.signature p.agency", keep_with_next=True, in_signature=True),
    ParagraphRole("date", "p", "date", "Signature", "div.signature p.date", in_signature=True),
    ParagraphRole("signature", "p", None, "Signature", "div.signature p", in_signature=True),
)
"""全部段落角色。同一元素有几种角色时，按表里的先后认：先看类名，最后是不带类名的那一个。"""

ROLE: dict[str, ParagraphRole] = {role.name: role for role in PARAGRAPH_ROLES}


def paragraph_role(tag: str, classes: Iterable[str], in_signature: bool = False) -> ParagraphRole:
    """元素与类名 → 段落角色。``caption`` 是表题说明；词汇以外的段落元素（li、h5……）是正文段落；
    落款里的段落只看类名。"""
    marks = set(classes)
    if tag == "caption" and not in_signature:
        tag, marks = "p", {"table-caption"}
    for role in PARAGRAPH_ROLES:
        if role.in_signature != in_signature or (not in_signature and role.tag != tag):
            continue
        if role.marker is None or role.marker in marks:
            return role
    return ROLE["signature" if in_signature else "body"]


def keeps_with_next_by_style(style: str) -> bool:
    """DOCX 样式本身写“与下段同页”：用这个样式的角色全都要与下文同页。"""
    roles = [r for r in PARAGRAPH_ROLES if r.docx_style == style]
    return bool(roles) and all(r.keep_with_next for r in roles)


# ---------------------------------------------------------------- 行内、容器、表格


@dataclass(frozen=True)
class InlineRole:
    """段落里的一段文字：段首随文标题（楷体）、加粗。DOCX 写在文字段（``w:r``）上。

    ``css_rule`` 为 None 的（加粗）用浏览器的默认样式。"""

    name: Literal["lead", "bold"]
    tag: str
    marker: str | None
    css_rule: str | None


INLINE_ROLES: tuple[InlineRole, ...] = (
    InlineRole("lead", "span", "lead", ".lead"),
    InlineRole("bold", "b", None, None),
    InlineRole("bold", "strong", None, None),
)


def inline_roles(tag: str, classes: Iterable[str]) -> frozenset[str]:
    """行内元素的角色名（lead、bold）：随文标题、加粗，可以同时有。"""
    marks = set(classes)
    return frozenset(r.name for r in INLINE_ROLES if r.tag == tag and (r.marker is None or r.marker in marks))


@dataclass(frozen=True)
class CellRole:
    """统计表的单元格：元素与类名、DOCX 里的对齐、样式表里排它的规则、字号（表格字号的倍数）。"""

    name: str
    tag: str
    marker: str
    align: Align
    css_rule: str
    scale: float = 1.0


CELL_ROLES: tuple[CellRole, ...] = (
    CellRole("corner", "th", "corner", "center", "table.stat th.corner", scale=0.9),
    CellRole("header", "th", "header", "center", "table.stat th"),
    CellRole("section", "th", "section", "left", "table.stat th.section"),
    CellRole("label", "th", "label", "left", "table.stat th.label"),
    CellRole("unit", "td", "unit", "center", "table.stat td.unit"),
    CellRole("value", "td", "num", "center", "table.stat td"),
    CellRole("blank", "td", "blank", "center", "table.stat td"),
)
"""单元格的角色（``gjjgen.layout.GridCell.css_class`` 写出的类名）。"""

LEVELS: dict[str, int] = {f"level-{n}": n for n in range(4)}
"""行标签的缩进层级：类名 → 层级（样式表 ``th.level-N`` 左边多空 N 字，DOCX 同样左缩进 N 字）。"""


def cell_level(classes: Iterable[str]) -> int:
    """单元格类名里的层级；没写是 0。"""
    return max((LEVELS[c] for c in classes if c in LEVELS), default=0)


def cell_scale(classes: Iterable[str]) -> float:
    """单元格的字号倍数（左上角说明格字小一点，放得下多行说明）。"""
    marks = set(classes)
    return next((r.scale for r in CELL_ROLES if r.marker in marks), 1.0)


def cell_align(tag: str, classes: Iterable[str], in_head: bool) -> Align:
    """DOCX 里单元格的对齐：表头区居中；表体里按单元格角色（行标签、节标题靠左，其余居中）；
    没有角色类名的 ``th`` 是行标签，靠左。"""
    if in_head:
        return "center"
    marks = set(classes)
    role = next((r for r in CELL_ROLES if r.marker in marks), None)
    if role is not None:
        return role.align
    return "left" if tag == "th" else "center"


@dataclass(frozen=True)
class RowRole:
    """表格行：不跨页拆分、与下一行同页。DOCX 分别写 ``w:cantSplit`` 与各格段落的“与下段同页”。"""

    marker: str
    keep_with_next: bool
    css_rule: str


ROW_ROLES: tuple[RowRole, ...] = (
    RowRole("keep", False, "table.stat tr"),
    RowRole("keep-with-next", True, "table.stat tr.keep-with-next"),
)

TABLE_MARKERS = ("stat", *(f"stat-{shape}" for shape in TABLE_KINDS))
"""``<table>`` 的类名：统计表与它的形状（``gjjgen.spec.objects.TableKind``：sections、matrix……）。"""

CONTAINER_MARKERS: dict[str, tuple[str, ...]] = {
    "article": ("report",),
    "div": ("signature", "page-break", "draft-mark"),
}
"""容器的类名：报告正文、落款、分页、草稿水印。"""


# ---------------------------------------------------------------- 元素、类名、属性的许可表

DOCUMENT_TAGS = frozenset({"html", "head", "meta", "title", "style", "body"})
"""文档骨架：只在全国通用模板固定的文档头里出现，覆盖模板的输出里不许有。"""

CONTENT_TAGS = frozenset(
    {"article", "h1", "h2", "h3", "h4", "p", "br", "span", "b", "strong", "div"}
    | {"table", "colgroup", "col", "thead", "tbody", "tr", "th", "td"}
)
"""正文里可以出现的元素。"""

ATTRIBUTES: dict[str, frozenset[str]] = {
    "html": frozenset({"lang"}),
    "meta": frozenset({"charset", "name", "content"}),
    "article": frozenset({"class", "lang"}),
    "col": frozenset({"style", "span"}),
    "th": frozenset({"class", "colspan", "rowspan"}),
    "td": frozenset({"class", "colspan", "rowspan"}),
}
"""每种元素可以带的属性；没列出的元素只能带 ``class``。事件（``on…``）、``style``、``id`` 都不行。"""

COL_STYLE_PROPERTY = "width"
"""``<col style>`` 里唯一可写的样式：列宽（百分比）。"""


def allowed_attributes(tag: str) -> frozenset[str]:
    """元素可以带的属性。"""
    return ATTRIBUTES.get(tag, frozenset({"class"}))


def allowed_classes(tag: str) -> frozenset[str]:
    """元素可以带的类名：表里各角色用到的，全部由上面的几张表推出。"""
    names: set[str] = set()
    names.update(c for r in PARAGRAPH_ROLES if r.tag == tag for c in (r.marker, r.html_class) if c)
    names.update(r.marker for r in INLINE_ROLES if r.marker and r.tag == tag)
    names.update(r.marker for r in CELL_ROLES if r.tag == tag)
    if tag == "th":
        names.update(LEVELS)
    if tag == "tr":
        names.update(r.marker for r in ROW_ROLES)
    if tag == "table":
        names.update(TABLE_MARKERS)
    names.update(CONTAINER_MARKERS.get(tag, ()))
    return frozenset(names)
