"""校验通过后的数据：标准键、已解析的文字块、已算好合计的表。

渲染只读这个对象，不再看 YAML，也不再做任何校验。
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..source.datafile import Loaded
from ..spec.formats import Common, Spec
from .structure import parse_date
from .tables import TableValues, read_table
from .textblock import TextBlock, parse_textblock


@dataclass(frozen=True)
class Chapter:
    """2019 年以前格式的正文部分：机关自拟的标题与内容。"""

    title: str
    body: TextBlock


ATTACHMENT_PART = "附件"
"""2019 年以前格式里记录附件版面文字的部分（见 schemas/pre-2019.yaml）。"""


@dataclass(frozen=True)
class Attachment:
    """附件的版面文字，照录已发布的报告；没写的为空，由排版按统计表名称生成。

    ``notice`` 是正文末尾列出附件的一行（“附件：政府信息公开情况统计表（2017年度）”），
    ``title_lines`` 是附件统计表上方的表题（可多行），``caption`` 是表题下的说明行。
    """

    notice: str = ""
    title_lines: tuple[str, ...] = ()
    caption: str = ""


@dataclass
class Document:
    spec: Spec
    common: Common
    path: Path
    meta: dict[str, Any]
    year: int
    published: dt.date | None
    title_lines: tuple[str, ...] = ()
    preamble: TextBlock = ()
    texts: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, TableValues] = field(default_factory=dict)
    fields: dict[str, dict[str, str]] = field(default_factory=dict)
    attachment: Attachment = field(default_factory=Attachment)
    loaded: Loaded | None = field(default=None, repr=False, compare=False)
    """读入结果（标准键的数据与行列表），供需要指出叙述文字中具体位置的检查使用。"""

    @property
    def agency(self) -> str:
        return str(self.meta.get("机关名称", ""))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value).strip()


def build_document(loaded: Loaded, spec: Spec, common: Common) -> Document:
    """由已通过结构校验的数据组装 :class:`Document`（数据有误的格按未填处理）。"""
    data = loaded.data
    meta = dict(data.get(common.metadata_key) or {})
    title = data.get("标题")
    if isinstance(title, str):
        title_lines = tuple(line.strip() for line in title.splitlines() if line.strip())
    elif isinstance(title, list):
        title_lines = tuple(str(line).strip() for line in title if str(line).strip())
    else:
        title_lines = ()
    doc = Document(
        spec=spec,
        common=common,
        path=loaded.path,
        meta=meta,
        year=int(meta.get("报告年度", 0) or 0),
        published=parse_date(meta.get("发布日期")),
        title_lines=title_lines,
        preamble=parse_textblock(data.get("前言"))[0],
        loaded=loaded,
    )
    for part in spec.parts:
        value = data.get(part.key)
        if part.kind == "text":
            doc.texts[part.key] = parse_textblock(value)[0]
        elif part.kind == "parts":
            chapters = []
            for item in value if isinstance(value, list) else []:  # 写错形状的已由结构校验报告
                if isinstance(item, dict):
                    block = parse_textblock(item)[0]
                    if block:
                        section = block[0]
                        chapters.append(Chapter(title=section.title, body=section.body))  # type: ignore[union-attr]
            doc.texts[part.key] = tuple(chapters)
        elif part.kind == "fields":
            values = {k: _text(v) for k, v in (value if isinstance(value, dict) else {}).items() if _text(v)}
            if part.key == ATTACHMENT_PART:
                doc.attachment = Attachment(
                    notice=values.get("附件说明", ""),
                    title_lines=tuple(line.strip() for line in values.get("表题", "").splitlines() if line.strip()),
                    caption=values.get("表题注", ""),
                )
            else:
                doc.fields[part.key] = values
        else:
            table = spec.table_of(part)
            doc.tables[table.key] = read_table(table, value, (part.key,), loaded)
    return doc
