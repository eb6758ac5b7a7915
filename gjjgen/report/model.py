"""报告模型：把校验过的 :class:`~gjjgen.document.model.Document` 变成模板直接照印的内容。

为什么要有这一层：模板只管“印在哪里、用什么样式”，不做任何计算。标题怎样分行、
各级序号（一、（一）1.）、日期写法（2024年1月5日：年份写全，月日不编虚位）、表格的
合并单元格、附件与落款，都在这里算好一次；三种输出格式因此一字不差。

模板拿到的上下文就是 :class:`Report`（见各数据类的说明），字段都是算好的文字。
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

from ..document.model import Document
from ..document.textblock import Paragraph, Subsection, TextBlock
from .layout import TableGrid, layout_table
from .settings import Settings, load_settings

TITLE_SUFFIX = "年政府信息公开工作年度报告"
TITLE_CHARS_PER_LINE = 20
"""2号字（22 磅）在 156 mm 宽的版心里一行约排 20 字；更长的单行标题按机关名称回行。"""

FIELD_LINE_CHARS = 30
"""填报信息行（4号字）一行大约排得下的字数，用来把各项分行。"""

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一，10 → 十，12 → 十二，20 → 二十，99 → 九十九（序号用，不超过 99）。"""
    if n <= 0:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def ordinal(level: int, n: int) -> str:
    """GB/T 9704 7.3.3 的结构层次序数：0 级“一、”，1 级“（一）”，2 级“1.”，3 级“（1）”。"""
    if level <= 0:
        return f"{chinese_number(n)}、"
    if level == 1:
        return f"（{chinese_number(n)}）"
    if level == 2:
        return f"{n}."
    return f"（{n}）"


def format_date(value: dt.date) -> str:
    """成文日期：年份写全，月、日不编虚位（GB/T 9704 7.3.5.4），如 2024年1月5日。"""
    return f"{value.year}年{value.month}月{value.day}日"


# ---------------------------------------------------------------- blocks


@dataclass(frozen=True)
class ParagraphBlock:
    """正文段落。"""

    text: str
    kind: Literal["paragraph"] = "paragraph"


@dataclass(frozen=True)
class SectionBlock:
    """带序号的分节。

    ``run_in`` 为真时，``heading``（序号 + 标题）作段首随文标题，与 ``first`` 接排在同一段，
    其后是 ``blocks``；否则 ``heading`` 单独成行（``tag`` 为 h3 或 h4），``first`` 为空。
    """

    number: str
    title: str
    heading: str
    level: int
    run_in: bool
    first: str
    blocks: tuple[Block, ...]
    kind: Literal["section"] = "section"

    @property
    def tag(self) -> str:
        return "h3" if self.level <= 1 else "h4"


@dataclass(frozen=True)
class TableBlock:
    """一张统计表（网格见 :mod:`gjjgen.report.layout`）。"""

    grid: TableGrid
    kind: Literal["table"] = "table"


Block = ParagraphBlock | SectionBlock | TableBlock


@dataclass(frozen=True)
class ReportPart:
    """正文的一部分：``heading`` 如“一、总体情况”；``kind`` 为 text、table 或 chapter。"""

    key: str
    kind: str
    number: str
    title: str
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Signature:
    """落款：署名（机关名称）与成文日期（没有发布日期时为空串，不印）。``printed`` 为假时
    （设置 ``signature: false``）文末不印落款，署名与日期仍可供别的块（如标题下的日期行）使用。"""

    agency: str
    date: str
    printed: bool = True


@dataclass(frozen=True)
class Appendix:
    """附件统计表（2019 年以前格式）：另起一页，附件标识、表题（可多行）、表题下的说明行
    （如“（2017年度）”）、填报单位、表、表注、填报信息各行。"""

    label: str
    title: str
    title_lines: tuple[str, ...]
    caption: str
    unit_line: str
    table: TableGrid
    note: str
    footer_lines: tuple[str, ...]


@dataclass(frozen=True)
class Report:
    """模板的全部上下文。所有文字都已排定，模板照印即可。"""

    agency: str
    year: int
    spec_id: str
    spec_name: str
    title_lines: tuple[str, ...]
    title: str
    preamble: tuple[Block, ...]
    parts: tuple[ReportPart, ...]
    attachment_lines: tuple[str, ...]
    signature: Signature
    appendices: tuple[Appendix, ...]
    draft: bool
    draft_text: str
    created: str
    file_stem: str
    lang: str = "zh-CN"
    meta: dict[str, str] = field(default_factory=dict)
    """元数据里写了的文字项（机关名称、简称、省份、网站、联系方式……），覆盖模板可以引用，
    如 ``{{ report.meta.联系方式 }}``；没写的项不在其中（用 ``"网站" in report.meta`` 判断）。"""


# ---------------------------------------------------------------- building


def text_blocks(block: TextBlock, level: int = 1) -> tuple[Block, ...]:
    """文字块 → 段落与带序号的分节（序号按出现顺序生成）。"""
    out: list[Block] = []
    count = 0
    for item in block:
        if isinstance(item, Paragraph):
            out.append(ParagraphBlock(item.text))
            continue
        if not isinstance(item, Subsection):
            continue
        count += 1
        number = ordinal(level, count)
        inner = text_blocks(item.body, level + 1)
        run_in = item.run_in and bool(inner) and isinstance(inner[0], ParagraphBlock)
        first = inner[0].text if run_in else ""  # type: ignore[union-attr]
        out.append(
            SectionBlock(
                number=number,
                title=item.title,
                heading=f"{number}{item.title}",
                level=level,
                run_in=run_in,
                first=first,
                blocks=inner[1:] if run_in else inner,
            )
        )
    return tuple(out)


def title_lines(doc: Document) -> tuple[str, ...]:
    """标题各行。没写标题时分两行：机关名称 / “××年政府信息公开工作年度报告”（GB/T 9704
    7.3.1 的梯形排列）；写了一行且过长、又以机关名称开头时，在机关名称后回行。"""
    agency = doc.agency
    if not doc.title_lines:
        second = f"{doc.year}{TITLE_SUFFIX}"
        return (agency, second) if agency else (second,)
    if len(doc.title_lines) == 1:
        line = doc.title_lines[0]
        rest = line[len(agency):].strip() if agency and line.startswith(agency) else ""
        if rest and len(line) > TITLE_CHARS_PER_LINE:
            return (agency, rest)
    return doc.title_lines


def _field_lines(items: list[str]) -> tuple[str, ...]:
    """“键：值”各项按行宽分行，项间空两个全角空格。"""
    lines: list[str] = []
    for item in items:
        if lines and len(lines[-1]) + 2 + len(item) <= FIELD_LINE_CHARS:
            lines[-1] = f"{lines[-1]}\u3000\u3000{item}"
        else:
            lines.append(item)
    return tuple(lines)


def file_stem(agency: str, year: int) -> str:
    """输出文件名（不含后缀）：机关名称-××年政府信息公开工作年度报告；去掉路径分隔符等。"""
    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", agency).strip(" ._") or "报告"
    return f"{safe}-{year}{TITLE_SUFFIX}"


UNIT_FIELD = "填报单位"
"""填报信息里印在统计表上方的一项；其余各项印在表下（见 :func:`_field_lines`）。"""


def _chapters(doc: Document, key: str, first: int) -> list[ReportPart]:
    """2019 年以前格式：机关自拟的各部分，接着编号。"""
    parts = []
    for offset, chapter in enumerate(doc.texts.get(key, ())):
        number = ordinal(0, first + offset)
        parts.append(
            ReportPart(
                key=f"{key}.{first + offset}",
                kind="chapter",
                number=number,
                title=chapter.title,
                heading=f"{number}{chapter.title}",
                blocks=text_blocks(chapter.body),
            )
        )
    return parts


def _appendices(
    doc: Document, tables: list[tuple[str, TableGrid, str]], fields: list[str], unit_line: str, label: str
) -> tuple[tuple[Appendix, ...], tuple[str, ...]]:
    """附件统计表与正文末尾的附件说明行。书记员照录的版面文字（``doc.attachment``）优先，
    没写的按统计表名称与年度生成。"""
    layout = doc.attachment
    appendices: list[Appendix] = []
    for i, (title, grid, note) in enumerate(tables, start=1):
        lines = layout.title_lines if i == 1 and layout.title_lines else (title,)
        appendices.append(
            Appendix(
                label=label if len(tables) == 1 else f"{label}{i}",
                title="".join(lines),
                title_lines=lines,
                caption=(layout.caption if i == 1 and layout.caption else f"（{doc.year}年度）"),
                unit_line=unit_line if i == 1 else "",
                table=grid,
                note=note,
                footer_lines=_field_lines(fields) if i == len(tables) else (),
            )
        )
    if len(appendices) == 1:
        return tuple(appendices), (layout.notice or f"{label}：{appendices[0].title}",)
    notes = tuple(
        f"{label}：{i}.{a.title}" if i == 1 else f"\u3000\u3000\u3000{i}.{a.title}"
        for i, a in enumerate(appendices, start=1)
    )
    return tuple(appendices), notes


_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def default_preamble(
    settings: Settings, doc: Document, meta: dict[str, str], title: str, part_titles: list[str]
) -> tuple[Block, ...]:
    """没有写“前言”时的开头：设置里的各段，占位符换成法规、年度、机关与元数据。

    为什么按句取舍：省份模板的前言常有“电子版可从××下载”“如有疑问请联系××”这样的句子，
    元数据没写网站、联系方式时整句不印，而不是印出半句。替换只做一遍，换进去的文字（书记员
    写的网站等）里即使有“{年度}”也原样照印。
    """
    short = meta.get("简称", "")
    values: dict[str, str] = {
        "法规": settings.citations,
        "年度": str(doc.year),
        "机关名称": doc.agency,
        "简称说明": f"（以下简称“{short}”）" if short else "",
        "标题": title,
        "各部分": "、".join(part_titles),
        **{name: meta[name] for name in ("网站", "联系方式") if name in meta},
    }

    def fill(sentence: str) -> str | None:
        names = _PLACEHOLDER.findall(sentence)
        if any(name not in values for name in names):
            return None  # 用到了没有填写的元数据
        return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), sentence)

    blocks: list[Block] = []
    for paragraph in settings.default_preamble:
        text = "".join(t for t in map(fill, paragraph) if t)
        if text.strip():
            blocks.append(ParagraphBlock(text))
    return tuple(blocks)


def build_report(doc: Document, *, draft: bool = False, settings: Settings | None = None) -> Report:
    """由校验过的文档组装报告模型。``settings`` 缺省为全国通用模板的设置。"""
    settings = settings or load_settings()
    parts: list[ReportPart] = []
    appendix_tables: list[tuple[str, TableGrid, str]] = []
    field_items: list[str] = []
    unit_line = ""
    for part in doc.spec.parts:
        title = settings.section_titles.get(part.key, part.title)
        if part.kind == "fields":
            values = doc.fields.get(part.key, {})
            for name in part.fields:
                if not values.get(name):
                    continue
                if name == UNIT_FIELD:
                    unit_line = f"{name}：{values[name]}"
                else:
                    field_items.append(f"{name}：{values[name]}")
            continue
        if part.kind == "parts":
            parts += _chapters(doc, part.key, len(parts) + 1)
            continue
        if part.kind == "table":
            table = doc.spec.table_of(part)
            grid = layout_table(doc.tables[table.key])
            if part.appendix:
                appendix_tables.append((settings.section_titles.get(part.key, table.title), grid, table.note))
                continue
            blocks: tuple[Block, ...] = (TableBlock(grid),)
        else:
            blocks = text_blocks(doc.texts.get(part.key, ()))
        number = ordinal(0, len(parts) + 1)
        parts.append(ReportPart(part.key, part.kind, number, title, f"{number}{title}", blocks))

    appendices, attachment_lines = _appendices(
        doc, appendix_tables, field_items, unit_line, settings.attachment_label
    )

    lines = title_lines(doc)
    meta = {str(k): str(v) for k, v in doc.meta.items() if isinstance(v, (str, int)) and not isinstance(v, bool) and str(v).strip()}
    if doc.preamble:
        preamble = text_blocks(doc.preamble)
    else:
        preamble = default_preamble(settings, doc, meta, "".join(lines), [p.title for p in parts])

    created = doc.published or dt.date(doc.year + 1, 1, 1)
    return Report(
        agency=doc.agency,
        year=doc.year,
        spec_id=doc.spec.id,
        spec_name=doc.spec.name,
        title_lines=lines,
        title="".join(lines),
        preamble=preamble,
        parts=tuple(parts),
        attachment_lines=attachment_lines,
        signature=Signature(doc.agency, format_date(doc.published) if doc.published else "", settings.signature),
        appendices=appendices,
        draft=draft,
        draft_text=settings.draft_text,
        created=created.isoformat(),
        file_stem=file_stem(doc.agency, doc.year),
        meta=meta,
    )
