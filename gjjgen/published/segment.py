"""切分：标题、前言、法定各部分（按部分标题认，序号与标点写法不拘）、表格归属、落款，
以及要丢掉的网页附属文字（导航、打印/关闭、索引号表、页脚）。

（一）（二）……开头的段落是分节标题；标题后接着正文的（“（一）……。一是……”）拆成标题与正文。
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from ..document.textblock import Paragraph, Subsection, TextBlock
from ..spec.formats import match_key
from ..spec.objects import Part, Spec
from .detect import which_table
from .model import Grid, SourcePara, SourcePlace

_PART = re.compile(r"^\s*([一二三四五六七八九十]+)\s*[、.．]\s*(.+)$")
_SUB = re.compile(r"^\s*[（(]\s*[一二三四五六七八九十]+\s*[）)]\s*(.+)$")
_DATE = re.compile(r"^[（(]?\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*[）)]?$")
_YEAR = re.compile(r"(\d{4})\s*年")
FURNITURE = re.compile(
    r"^(?:首页|当前位置|您当前的位置|打印|关闭|【?打印本页|【?关闭窗口|字号|分享到|索引号|发布机构|发文日期|"
    r"文章来源|来源[:：]|责任编辑|编辑[:：]|浏览次数|访问量|扫一扫|网站地图|版权所有|主办单位|联系我们|上一篇|下一篇|"
    r"\[?\s*(?:大|中|小)\s*\]?\s*(?:\[?\s*(?:大|中|小)\s*\]?\s*)*$)"
)


@dataclass
class Segmented:
    title: list[SourcePara] = field(default_factory=list)
    preamble: list[SourcePara] = field(default_factory=list)
    texts: dict[str, list[tuple[str, TextBlock]]] = field(default_factory=dict)
    text_places: dict[str, SourcePlace] = field(default_factory=dict)
    grids: dict[str, list[Grid]] = field(default_factory=dict)
    """表键 → 这张表的各段（分页拆开的表有几段）。"""
    date: tuple[int, int, int] | None = None
    agency: str = ""
    dropped: list[str] = field(default_factory=list)
    appendix: list[SourcePara] = field(default_factory=list)


def _part_for(title: str, parts: list[Part]) -> Part | None:
    wanted = match_key(title).rstrip("。")
    for part in parts:
        for name in (part.title, part.key, *part.aliases):
            key = match_key(name)
            if wanted == key or key in wanted or difflib.SequenceMatcher(None, wanted, key).ratio() >= 0.8:
                return part
    return None


def _block(paras: list[str]) -> TextBlock:
    """段落 → 文字块：（一）开头的段落起一个分节，其后的段落是它的正文。"""
    items: list[Paragraph | Subsection] = []
    current: tuple[str, list[Paragraph]] | None = None

    def close() -> None:
        if current is not None:
            items.append(Subsection(current[0], tuple(current[1]), False))

    for text in paras:
        found = _SUB.match(text)
        if found:
            close()
            title, body = found.group(1), []
            stop = title.find("。")
            if 0 <= stop < len(title) - 1:
                title, rest = title[: stop + 1], title[stop + 1 :]
                body.append(Paragraph(rest))
            current = (title, body)
        elif current is not None:
            current[1].append(Paragraph(text))
        else:
            items.append(Paragraph(text))
    close()
    return tuple(items)


class _Segmenter:
    """逐块走一遍原文：表格归到法定表，段落归到标题、前言、各部分、附件或附属文字。"""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.out = Segmented()
        self.table_parts = {p.table: p for p in spec.parts if p.kind == "table"}
        self.headings = [p for p in spec.parts if p.kind in ("text", "table")]
        self.chapters = next((p for p in spec.parts if p.kind == "parts"), None)
        self.current: Part | None = None
        self.chapter: str | None = None
        self.bucket: list[str] = []
        self.started = False
        self.in_appendix = False
        self.last_table: str | None = None

    def close(self) -> None:
        if self.current is not None and (self.bucket or self.chapter):
            self.out.texts.setdefault(self.current.key, []).append((self.chapter or "", _block(self.bucket)))
        self.bucket = []

    def table(self, block: Grid) -> None:
        """表格按内容认是哪张法定表；紧接着的同一张表的下一段（分页拆开）接在后面。"""
        out = self.out
        key = which_table(block, self.spec)
        if key is None:
            out.dropped.append("表格：" + " ".join(c.text for c in block.cells[:6] if c.text))
            return
        if key in out.grids and self.last_table == key:
            out.grids[key].append(block)
        elif key not in out.grids:
            out.grids[key] = [block]
        self.last_table = key
        part = self.table_parts.get(key)
        self.in_appendix = self.in_appendix or bool(part and part.appendix)

    def heading(self, block: SourcePara, text: str) -> bool:
        """“一、……”是法定某部分（或 2019 年以前格式的自拟部分）的标题时换到那一部分。"""
        found = _PART.match(text)
        if not found or len(text) > 40:
            return False
        part = _part_for(found.group(2), self.headings) if self.chapters is None else self.chapters
        if part is None:
            return False
        self.close()
        self.started = True
        self.current = part
        self.chapter = found.group(2).strip() if self.chapters is not None else None
        self.out.text_places.setdefault(part.key, block.place)
        return True

    def paragraph(self, block: SourcePara) -> None:
        out, text = self.out, block.text.strip()
        if FURNITURE.match(text):
            out.dropped.append(text)
        elif not out.title:
            if "报告" in text and not re.search(r"[。；，,]", text) and len(text) < 60:
                out.title = bucket_title(out, block)
            else:
                out.dropped.append(text)
        elif not self.started and not out.preamble and (found := _DATE.match(text)):
            out.date = (int(found.group(1)), int(found.group(2)), int(found.group(3)))
        elif self.in_appendix or text.startswith(("附件", "附表")):
            self.in_appendix = True
            out.appendix.append(block)
        elif self.heading(block, text):
            return
        elif not self.started:
            out.preamble.append(block)
        elif self.current is not None and self.current.kind in ("text", "parts"):
            self.bucket.append(text)


def segment(blocks: list[SourcePara | Grid], spec: Spec) -> Segmented:
    """按原文顺序切分（格式已认出，部分标题与法定表都取自它）。"""
    segmenter = _Segmenter(spec)
    for block in blocks:
        if isinstance(block, Grid):
            segmenter.table(block)
        else:
            segmenter.paragraph(block)
    segmenter.close()
    _signature(segmenter.out, spec)
    return segmenter.out


def bucket_title(out: Segmented, block: SourcePara) -> list[SourcePara]:
    """标题：这一行，加上紧挨在它前面、被暂记为附属文字的机关名称行（“××中心”另起一行的写法）。"""
    lines = [block]
    if out.dropped and not re.search(r"[。；，,:：]", out.dropped[-1]) and out.dropped[-1].endswith(("中心", "局", "委员会", "办公室")):
        lines.insert(0, SourcePara(out.dropped.pop(), block.place))
    return lines


def _signature(out: Segmented, spec: Spec) -> None:
    """落款：最后一部分末尾的“机关名称 / 日期”两行（或只有署名、或只有日期）。"""
    for _key, blocks in reversed(list(out.texts.items())):
        if not blocks:
            continue
        title, block = blocks[-1]
        items = list(block)
        if items and isinstance(items[-1], Paragraph) and (found := _DATE.match(items[-1].text)):
            out.date = (int(found.group(1)), int(found.group(2)), int(found.group(3)))
            items.pop()
        last = items[-1] if items else None
        if isinstance(last, Paragraph) and _is_agency(last.text, out, bool(out.date)):
            out.agency = last.text
            items.pop()
        blocks[-1] = (title, tuple(items))
        break
    for a, d in zip(out.appendix, out.appendix[1:], strict=False):
        found = _DATE.match(d.text)
        if found and not out.date and _is_agency(a.text, out, True):
            out.date = (int(found.group(1)), int(found.group(2)), int(found.group(3)))
            out.agency = a.text


def _is_agency(text: str, out: Segmented, dated: bool) -> bool:
    """署名：短、没有句读；紧挨着日期的就是，单独一行的还要是标题里的机关名称。"""
    if len(text) > 40 or re.search(r"[。，,；;：:！？]", text):
        return False
    title = "".join(p.text for p in out.title).replace(" ", "")
    return dated or text.replace(" ", "") in title


def title_year(title: list[SourcePara]) -> int | None:
    for para in title:
        found = _YEAR.search(para.text)
        if found:
            return int(found.group(1))
    return None
