"""表头 → 每个数值列是法定的哪一列。按表头文字对，不按位置。

法定的列是一棵树（格式文件派生）：表三“申请人情况”下有“自然人”“法人或其他组织”（其下五列）
“总计”；表四“行政复议”“行政诉讼”（其下“未经复议直接起诉”“复议后起诉”）各有五列。

- 有真实列位置的表（网页、DOCX、PDF）：每一列自上而下的表头文字是一条路径，沿树往下对；
  对不上的文字（角上的说明）跳过，走不到叶子的列是不认识的列（如多出的“法人或其他组织小计”）。
- 纯文本的表（各行格数不一）：逐行展开——上一行的分组由下一行里依次对得上的格替换，
  得到按原文次序的叶子；夹在中间对不上的格记为不认识的列，占住它的位置。
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..spec.objects import Column, GroupsTable, MatrixTable
from .labels import Candidate, match
from .model import SourceCell


@dataclass
class ColumnNode:
    label: str
    key: tuple[str, ...] = ()
    """叶子：数据里的列键（表四为 (组键, 列键)）；分组为空。"""
    children: list[ColumnNode] = field(default_factory=list)

    @property
    def candidate(self) -> Candidate:
        return Candidate(self.key or (self.label,), (self.label, *self.key[-1:]))


@dataclass(frozen=True)
class Leaf:
    """一个数值列：对上的法定列（``node`` 为 None 表示不认识）、表头文字、对上的方式。"""

    node: ColumnNode | None
    header: str
    how: str


def _attach(parent: ColumnNode, groups: dict[str, ColumnNode], name: str | None, child: ColumnNode) -> None:
    """把 ``child`` 挂到名为 ``name`` 的分组下（分组第一次出现时建在 ``parent`` 下）；没有分组就直接挂。"""
    if not name:
        parent.children.append(child)
        return
    if name not in groups:
        groups[name] = ColumnNode(name)
        parent.children.append(groups[name])
    groups[name].children.append(child)


def column_tree(table: MatrixTable | GroupsTable) -> ColumnNode:
    """法定的列树（根节点没有标签）：矩阵表是可选的总表头下的列（分组的列挂在组下），分组表是各组下同样的列。"""
    root = ColumnNode("")
    groups: dict[str, ColumnNode] = {}
    if isinstance(table, MatrixTable):
        top = ColumnNode(table.column_header) if table.column_header else root
        if top is not root:
            root.children.append(top)
        for column in table.columns:
            _attach(top, groups, column.group, ColumnNode(column.label, (column.key,)))
    else:
        for group in table.groups:
            node = ColumnNode(group.label, children=[ColumnNode(c.label, (group.key, c.key)) for c in table.columns])
            _attach(root, groups, group.parent, node)
    return root


def section_tree(columns: tuple[Column, ...]) -> ColumnNode:
    return ColumnNode("", children=[ColumnNode(c.label, (c.key,)) for c in columns])


def _descendants(node: ColumnNode) -> list[ColumnNode]:
    out: list[ColumnNode] = []
    for child in node.children:
        out.append(child)
        out.extend(_descendants(child))
    return out


def _pick(text: str, node: ColumnNode, used: dict[int, set[tuple[str, ...]]], deep: bool = False) -> tuple[ColumnNode, str] | None:
    """``node`` 之下对得上 ``text`` 的子节点；``deep`` 为真时也找更深的层（原文省去了分组那一格）。"""
    pool = _descendants(node) if deep else node.children
    by_key = {id(child): child for child in pool}
    candidates = [Candidate((str(id(c)),), c.candidate.names) for c in pool]
    found = match(text, candidates, used.setdefault(id(node), set()))
    if found is None:
        return None
    candidate, how = found
    used[id(node)].add(candidate.key)
    return by_key[int(candidate.key[0])], how


def geometric_leaves(header_rows: list[list[SourceCell]], columns: range, tree: ColumnNode) -> dict[int, Leaf]:
    """有列位置的表：列号 → 叶子（只含有表头文字的列）。"""
    used: dict[int, set[tuple[str, ...]]] = {}
    seen: dict[tuple[int, ...], Leaf] = {}
    out: dict[int, Leaf] = {}
    for col in columns:
        path: list[SourceCell] = []
        for row in header_rows:
            for cell in row:
                if cell.col <= col < cell.col + cell.colspan and cell.text and (not path or path[-1] is not cell):
                    path.append(cell)
        if not path:
            continue
        ident = tuple(id(c) for c in path)
        if ident in seen:
            out[col] = seen[ident]
            continue
        node, how = tree, "exact"
        for cell in path:
            picked = _pick(cell.text, node, used) or _pick(cell.text, node, used, deep=True) if node.children else None
            if picked is not None:
                node, step = picked
                how = step if step != "exact" else how
        leaf = Leaf(node if node.key else None, path[-1].text, how)
        seen[ident] = leaf
        out[col] = leaf
    return out


def ordered_leaves(header_rows: list[list[SourceCell]], tree: ColumnNode) -> list[Leaf]:
    """纯文本的表：按原文次序的叶子。"""
    seq: list[Leaf | ColumnNode] = [tree]
    for row in header_rows:
        items = [c.text for c in row if c.text]
        if not any(isinstance(n, ColumnNode) and n.children for n in seq):
            break
        new: list[Leaf | ColumnNode] = []
        for node in seq:
            if not isinstance(node, ColumnNode) or not node.children:
                new.append(node)
                continue
            kids: list[Leaf | ColumnNode] = []
            used: dict[int, set[tuple[str, ...]]] = {}
            while items and sum(not (isinstance(k, Leaf) and k.node is None) for k in kids) < len(node.children):
                picked = _pick(items[0], node, used)
                if picked is None:
                    ahead = any(_pick(t, node, dict(used)) for t in items[1:2])
                    if kids and ahead:
                        kids.append(Leaf(None, items[0], "exact"))
                    elif kids:
                        break
                    items.pop(0)
                    continue
                child, how = picked
                kids.append(child if child.children else Leaf(child, items[0], how))
                items.pop(0)
            new.extend(kids or [node])
        seq = new
    return [item for item in seq if isinstance(item, Leaf)]
