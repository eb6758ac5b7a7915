"""叙述文字引用表中的数：``共收到政府信息公开申请{{ 依申请.本年新收.总计 }}件``。

为什么自己解析而不交给 Jinja：叙述文字是书记员写的数据，不是模板。这里只认一种写法——
``{{`` 与 ``}}`` 之间是一个用“.”分隔的名字——名字按格式文件解析（见
:func:`gjjgen.document.names.resolve_name`），换成表中算好的值；没有表达式、过滤器、属性访问，
也就无从执行任何东西。解析后的文字是普通字符串，模板只把它当数据输出（自动转义），
所以任何模板覆盖都无法“执行”书记员的文字。

渲染必须使用 :func:`resolve_references` 返回的文档（报告模型在由 ``Document`` 组装时调用
它），三种输出里印出的才是数而不是 ``{{ … }}``。
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from ..document.names import UnknownName, resolve_name
from ..document.passages import iter_passages, position
from ..document.textblock import Paragraph, Subsection, TextBlock
from ..problems.findings import Finding

if TYPE_CHECKING:
    from ..document.model import Chapter, Document

REFERENCE = re.compile(r"\{\{(.*?)\}\}", re.S)
"""一处引用：``{{ 名字 }}``（名字两边的空白不计）。"""

BLANK_TEXT = "—"
"""引用的格未填写时印出的文字（同时给出警告）。"""


def check_references(doc: Document) -> list[Finding]:
    """每一处引用都必须指向格式中存在的一格；指向未填的格时提示。"""
    findings = []
    for passage in iter_passages(doc):
        text = passage.text
        for occurrence, match in enumerate(REFERENCE.finditer(text)):
            where = position(doc, passage.path, "{{", occurrence)
            name = match.group(1).strip()
            try:
                item = resolve_name(doc.spec, name)
            except UnknownName as exc:
                findings.append(Finding(passage.path, "REF-UNKNOWN", f"「{passage.part}」中的引用 {match.group(0)}：{exc.message}", where=where))
                continue
            if item.value(doc) is None:
                findings.append(
                    Finding(
                        passage.path,
                        "REF-BLANK",
                        f"「{passage.part}」中的引用 {match.group(0)} 指向的{item.description}未填写，印出来是“{BLANK_TEXT}”",
                        "warning",
                        where=where,
                    )
                )
        leftover = REFERENCE.sub("", text)
        for marker in ("{{", "}}"):
            if marker in leftover:
                occurrence = text.count(marker) - leftover.count(marker)
                findings.append(
                    Finding(
                        passage.path,
                        "REF-SYNTAX",
                        f"「{passage.part}」中的“{marker}”没有配对；引用应写成 {{{{ 依申请.本年新收.总计 }}}} 这样，"
                        "两边的大括号各两个",
                        where=position(doc, passage.path, marker, occurrence),
                    )
                )
                break
    return findings


def resolve_text(doc: Document, text: str) -> str:
    """把文字中的引用换成值；解析不了的引用原样保留（校验时已报错）。"""

    def replace(match: re.Match[str]) -> str:
        try:
            item = resolve_name(doc.spec, match.group(1).strip())
        except UnknownName:
            return match.group(0)
        return item.text(doc) or BLANK_TEXT

    return REFERENCE.sub(replace, text) if "{{" in text else text


def _block(doc: Document, block: TextBlock) -> TextBlock:
    out: list[Paragraph | Subsection] = []
    for item in block:
        if isinstance(item, Paragraph):
            out.append(Paragraph(resolve_text(doc, item.text)))
        else:
            out.append(dataclasses.replace(item, title=resolve_text(doc, item.title), body=_block(doc, item.body)))
    return tuple(out)


def _chapter(doc: Document, chapter: Chapter) -> Chapter:
    return dataclasses.replace(chapter, title=resolve_text(doc, chapter.title), body=_block(doc, chapter.body))


def resolve_references(doc: Document) -> Document:
    """返回引用都换成值的文档副本（标题、前言、各叙述部分）；原文档不变。

    渲染（报告模型）在读叙述文字之前调用它：``build_report(resolve_references(doc))``。
    """
    from ..document.model import Chapter

    texts: dict[str, object] = {}
    for key, value in doc.texts.items():
        if value and isinstance(value[0], Chapter):
            texts[key] = tuple(_chapter(doc, c) for c in value)
        else:
            texts[key] = _block(doc, value)
    return dataclasses.replace(
        doc,
        title_lines=tuple(resolve_text(doc, line) for line in doc.title_lines),
        preamble=_block(doc, doc.preamble),
        texts=texts,
    )
