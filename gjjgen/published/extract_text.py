"""纯文本导出（网页复制、PDF 转文字）→ 段落与表格。

表格有四种写法：``a | b |`` 管道行、带 ``|---|`` 的 Markdown 表、制表符分隔行、每格一行并以
`` |`` 结尾（三栏的统计表：统计指标、单位、统计数）。连续的表格行（可夹空行，即分页）是
一张表；这样的表没有可信的列位置（各行格数不一），只能按表头的次序读。分页造成的断句：
上一行是没有结束的句子、两行之间只有空行，就接起来。
"""

from __future__ import annotations

import re

from .model import Extracted, Grid, SourceCell, SourcePara, SourcePlace

_MD_SEPARATOR = re.compile(r"\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?")
_BLOCK_START = re.compile(
    r"(?:[一二三四五六七八九十]+、|[（(]\s*[一二三四五六七八九十]+\s*[）)]|\d+\s*[.、．]|附件|[（(]?\s*注)"
)
_DATE = re.compile(r"[（(]?\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*[）)]?")
_SENTENCE_END = "。！？；：!?;:…"
_CLOSERS = "”’\"'）)】》」』"
_PROSE = re.compile(r"[，,。；;]")
ONE_CELL_WIDTH = 3
"""每格一行的写法只见于三栏的统计表（统计指标 | 单位 | 统计数）。"""


def _is_table_line(line: str) -> bool:
    return "|" in line or "\t" in line


def _split(line: str) -> list[str] | None:
    s = line.strip()
    if "\t" in line and "|" not in line:
        return [c.strip() for c in line.split("\t")]
    if _MD_SEPARATOR.fullmatch(s):
        return None
    s = s[1:] if s.startswith("|") else s
    s = s[:-1] if s.endswith("|") else s
    return [c.strip().replace("**", "") for c in s.split("|")]


def _grid(lines: list[tuple[int, str]], number: int) -> Grid:
    rows: list[tuple[int, list[str]]] = []
    pending: list[tuple[int, str]] = []

    def flush() -> None:
        for k in range(0, len(pending) - len(pending) % ONE_CELL_WIDTH, ONE_CELL_WIDTH):
            chunk = pending[k : k + ONE_CELL_WIDTH]
            rows.append((chunk[0][0], [t for _n, t in chunk]))
        pending.clear()

    for n, line in lines:
        s = line.strip()
        if not s:
            continue
        if s.endswith("|") and s.count("|") == 1:
            pending.append((n, s[:-1].strip()))
            continue
        flush()
        cells = _split(line)
        if cells is not None and any(cells):
            rows.append((n, cells))
    flush()
    out: list[SourceCell] = []
    for r, (n, cells) in enumerate(rows):
        for c, text in enumerate(cells):
            out.append(SourceCell(r, c, text, SourcePlace(table=number, row=r + 1, col=c + 1, line=n)))
    return Grid(out, SourcePlace(table=number, line=lines[0][0]), geometric=False)


def _ends(text: str) -> bool:
    t = text.rstrip().rstrip(_CLOSERS)
    return bool(t) and t[-1] in _SENTENCE_END


def _continues(previous: str, line: str) -> bool:
    """分页断句：上一段是没写完的句子，本行不像新的一块（标题、列项、日期）。"""
    if _ends(previous) or not _PROSE.search(previous):
        return False
    return not (_BLOCK_START.match(line) or _DATE.fullmatch(line))


def extract_text(text: str) -> Extracted:
    """纯文本全文 → 段落与表格。"""
    lines = text.split("\n")
    result = Extracted("text")
    tables = 0
    i = 0
    gap = False
    while i < len(lines):
        line = lines[i].strip()
        if not line:
            gap = True
            i += 1
            continue
        if _is_table_line(line):
            j = i
            while j < len(lines) and (not lines[j].strip() or _is_table_line(lines[j])):
                j += 1
            tables += 1
            result.blocks.append(_grid([(k + 1, lines[k]) for k in range(i, j)], tables))
            i, gap = j, False
            continue
        last = result.blocks[-1] if result.blocks else None
        if gap and isinstance(last, SourcePara) and _continues(last.text, line):
            result.blocks[-1] = SourcePara(last.text + line, last.place)
        else:
            result.blocks.append(SourcePara(line.replace("**", ""), SourcePlace(line=i + 1)))
        gap = False
        i += 1
    return result
