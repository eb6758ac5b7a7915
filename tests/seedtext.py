"""种子报告纯文本导出的解析器：把五份真实报告拆成标题、正文段落、统计表与落款。

为什么单独写：种子是网页/文档导出的纯文本，表格有四种写法（``a | b |`` 管道行、带
``|---|`` 的 Markdown 表、制表符分隔行、每格一行并以 `` |`` 结尾），还夹着分页造成的
断段、断表和错位格。保真度测试要逐格比较“数”，所以这里只做诚实的版面去噪：
数字照原文保留，“—”与空格各自保留，表头行单独返回、不参与比较。

只依赖标准库，不引用项目代码，免得被测对象的错误在解析器里被“抵消”。
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

Table = list[list[str]]
"""一张表：按文档顺序的行，每行是去掉首尾空白的单元格文本。"""

TABLE_NAMES = ("主动公开", "依申请公开", "复议诉讼", "统计表")

SEEDS_DIR = Path(os.environ.get("GJJGEN_SEEDS", Path(__file__).resolve().parent / "seeds"))
"""已发布年报的文本（tests/seeds/）；可用环境变量 ``GJJGEN_SEEDS`` 覆盖。"""

# 各法定表数据区的列数。用于吸收错位行多出来的空格；主动公开表各节列数不同，不设。
_WIDTHS = {"依申请公开": 7, "复议诉讼": 15}

# 每格一行的统计表（种子 001）：统计指标 | 单位 | 统计数。
_ONE_CELL_ROW_WIDTH = 3

_QUOTES = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "＂": '"',
        "‘": "'",
        "’": "'",
        "＇": "'",
    }
)
_SPACE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_MD_LINK = re.compile(r"<((?:https?|ftp)://[^<>\s]+)>")

_DATE = r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
_DATE_LINE = re.compile(rf"({_DATE})")
_PAREN_DATE_LINE = re.compile(rf"[（(]\s*({_DATE})\s*[）)]")
_PART_HEADING = re.compile(r"[一二三四五六七八九十]+、")
# 以这些开头的行是新的一块（标题、列项、附件、注），不会接到上一段后面。
_BLOCK_START = re.compile(
    r"(?:[一二三四五六七八九十]+、|[（(]\s*[一二三四五六七八九十]+\s*[）)]|\d+\s*[.、．]|附件|[（(]?\s*注)"
)
_MD_SEPARATOR = re.compile(r"\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?")
_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)*(?:%|万元|元)?")
_DASHES = frozenset({"—", "——", "-", "--", "–", "/"})
_SENTENCE_END = "。！？；：!?;:…"
_CLOSERS = "”’\"'）)】》」』"
_PROSE_PUNCT = re.compile(r"[，,。；;]")


def normalize(s: str) -> str:
    """比较用的规范形：全/半角、标点变体、空白、Markdown 记号都不应算作差异。

    NFKC 统一全角/半角（（）→()，，→,，：→:，；→;），“顿号”保留；各种引号统一为
    ``"``/``'``；去掉 ``**`` 强调记号和链接尖括号 ``<http://…>``；去掉全部空白。
    """
    s = unicodedata.normalize("NFKC", s)
    s = s.replace("**", "")
    s = _MD_LINK.sub(r"\1", s)
    s = s.translate(_QUOTES)
    return _SPACE.sub("", s)


@dataclass
class DataRow:
    """表中一行数据：最具体的行标签（已规范化）和原样的数值格。

    ``values`` 里数字照写，“—”照写，空格为 ``""``，与 ``"0"`` 区分开。
    ``path`` 是这一行里出现的全部标签格（外层在前，已规范化），因分页/合并单元格，
    外层标签只在其第一行出现。``unit`` 只有统计表有。
    """

    label: str
    values: list[str]
    path: tuple[str, ...] = ()
    unit: str = ""


@dataclass
class TableData:
    """一张法定表的数据视图：表头行（不可靠，仅供查看）与数据行。"""

    header_rows: list[list[str]]
    rows: list[DataRow]

    def find(self, label: str) -> list[DataRow]:
        """标签相同的所有行（统计表里“(二)被依法纠错数”等会重复出现）。"""
        key = normalize(label)
        return [row for row in self.rows if row.label == key]

    def values(self, label: str, nth: int = 0) -> list[str]:
        """第 ``nth`` 个标签为 ``label`` 的行的数值；找不到时报出可选标签。"""
        found = self.find(label)
        if len(found) <= nth:
            labels = ", ".join(row.label for row in self.rows)
            raise KeyError(f"no row {normalize(label)!r} (#{nth}); rows: {labels}")
        return found[nth].values


@dataclass(frozen=True)
class Signature:
    """文末落款：署名与成文日期（日期去掉了内部空格）。"""

    agency: str
    date: str


@dataclass
class Seed:
    """一份种子报告的解析结果。

    ``paragraphs`` 是表格以外的所有非空文本行（含各级标题、附件说明、表后注和填报
    信息行），已修复分页断句；标题行、标题下的日期行和落款不在其中，另见
    ``title_lines``、``dated``、``signature``。
    """

    path: Path
    title_lines: list[str]
    paragraphs: list[str]
    tables: list[Table]
    table_names: dict[str, int] = field(default_factory=dict)
    signature: Signature | None = None
    dated: str | None = None

    def table(self, name: str) -> Table:
        """按法定名称取原始表行（名称见 ``TABLE_NAMES``）。"""
        if name not in self.table_names:
            raise KeyError(f"{self.path.name}: no table {name!r}; found {sorted(self.table_names)}")
        return self.tables[self.table_names[name]]

    def data(self, name: str) -> TableData:
        """按法定名称取数据视图：表头行与数据行分开。"""
        return table_data(name, self.table(name))

    def data_cells(self, name: str) -> list[tuple[str, list[str]]]:
        """(规范化行标签, 数值列表) 的有序列表；复议诉讼表只有一行，标签为空串。"""
        return [(row.label, row.values) for row in self.data(name).rows]


def seed_paths() -> list[Path]:
    """种子目录下的全部报告文本，按文件名排序。"""
    return sorted(SEEDS_DIR.glob("[0-9][0-9][0-9]_*.txt"))


def seed_path(number: str) -> Path:
    """按编号（如 ``"003"``）找种子文件。"""
    matches = sorted(SEEDS_DIR.glob(f"{number}_*.txt"))
    if len(matches) != 1:
        raise FileNotFoundError(f"seed {number!r} not found (or ambiguous) in {SEEDS_DIR}")
    return matches[0]


# ---------------------------------------------------------------- 行分类与表格切分


def _line_kind(line: str) -> str:
    """blank / table / text。正文里不出现 ``|`` 与制表符，所以它们就是表格的标志。"""
    if not line.strip():
        return "blank"
    if "|" in line or "\t" in line:
        return "table"
    return "text"


def _split_row(line: str) -> list[str] | None:
    """把一行表格拆成单元格；Markdown 分隔行返回 None。"""
    s = line.strip()
    if "\t" in line and "|" not in line:
        return [cell.strip() for cell in line.split("\t")]
    if _MD_SEPARATOR.fullmatch(s):
        return None
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [cell.strip() for cell in s.split("|")]


def _is_one_cell_line(line: str) -> bool:
    """种子 001 的统计表：每格独占一行，行尾一个 ``|``（空格就是单独的 ``|``）。"""
    s = line.strip()
    return s.endswith("|") and s.count("|") == 1


def _parse_run(lines: list[str]) -> Table:
    """把一段连续的表格行（中间可夹空行，即分页）解析为行列表。

    全空的行（Markdown 为凑表头而写的 ``| | | |``）丢弃；每格一行的写法按三格一行重组。
    """
    rows: Table = []
    pending: list[str] = []

    def flush() -> None:
        if len(pending) % _ONE_CELL_ROW_WIDTH:
            raise ValueError(
                f"{len(pending)} one-cell lines do not form rows of {_ONE_CELL_ROW_WIDTH}"
            )
        for k in range(0, len(pending), _ONE_CELL_ROW_WIDTH):
            rows.append(pending[k : k + _ONE_CELL_ROW_WIDTH])
        pending.clear()

    for line in lines:
        if not line.strip():
            continue
        if _is_one_cell_line(line):
            pending.append(line.strip()[:-1].strip())
            continue
        flush()
        cells = _split_row(line)
        if cells is not None and any(cells):
            rows.append(cells)
    flush()
    return rows


# ---------------------------------------------------------------- 表格命名


def _name_table(run_start: int, lines: list[str], kinds: list[str], prev_end: int) -> str | None:
    """按表格所在位置命名：紧邻的表题含“统计表”即统计表，否则看所属的部分标题。"""
    before = [i for i in range(run_start) if kinds[i] == "text"]
    recent = [i for i in before[-5:] if i > prev_end]
    for i in recent:
        t = normalize(lines[i])
        if "统计表" in t and len(t) <= 40 and "。" not in t:
            return "统计表"
    for i in reversed(before):
        t = normalize(lines[i])
        if not _PART_HEADING.match(t):
            continue
        if "主动公开政府信息情况" in t:
            return "主动公开"
        if "收到和处理政府信息公开申请" in t:
            return "依申请公开"
        if "行政复议" in t and "行政诉讼" in t:
            return "复议诉讼"
        return None
    return None


# ---------------------------------------------------------------- 数据视图


def _is_value(cell: str) -> bool:
    """数值格：空、各种“—”或数字（可带 % / 元 / 万元）。“1.属于国家秘密”不是。"""
    t = normalize(cell)
    return t == "" or t in _DASHES or bool(_NUMBER.fullmatch(t))


def _has_data(row: list[str]) -> bool:
    """至少有一个非空数值格的行才是数据行；其余（含断裂的表头）都是表头行。"""
    return any(cell and _is_value(cell) for cell in row)


def _fit(values: list[str], width: int | None) -> list[str]:
    """吸收错位行多出的空格：先去尾部空格，再去头部空格，直到等于法定列数。

    没有法定列数（主动公开表）时只去尾部空格，因此该表行尾真正的空格与排版填充无法区分。
    """
    values = list(values)
    if width is None:
        while values and values[-1] == "":
            values.pop()
        return values
    while len(values) > width and values[-1] == "":
        values.pop()
    while len(values) > width and values[0] == "":
        values.pop(0)
    return values


def table_data(name: str, table: Table) -> TableData:
    """把原始表行分成表头行与数据行。

    统计表按位置读（统计指标 | 单位 | 统计数）：单位为空或“—”、或统计数不是数的（表头）
    是表头/分节行。其他表：
    行里最后一个非数值格是最具体的行标签，其后的格是数值，再按法定列数对齐。
    """
    headers: list[list[str]] = []
    rows: list[DataRow] = []
    if name == "统计表":
        for raw in table:
            cells = (_fit(raw, _ONE_CELL_ROW_WIDTH) + ["", "", ""])[:_ONE_CELL_ROW_WIDTH]
            label, unit, value = cells
            if (
                unit
                and normalize(unit) not in _DASHES
                and _is_value(value)
                and not _is_value(label)
            ):
                rows.append(DataRow(normalize(label), [value], (normalize(label),), unit))
            else:
                headers.append(raw)
        return TableData(headers, rows)
    width = _WIDTHS.get(name)
    for raw in table:
        if not _has_data(raw):
            headers.append(raw)
            continue
        labels = [k for k, cell in enumerate(raw) if cell and not _is_value(cell)]
        last = labels[-1] if labels else -1
        path = tuple(normalize(raw[k]) for k in labels)
        label = path[-1] if path else ""
        rows.append(DataRow(label, _fit(raw[last + 1 :], width), path))
    return TableData(headers, rows)


# ---------------------------------------------------------------- 正文


def _ends_sentence(s: str) -> bool:
    """去掉行尾的右引号/括号后，是否以句末标点结束。"""
    t = s.rstrip().rstrip(_CLOSERS)
    return bool(t) and t[-1] in _SENTENCE_END


def _continues(prev: str, line: str) -> bool:
    """分页断句修复规则（保守）：上一段是散文句子（含，。；）且不以句末标点结束，
    本行不以标题、列项、附件、注或日期开头，才把本行接到上一段后面。

    调用方另外要求两行之间只有空行（分页留下的空行），没有表格。以句号结尾的断页
    无法与真正的分段区分，不做修复。
    """
    if _ends_sentence(prev) or not _PROSE_PUNCT.search(prev):
        return False
    s = line.strip()
    return not (_BLOCK_START.match(s) or _DATE_LINE.fullmatch(s) or _PAREN_DATE_LINE.fullmatch(s))


def _title_lines(lines: list[str], text_idx: list[int]) -> list[int]:
    """开头至多三行、不含句读、直到第一行含“报告”为止的是标题。"""
    for n, i in enumerate(text_idx[:3]):
        s = lines[i].strip()
        if re.search(r"[。；;，,]", s) or _PART_HEADING.match(s):
            return []
        if "报告" in s:
            return text_idx[: n + 1]
    return []


def _is_agency_line(s: str) -> bool:
    """落款署名：短、无句读、不是标题。"""
    s = s.strip()
    return len(s) <= 40 and not re.search(r"[。，,；;：:]", s) and not _PART_HEADING.match(s)


def _squeeze(date: str) -> str:
    """日期里的空格是排版产物（“2019 年 1 月 31 日”），比较时无意义。"""
    return _SPACE.sub("", date)


def parse_seed(path: str | os.PathLike[str]) -> Seed:
    """解析一份种子报告文本。表格无法按三格一行重组等版面异常会直接报错而不是猜。"""
    path = Path(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    kinds = [_line_kind(line) for line in lines]
    text_idx = [i for i, k in enumerate(kinds) if k == "text"]

    # 表格：连续的表格行（可夹空行）为一段；同名的相邻段（分页拆开的表）合并。
    tables: list[Table] = []
    names: dict[str, int] = {}
    prev_name: str | None = None
    prev_end = -1
    i = 0
    while i < len(lines):
        if kinds[i] != "table":
            i += 1
            continue
        j = i
        while j < len(lines) and kinds[j] != "text":
            j += 1
        run = lines[i:j]
        name = _name_table(i, lines, kinds, prev_end)
        rows = _parse_run(run)
        if name is not None and name == prev_name:
            tables[-1].extend(rows)
        else:
            if name is not None:
                if name in names:
                    raise ValueError(f"{path.name}: table {name!r} appears twice")
                names[name] = len(tables)
            tables.append(rows)
        prev_name, prev_end = name, j - 1
        i = j

    # 标题、标题下日期行、落款。
    title = _title_lines(lines, text_idx)
    excluded = set(title)
    dated: str | None = None
    after_title = text_idx[len(title)] if title and len(text_idx) > len(title) else None
    if after_title is not None:
        m = _PAREN_DATE_LINE.fullmatch(lines[after_title].strip()) or _DATE_LINE.fullmatch(
            lines[after_title].strip()
        )
        if m:
            dated = _squeeze(m.group(1))
            excluded.add(after_title)
    signature: Signature | None = None
    for p in range(len(text_idx) - 1, 0, -1):
        d, a = text_idx[p], text_idx[p - 1]
        if d in excluded or a in excluded or "table" in kinds[a + 1 : d]:
            continue
        m = _DATE_LINE.fullmatch(lines[d].strip())
        if m and _is_agency_line(lines[a]):
            signature = Signature(lines[a].strip(), _squeeze(m.group(1)))
            excluded.update((a, d))
            dated = signature.date
            break

    # 正文段落与分页断句修复。
    paragraphs: list[str] = []
    last: int | None = None
    for i in text_idx:
        if i in excluded:
            last = None
            continue
        line = lines[i].strip()
        gap = kinds[last + 1 : i] if last is not None else []
        if gap and all(k == "blank" for k in gap) and _continues(paragraphs[-1], line):
            paragraphs[-1] += line
        else:
            paragraphs.append(line)
        last = i

    return Seed(
        path=path,
        title_lines=[lines[i].strip() for i in title],
        paragraphs=paragraphs,
        tables=tables,
        table_names=names,
        signature=signature,
        dated=dated,
    )
