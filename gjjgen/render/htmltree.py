"""把 HTML 文本解析成最小的元素树（:class:`Node`）：块的切分（``blocks``）与字形检查共用。

只用标准库 ``html.parser``，不依赖浏览器；容错：手改的 HTML 缺了结束标签也能建成树，
不抛异常，也不丢文字。
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

__all__ = ["BLOCK_TAGS", "PARA_TAGS", "SKIP_TAGS", "VOID_TAGS", "Node", "parse_html"]

# ---------------------------------------------------------------------------
# 最小 DOM
# ---------------------------------------------------------------------------

VOID_TAGS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
# 这些元素的内容不是正文（脚本、样式、文档头）。
SKIP_TAGS = frozenset(["head", "script", "style", "template", "title", "noscript"])
# 块级元素：遇到它们时，前面累积的行内文字先成段。
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
# 自身就是“一段”的块（内部再出现块时各自成段）。
PARA_TAGS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "dt",
        "dd",
        "caption",
        "figcaption",
        "address",
        "pre",
        "summary",
    ]
)
_CLOSES_P = BLOCK_TAGS - {"td", "th", "tr", "tbody", "thead", "tfoot", "caption"}


@dataclass
class Node:
    """一个 HTML 元素：标签名、属性与子节点（字符串为文本）。"""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> frozenset[str]:
        return frozenset(self.attrs.get("class", "").split())

    def text(self) -> str:
        """所有后代文本（未折叠空白），用于取水印文字等。"""
        parts: list[str] = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag not in SKIP_TAGS:
                parts.append(child.text())
        return "".join(parts)


class _TreeBuilder(HTMLParser):
    """容错的建树器：模板输出本应规整，但手改的 HTML 也不能让转换崩溃。"""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.stack: list[Node] = [self.root]

    def _innermost(self, tags: frozenset[str] | set[str], stop: frozenset[str]) -> int | None:
        """栈中最内层属于 ``tags`` 的元素下标；先遇到 ``stop`` 中的元素则返回 None。"""
        for i in range(len(self.stack) - 1, 0, -1):
            tag = self.stack[i].tag
            if tag in tags:
                return i
            if tag in stop:
                return None
        return None

    def _pop_to(self, index: int | None) -> None:
        if index is not None:
            del self.stack[index:]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        table_scope = frozenset({"table", "td", "th"})
        if tag in _CLOSES_P:
            self._pop_to(self._innermost({"p"}, table_scope))
        if tag in ("td", "th"):
            self._pop_to(self._innermost({"td", "th"}, frozenset({"table", "tr"})))
        elif tag == "tr":
            self._pop_to(self._innermost({"tr"}, frozenset({"table"})))
        elif tag in ("thead", "tbody", "tfoot"):
            self._pop_to(self._innermost({"thead", "tbody", "tfoot"}, frozenset({"table"})))
        elif tag == "li":
            self._pop_to(self._innermost({"li"}, frozenset({"ul", "ol", "table"})))
        elif tag in ("dt", "dd"):
            self._pop_to(self._innermost({"dt", "dd"}, frozenset({"dl", "table"})))
        node = Node(tag, {k.lower(): (v or "") for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID_TAGS:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag.lower() not in VOID_TAGS and self.stack[-1].tag == tag.lower():
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag in VOID_TAGS:
            return
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if data:
            self.stack[-1].children.append(data)


def parse_html(html: str) -> Node:
    """把 HTML 文本解析成 :class:`Node` 树（根节点标签为 ``#root``）。"""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root
