"""汇总页面的 HTML：一个文件，样式写在页内，不引用任何外部资源，发邮件、拷 U 盘都能打开。"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

STYLE = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
th, td { border: 1px solid #bbb; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.name, td.tag { white-space: nowrap; }
tr.bad td { background: #fdecea; } tr.warn td { background: #fff8e1; }
code { font-size: 0.95em; } code.code { white-space: nowrap; } ul { margin: 0.3em 0; padding-left: 1.5em; }
.muted { color: #777; }
"""


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def page(title: str, body: Iterable[str], style: str = "") -> str:
    """整页：标题与正文片段（已转义的 HTML）；``style`` 是这一页另加的样式。"""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(title)}</title>\n<style>{STYLE}{style}</style>\n</head>\n<body>\n"
        f"<h1>{esc(title)}</h1>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def table(headers: Sequence[str], rows: Iterable[tuple[str, Sequence[str]]]) -> str:
    """表格。``rows`` 每项是（行的类名，各格已转义的 HTML）；数字格写成 ``<td class="num">`` 由调用方决定。"""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    lines = [f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>"]
    for css, cells in rows:
        attr = f' class="{css}"' if css else ""
        lines.append(f"<tr{attr}>" + "".join(c if c.startswith("<td") else f"<td>{c}</td>" for c in cells) + "</tr>")
    lines.append("</tbody>\n</table>")
    return "\n".join(lines)


def inline_code(text: str) -> str:
    """转义，并把问题代码登记表里（为 README 写的）成对反引号 `` `…` `` 排成 ``<code>``。"""
    parts = esc(text).split("`")
    if len(parts) % 2 == 0:  # 反引号不成对：原样显示
        return esc(text)
    return "".join(f"<code>{part}</code>" if i % 2 else part for i, part in enumerate(parts))


def name_cell(path: str, href: str | None = None) -> str:
    """文件格：只显示文件名（完整路径在悬停提示里），给出 ``href`` 时是链接。"""
    shown = esc(path.replace("\\", "/").rsplit("/", 1)[-1])
    inner = f'<a href="{esc(href)}">{shown}</a>' if href else shown
    return f'<td class="name" title="{esc(path)}">{inner}</td>'


def number(value: object) -> str:
    return f'<td class="num">{esc("" if value is None else value)}</td>'


def tag(text: str) -> str:
    """状态、结论这类短词：不折行。"""
    return f'<td class="tag">{esc(text)}</td>'
