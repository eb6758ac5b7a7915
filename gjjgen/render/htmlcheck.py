"""核对模板的输出与覆盖模板的写法：只用受限词汇，数据不会不经转义进入输出。

为什么在这里一次核对：三种格式都从同一份 HTML 来，DOCX 只认识
:mod:`gjjgen.render.vocabulary` 表里的元素、类名与属性；网页、PDF 里多出来的东西（图片、
内联样式、事件属性、``<meta http-equiv=refresh>``）Word 里没有，还可能在读者的浏览器里
执行。所以模板链渲染完，整份输出按那张表核对一次；覆盖模板里把文字原样输出的写法
（``|safe``、``{% autoescape false %}``）在读入模板时就拒绝——书记员写的文字永远是数据。

这里只找出问题（位置与说明），抛哪种异常、用哪个代码由调用者（:mod:`gjjgen.render.layers`）决定。
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import jinja2.nodes

from .vocabulary import (
    COL_STYLE_PROPERTY,
    CONTENT_TAGS,
    DOCUMENT_TAGS,
    allowed_attributes,
    allowed_classes,
)

__all__ = ["HtmlFinding", "find_raw_output", "find_unknown_html"]

VOCABULARY_HINT = (
    "只能用 h1–h4、p、br、span、b、div、table 等受限词汇（见 gjjgen/render/__init__.py），字体、字号写在 settings.yaml"
)

_COL_WIDTH_RE = re.compile(rf"^\s*{COL_STYLE_PROPERTY}\s*:\s*[0-9]+(\.[0-9]+)?%\s*;?\s*$")
_SHOWN_LIMIT = 40


@dataclass(frozen=True)
class HtmlFinding:
    """一处问题：说明，以及在模板文件里找它所在行用的字样。"""

    message: str
    needle: str


def _shown(text: str) -> str:
    """印进消息的模板文字：控制字符写成转义，过长的截断。"""
    escaped = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)
    return escaped if len(escaped) <= _SHOWN_LIMIT else escaped[:_SHOWN_LIMIT] + "…"


class _Collector(HTMLParser):
    """走一遍输出，记下第一处不合词汇的地方。文档头之前、正文里各有各的许可。"""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.finding: HtmlFinding | None = None
        self.seen_html = False
        self.in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.finding is None:
            self.finding = self._check(tag, attrs)
        if tag == "html":
            self.seen_html = True
        elif tag == "body":
            self.in_body = True

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> HtmlFinding | None:
        if tag in DOCUMENT_TAGS and not self.in_body and (self.seen_html or tag == "html"):
            return self._check_attributes(tag, attrs)
        if tag in DOCUMENT_TAGS:
            return HtmlFinding(
                f"模板输出了 <{tag}>，它只能出现在全国通用模板固定的文档头里（覆盖模板只能输出正文）；{VOCABULARY_HINT}",
                f"<{tag}",
            )
        if tag in CONTENT_TAGS and not self.in_body:
            return HtmlFinding(
                f"模板在 <body> 之外输出了 <{tag}>（多半是写在 {{% extends %}} 之前的内容，Jinja 照样印出）；"
                "覆盖模板只能在块里输出正文",
                f"<{tag}",
            )
        if tag not in CONTENT_TAGS:
            return HtmlFinding(f"模板输出了 <{tag}>，DOCX 不认识它，网页、PDF 与 Word 会不一样；{VOCABULARY_HINT}", f"<{tag}")
        return self._check_attributes(tag, attrs)

    def _check_attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> HtmlFinding | None:
        allowed = allowed_attributes(tag)
        for name, value in attrs:
            if name == "style" and (tag != "col" or not _COL_WIDTH_RE.match(value or "")):
                return HtmlFinding(f"模板输出了 <{tag} style=…>，DOCX 不认识它，网页、PDF 与 Word 会不一样；{VOCABULARY_HINT}", "style=")
            if name not in allowed:
                what = "事件属性会在读者的浏览器里执行脚本" if name.startswith("on") else "DOCX 不认识它"
                return HtmlFinding(
                    f"模板输出了 <{tag} {_shown(name)}=…>，属性“{_shown(name)}”不在许可之列（{what}）；"
                    f"<{tag}> 只能写 {'、'.join(sorted(allowed))}",
                    f"{name}=",
                )
            if name == "class":
                unknown = sorted(set((value or "").split()) - allowed_classes(tag))
                if unknown:
                    return HtmlFinding(
                        f"模板输出了 <{tag} class=\"{_shown(value or '')}\">，类名“{_shown(unknown[0])}”不在受限词汇里，"
                        f"DOCX 不认识它，网页、PDF 与 Word 会不一样；{VOCABULARY_HINT}",
                        unknown[0],
                    )
        return None


def find_unknown_html(html: str) -> HtmlFinding | None:
    """输出里第一处词汇以外的元素、属性或类名；都合词汇时返回 None。"""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.finding


def locate(needle: str, files: list[Path]) -> str:
    """在覆盖模板里找写出问题的那一行：“文件:行”；找不到时是“模板”。"""
    for path in (f for f in files if f.is_file()):
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        number = next((n for n, line in enumerate(lines, 1) if needle.lower() in line.lower()), None)
        if number is not None:
            return f"{path}:{number}"
    return "模板"


def find_raw_output(tree: jinja2.nodes.Template) -> tuple[int, str] | None:
    """覆盖模板里把文字不经转义原样输出的写法：``|safe``（也包括 ``{% filter safe %}``、
    ``map("safe")``）与 ``{% autoescape … %}``。返回 (行号, 说明)；没有时返回 None。"""
    for node in tree.find_all((jinja2.nodes.Filter, jinja2.nodes.ScopedEvalContextModifier, jinja2.nodes.EvalContextModifier)):
        if isinstance(node, jinja2.nodes.Filter):
            if node.name == "safe" or _names_safe(node):
                return node.lineno, "模板用 |safe 把文字原样输出"
            continue
        return node.lineno, "模板用 {% autoescape %} 改了转义"
    return None


def _names_safe(node: jinja2.nodes.Filter) -> bool:
    """``map("safe")`` 之类把过滤器名当参数传的写法。"""
    return any(isinstance(arg, jinja2.nodes.Const) and arg.value == "safe" for arg in node.args)
