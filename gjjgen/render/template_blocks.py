"""全国通用模板里的块与它们的说明：``gjjgen templates`` 列出可以覆盖的块，核对覆盖模板也用它。"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import jinja2
import jinja2.nodes

FIXED = "【固定】"
"""块说明以此开头的块不能覆盖（见 :func:`block_catalog`）。"""



@dataclass(frozen=True)
class BlockInfo:
    """全国通用模板里的一个块：名称、说明（取自紧挨在块前的注释）、嵌套深度、行号。"""

    name: str
    description: str
    depth: int
    scoped: bool
    line: int

    @property
    def fixed(self) -> bool:
        return self.description.startswith(FIXED)


def block_catalog(env: jinja2.Environment, source: str) -> list[BlockInfo]:
    """模板里的块，按出现顺序。说明就是紧挨在 ``{% block %}`` 之前的 ``{# … #}`` 注释——写在
    模板里，随块一起改，不会与模板对不上。"""
    blocks: list[BlockInfo] = []
    pending = ""
    depth = 0
    tokens = [t for t in env.lex(source) if t[1] != "whitespace"]
    for i, (line, kind, value) in enumerate(tokens):
        if kind == "comment":
            pending = " ".join(value.split())
        elif kind == "data" and value.strip():
            pending = ""
        elif kind == "block_begin" and i + 1 < len(tokens):
            tag = tokens[i + 1][2]
            if tag == "block":
                name = tokens[i + 2][2]
                scoped = i + 3 < len(tokens) and tokens[i + 3][2] == "scoped"
                blocks.append(BlockInfo(name, pending, depth, scoped, line))
                depth += 1
            elif tag == "endblock":
                depth -= 1
            pending = ""
    return blocks


def all_blocks(tree: jinja2.nodes.Template) -> set[str]:
    """模板里的全部块名（含嵌套在别的块里的）。"""
    return {block.name for block in tree.find_all(jinja2.nodes.Block)}


def outer_blocks(node: jinja2.nodes.Node) -> Iterator[jinja2.nodes.Block]:
    """不在别的块里面的块：子模板里只有它们是在“重写”下层的块。"""
    for child in node.iter_child_nodes():
        if isinstance(child, jinja2.nodes.Block):
            yield child
        else:
            yield from outer_blocks(child)
