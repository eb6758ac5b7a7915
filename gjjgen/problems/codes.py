"""问题代码的登记表：每个代码的级别、一句话说明、README 里详细说明它的那一节。

程序能报出的每个代码都登记在这里，级别只在这里定：检查只说“哪条路径、什么事实、哪个代码”，
:class:`~gjjgen.problems.findings.Finding` 与 :class:`~gjjgen.problems.findings.Problem` 按代码
取级别，用没有登记的代码构造它们会抛 :class:`UnknownCodeError`（那是程序的错，不是数据的错）。
README 的“问题代码”表由 :func:`codes_markdown` 生成，测试核对两者一致，也核对源代码与格式文件里
出现的每个代码都已登记、登记的每个代码都有地方报出。

``python -m gjjgen.problems.codes`` 印出那张表（更新 README 时用）。
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .text import display

Level = Literal["error", "warning"]
"""问题的级别：错误（数据不能发布，``gjjgen render`` 拒绝生成）或警告（提醒，照常生成）。"""

LEVEL_WORDS: dict[str, str] = {"error": "错误", "warning": "警告"}
"""级别印给用户看的字样。"""


class UnknownCodeError(LookupError):
    """用了没有登记的问题代码。"""


@dataclass(frozen=True)
class CodeInfo:
    """一个问题代码。``section`` 是 README 里详细说明它的一节的标题（空着表示总表里的一句就是全部说明）。"""

    code: str
    level: Level
    summary: str
    group: str
    section: str = ""


E: Level = "error"
W: Level = "warning"

_COMMON = "常见错误"
_TEMPLATES = "模板的检查"
_YEARLY = "跨年度核对：`gjjgen validate --previous`"
_REFERENCES = "叙述引用表中的数"
_LIMITS = "数据文件的上限"
_ASSESS = "评估常查的问题"
_BATCH = "一次处理许多份"
_ROLLUP = "汇总许多份报告：`gjjgen summary`"
_IMPORT = "导入的问题代码"

_GROUPS: tuple[tuple[str, tuple[tuple[str, Level, str, str], ...]], ...] = (
    ("读入数据文件", (
        ("FILE-NOT-FOUND", E, "文件不存在", _COMMON),
        ("FILE-UNREADABLE", E, "文件无法读取（没有权限等系统错误）", ""),
        ("FILE-IS-DIR", E, "给的是文件夹，不是数据文件", _COMMON),
        ("FILE-NOT-REGULAR", E, "不是普通文件（设备、管道之类）", _COMMON),
        ("FILE-TOO-LARGE", E, "文件超过数据文件的上限 2 MB", _COMMON),
        ("FILE-BINARY", E, "Word、Excel 之类的文件，不是文字文件", _COMMON),
        ("FILE-ENCODING", E, "编码既不是 UTF-8 也不是 GBK（如记事本的“Unicode”即 UTF-16）", _COMMON),
        ("FILE-GBK", W, "文件是 GBK 编码：照常读出，建议另存为 UTF-8", ""),
        ("FILE-BOM", W, "文件以 UTF-8 BOM 开头：已忽略 BOM，建议另存为不带 BOM 的 UTF-8", ""),
        ("FILE-EMPTY", E, "文件是空的，或只有注释", _COMMON),
        ("DOC-NOT-MAPPING", E, "顶层不是“键: 值”的映射（是列表或一段文字）", _COMMON),
    )),
    ("YAML 写法", (
        ("YAML-TAB", E, "用 Tab 缩进或分隔", _COMMON),
        ("YAML-FULLWIDTH-SPACE", E, "用全角空格“　”缩进", _COMMON),
        ("YAML-FULLWIDTH-COLON", E, "键后用了全角冒号“：”，整行成了一段文字", _COMMON),
        ("YAML-QUOTE", E, "引号没有闭合", _COMMON),
        ("YAML-SYNTAX", E, "其他 YAML 语法错误（缩进、括号、冒号）", _COMMON),
        ("YAML-ALIAS", E, "用了锚点（&）或别名（*）", _COMMON),
        ("YAML-TOO-DEEP", E, "嵌套层数过多（多半是选错了文件）", ""),
        ("YAML-TOO-MANY", E, "键与值超过 20,000 个（多半是选错了文件）", _LIMITS),
        ("YAML-KEY", E, "键名是列表或映射，不是一段文字", ""),
        ("YAML-DUP-KEY", E, "同一层的键写了两次", _COMMON),
        ("YAML-CONTROL-CHAR", E, "文件里有控制字符（U+007F、C0/C1、U+FFFE 等），指出它所在的行列", _COMMON),
        ("YAML-COLON-SPACE", E, "叙述文字里的“: ”被当成了又一个键", _COMMON),
        ("YAML-HASH", W, "叙述文字里“ #”以后被当成注释丢掉了", _COMMON),
        ("YAML-LEADING-CHAR", E, "叙述以 `{{`、`[`、`*`、`&`、`!`、`%`、`@` 等符号开头，被当成了别的写法", _COMMON),
        ("YAML-BLOCK-SAME-LINE", E, "文字写在 `|-`、`>-` 的同一行", _COMMON),
        ("YAML-BLOCK-INDENT", E, "`|-`、`>-` 下一行的文字没有缩进", _COMMON),
        ("YAML-QUOTE-TRAILING", E, "引号里的一句后面还有字", _COMMON),
        ("YAML-CONTINUATION", E, "一段文字的续行没有缩进", _COMMON),
    )),
    ("键与结构", (
        ("KEY-UNKNOWN", E, "不认识的键，附“是不是……？”", _COMMON),
        ("KEY-DUP", E, "同一项写了两次（如 `规章` 与 `（一）规章`）", _COMMON),
        ("KEY-MISSING", E, "缺少必填的项（如 `元数据:`）", _COMMON),
        ("KEY-EMPTY", E, "必填的项是空的", _COMMON),
        ("ROW-TYPE", E, "一行既不是按列的列表，也不是按列名的映射", ""),
        ("ROW-LENGTH", E, "一行的列数不对", _COMMON),
        ("TEXT-TYPE", E, "叙述、标题、分节写成了不对的形状", ""),
        ("TEXT-NO-TITLE", E, "分节缺少“标题”", ""),
        ("TYPE", E, "一项写成了不对的类型（如应是“键: 值”映射，写成了一段文字）", ""),
        ("SCHEMA", E, "不符合格式文件的其他要求（只在格式文件用到新的规则时出现）", ""),
    )),
    ("格", (
        ("CELL-NOT-NUMBER", E, "数字格写的不是数（`\"1,234\"`、`12件`、`true` 等）", _COMMON),
        ("CELL-NEGATIVE", E, "数字格是负数（“本年增/减”除外）", _COMMON),
        ("CELL-FRACTION", E, "件数有小数", _COMMON),
        ("CELL-UNIT", E, "金额的单位不认识，或表头已注明单位的格里写了单位", _COMMON),
        ("CELL-TOO-LARGE", E, "数超过 15 位（整数部分、小数部分各算）", _LIMITS),
        ("CELL-BLANK", W, "格未填（空、`-`、`/`、`—`、`无`）：印出原样，不计为 0", ""),
    )),
    ("元数据与日期", (
        ("META-YEAR", E, "报告年度不是四位数的年份，或不在 2008 年至明年之间", _COMMON),
        ("META-DATE", E, "日期不存在或写法不认识", _COMMON),
        ("META-FORMAT", E, "不认识的格式，或无法确定格式", ""),
        ("META-TOO-LONG", E, "标题超过 200 字，机关名称、简称超过 100 字", _LIMITS),
        ("FORMAT-YEAR", E, "格式与报告年度不符", _COMMON),
        ("DATE-EARLY", E, "发布日期早于统计年度结束", ""),
        ("DATE-LATE", W, "发布日期晚于法定期限（2019《条例》1月31日，2008《条例》3月31日）", ""),
        ("DATE-MISSING", W, "没有写发布日期：落款处不印成文日期", _COMMON),
        ("META-SMART-QUOTES", W, "元数据或标题两边是 Word 的弯引号：已去掉", _COMMON),
        ("META-PROVINCE", W, "省份不是省级行政区的名称：附最接近的写法与所用的省份模板", _COMMON),
    )),
    ("合计与勾稽（代码写在格式文件里）", (
        ("TOTAL-SUM", E, "照抄的合计不等于算出的和（格式文件没有为这条合计另给代码时）", ""),
        ("T3-ROW-SUM", E, "表三某行的“总计”列不等于各列之和", ""),
        ("T3-R7-SUM", E, "表三“（七）总计”行不等于各办理结果之和", ""),
        ("T3-COL-BAL", E, "表三某列：一 + 二 ≠ 三（七）+ 四", ""),
        ("T4-SUM", E, "表四某组的“总计”不等于该组各项之和", ""),
        ("STAT-SUM", E, "2019 年以前统计表的分项之和不等于总数", ""),
    )),
    ("叙述文字", (
        ("TEXT-EMPTY", W, "叙述部分还没有填写（`gjjgen render` 只肯出草稿）", _COMMON),
        ("REPORT-BLANK", W, "叙述全空、统计表全是 0：还是 `gjjgen init` 生成的空白文件", _COMMON),
        ("TEXT-UNPRINTABLE", E, "有字在报告字体与本机字体里都没有字形（表情符号、生僻字）", _COMMON),
        ("TEXT-CARRIED", W, "段落仍带“【上年原文，改写后删去此标记】”", "承接上年：`gjjgen init --from`"),
        ("REF-UNKNOWN", E, "引用 `{{ 名字 }}` 的名字不认识，附“是不是……？”", _REFERENCES),
        ("REF-BLANK", W, "引用指向未填的格，印出“—”", _REFERENCES),
        ("REF-SYNTAX", E, "引用的大括号没有配对", ""),
        ("NARR-MISMATCH", W, "叙述里手写的数与表中的值不一致", "叙述数字核对（NARR-MISMATCH）"),
    )),
    ("跨年度核对", (
        ("YOY-CARRY", E, "上年结转 ≠ 上年报告的结转下年度继续办理", _YEARLY),
        ("YOY-RUNNING", W, "现行有效件数 ≠ 上年现行有效件数 + 本年制发 − 本年废止", _YEARLY),
        ("YOY-PROJECTS", W, "上一年项目数量 ≠ 上年的上一年项目数量 + 本年增/减（2019 年格式）", _YEARLY),
        ("YOY-SAME-TEXT", W, "某段与上年某段相同或几乎相同", _YEARLY),
        ("YOY-SAME-CELLS", W, "一张表里大量非零格与上年一模一样", _YEARLY),
        ("YOY-PREV-MISSING", E, "`上年数据` 指向的文件不存在", _YEARLY),
        ("YOY-PREV-UNREADABLE", E, "`上年数据` 的路径无法使用（名字太长、没有权限……）", _YEARLY),
        ("YOY-PREV-UNUSABLE", E, "`--previous` 或 `上年数据` 的文件找不到、读不出或读不懂，跨年度核对没有进行", _YEARLY),
        ("YOY-PREV-AGENCY", W, "上年数据文件是另一个机关的报告", _YEARLY),
        ("YOY-PREV-ERRORS", W, "上年数据文件本身有错误，核对结果可能不准", _YEARLY),
        ("YOY-PREV-YEAR", W, "上年数据文件不是上一年度的报告", ""),
    )),
    ("评估常查的问题（依据见“评估常查的问题”一节）", (
        ("ASSESS-YEAR", W, "统计期限、前言、小标题里的年份不是报告年度", _ASSESS),
        ("ASSESS-TITLE", W, "标题不以“政府信息公开工作年度报告”结尾，或年度不符", _ASSESS),
        ("ASSESS-PROBLEMS-NONE", W, "“存在的主要问题及改进情况”只写“无”", _ASSESS),
        ("ASSESS-PREV-PROBLEMS", W, "没有说明上一年度年报所提问题的整改情况（2021 年格式）", _ASSESS),
        ("ASSESS-FEE-STATEMENT", W, "第六部分没有写信息处理费的收取情况（2021 年格式）", _ASSESS),
        ("ASSESS-FEE-TABLE", W, "说未收取信息处理费，而表三（六）2 大于 0", _ASSESS),
        ("ASSESS-TEXT-TABLE", W, "叙述与统计表矛盾（“全部办结”而有结转；“未收到申请”而本年新收大于 0）", _ASSESS),
        ("ASSESS-NUMBERING", W, "“一是、二是……”“（一）（二）……”或小标题手写的序号跳号、重复", _ASSESS),
    )),
    ("模板与模板设置", (
        ("RENDER-TEMPLATE-BLOCK", E, "重写了下层没有的块，附“是不是……？”", _TEMPLATES),
        ("RENDER-TEMPLATE-UNDEFINED", E, "模板用到没有定义的变量", _TEMPLATES),
        ("RENDER-TEMPLATE-PATH", E, "模板名越出模板目录（`..`、绝对路径、反斜杠、盘符、外指的链接）", _TEMPLATES),
        ("RENDER-TEMPLATE-EXTENDS", E, "没有继承下层模板，或继承了自己", _TEMPLATES),
        ("RENDER-TEMPLATE-FIXED", E, "重写了不能覆盖的 `head`、`style`", _TEMPLATES),
        ("RENDER-TEMPLATE-HTML", E, "输出了受限词汇以外的元素、类名或属性（如 `<img>`、`style=`）", _TEMPLATES),
        ("RENDER-TEMPLATE-RAW", E, "用 `safe` 或 `autoescape` 让文字不经转义输出", _TEMPLATES),
        ("RENDER-TEMPLATE-UNSAFE", E, "沙箱不允许的操作", _TEMPLATES),
        ("RENDER-TEMPLATE-MISSING", E, "找不到 `include` 的模板", _TEMPLATES),
        ("RENDER-TEMPLATE-DIR", E, "模板目录不存在或不是目录", _TEMPLATES),
        ("RENDER-TEMPLATE-READ", E, "模板文件无法读取", ""),
        ("RENDER-TEMPLATE", E, "模板语法错误或运行出错", _TEMPLATES),
        ("SETTINGS-KEY", E, "`settings.yaml` 里不认识的设置，附“是不是……？”", _TEMPLATES),
        ("SETTINGS-TYPE", E, "设置的写法不对（应是映射、列表、文字或真假）", _TEMPLATES),
        ("SETTINGS-PLACEHOLDER", E, "默认前言里不认识的占位符", _TEMPLATES),
        ("SETTINGS-NUMBER", E, "字号、页面尺寸不是正数", _TEMPLATES),
        ("SETTINGS-FONT", E, "字体栈不是字体名的列表", ""),
        ("SETTINGS-READ", E, "设置文件无法读取，或不是有效的 YAML", ""),
        ("SETTINGS-PATH", E, "设置文件是指向模板目录以外的链接（不读）", _TEMPLATES),
        ("SETTINGS-ALIAS", E, "设置文件用了锚点（&）或别名（*）", _TEMPLATES),
        ("SETTINGS-TOO-LARGE", E, "设置文件超过 64 KB", _TEMPLATES),
        ("RENDER-TEMPLATE-LIMIT", E, "模板的工作量超出上限（循环、时间、字符串与整数大小），或嵌套、递归太深", _TEMPLATES),
    )),
    ("生成报告", (
        ("RENDER-FORMAT", E, "`-f` 里有不认识的输出格式（用法错误，退出码 2）", ""),
        ("RENDER-NO-DATA", E, "数据文件无法读懂，未生成报告", ""),
        ("RENDER-REFUSED", E, "数据有错误，未生成报告（加 `--draft` 可生成草稿）", "生成报告"),
        ("RENDER-UNFINISHED", E, "法定的叙述部分还空着，未生成报告（加 `--draft` 可生成草稿）", "生成报告"),
        ("RENDER-OUTDIR", E, "无法创建输出目录", ""),
        ("RENDER-WRITE", E, "无法写入输出文件", ""),
        ("RENDER-NAME", W, "为写成文件名改动了机关名称（去掉不可见字符、缩短）", "生成报告"),
        ("PDF-FONT-MISSING", E, "缺少排 PDF 所需的中文字体", ""),
        ("PDF-GLYPH-MISSING", E, "有字在已安装的中文字体里都没有字形", ""),
    )),
    ("实时预览", (
        ("SERVE-PORT", E, "`--port` 不在 0–65535 之间（用法错误，退出码 2），或端口被占用、无法使用", "实时预览：`gjjgen serve`"),
    )),
    ("一次处理许多份", (
        ("BATCH-NO-MATCH", W, "通配符没有匹配到任何文件", _BATCH),
        ("BATCH-EMPTY-DIR", W, "目录里没有要处理的文件（`.yaml` 数据文件；导入时是已发布的报告）", _BATCH),
        ("BATCH-DIR", E, "目录无法读取（如没有权限）", _BATCH),
        ("BATCH-NO-FILES", E, "展开之后一份数据文件都没有（退出码 2）", _BATCH),
        ("BATCH-JOBS", E, "`-j` 不是正整数（用法错误，退出码 2）", _BATCH),
        ("BATCH-CRASH", E, "处理某份文件时出现程序错误，其余文件照常处理", _BATCH),
        ("BATCH-SUMMARY-WRITE", E, "汇总文件写不进指定的目录", _BATCH),
        ("ROLLUP-OUTLIER", W, "一张表的数与同格式其他报告的中位数相差悬殊", _ROLLUP),
        ("ROLLUP-CHAIN-GAP", W, "同一机关缺了中间的年度，这一段结转链无法核对", _ROLLUP),
        ("ROLLUP-DUPLICATE", W, "同一机关同一年度有两份报告", _ROLLUP),
        ("ROLLUP-SKIPPED", E, "数据文件无法读出，未计入汇总", _ROLLUP),
    )),
    ("导入已发布的报告", (
        ("IMPORT-UNSUPPORTED", E, "认不出文件种类（不是网页、DOCX、PDF、旧版 Word 或文字）", _IMPORT),
        ("IMPORT-DAMAGED", E, "文件读不下去（损坏，或不是它看起来的那种文件）", _IMPORT),
        ("IMPORT-TOO-LARGE", E, "已发布的报告超过 50 MB", _IMPORT),
        ("IMPORT-SCANNED", E, "PDF 没有文字层（扫描件）", _IMPORT),
        ("IMPORT-NEEDS-LIBREOFFICE", E, "`.doc`/`.wps` 需要 LibreOffice 转换，没有安装", _IMPORT),
        ("IMPORT-CONVERT", E, "LibreOffice 没能转换（损坏、加密或超时）", _IMPORT),
        ("IMPORT-NO-TABLES", E, "原文里没有表格", _IMPORT),
        ("IMPORT-TABLE-MISSING", E, "某张法定表没找到", _IMPORT),
        ("IMPORT-EXISTS", E, "`gjjgen import` 要写的数据文件已存在（加 `--force` 覆盖）", _IMPORT),
        ("IMPORT-NAME", W, "一次导入多份时原文同名，数据文件加上后缀或短码改名，免得互相覆盖", _IMPORT),
        ("IMPORT-OUTDIR", E, "一次导入多份时 `-o` 不能用作目录（是已有的文件、像数据文件名，或建不了）", _IMPORT),
        ("IMPORT-ROW-MISSING", W, "法定表里少了一行，记为未填", _IMPORT),
        ("IMPORT-ROW-UNKNOWN", W, "不认识的行，其中的数没有导入", _IMPORT),
        ("IMPORT-COLUMN-UNKNOWN", W, "不认识的列（如“法人或其他组织小计”），其中的数没有导入", _IMPORT),
        ("IMPORT-NUMBER", W, "读不出的数，记为未填", _IMPORT),
    )),
    ("编写辅助", (
        ("INIT-EXISTS", E, "`gjjgen init` 的输出文件已存在（加 `--force` 覆盖），或就是上年数据文件", ""),
        ("INIT-PREVIOUS", E, "`--from` 的上年数据文件无法读出数据", ""),
        ("SCHEMA-FORMAT", E, "`gjjgen schema` 无法确定格式", ""),
        ("FILE-WRITE", E, "无法写入输出文件", ""),
    )),
)

REGISTRY: dict[str, CodeInfo] = {
    code: CodeInfo(code, level, summary, group, section)
    for group, entries in _GROUPS
    for code, level, summary, section in entries
}
"""全部问题代码，按 README 表中的顺序。"""


def code_info(code: str) -> CodeInfo:
    """代码的登记项；没有登记时抛 :class:`UnknownCodeError`。"""
    try:
        return REGISTRY[code]
    except KeyError:
        raise UnknownCodeError(f"问题代码 {code} 没有登记（见 gjjgen/problems/codes.py）") from None


def level_of(code: str) -> Level:
    """代码的级别。"""
    return code_info(code).level


def check_level(code: str, level: str | None) -> Level:
    """``level`` 为空时取登记的级别；给了却与登记的不同时抛 :class:`ValueError`（两处说法不一）。"""
    registered = level_of(code)
    if level is not None and level != registered:
        raise ValueError(f"问题代码 {code} 登记的级别是 {registered}，这里用的是 {level}")
    return registered


def problem_line(where: str, code: str, message: str) -> str:
    """给用户看的一行：``位置: 错误|警告: 说明 [代码]``，级别取自登记表；不知道位置时省去“位置: ”。

    位置与说明里的用户文字经 :func:`~gjjgen.problems.text.display` 转义、截短：每条消息都是一行。"""
    line = f"{LEVEL_WORDS[level_of(code)]}: {display(message)} [{code}]"
    return f"{display(where, limit=300)}: {line}" if where else line


def codes_markdown() -> str:
    """README“问题代码”一节里的各张表（Markdown），按组分开。"""
    lines: list[str] = []
    for group, entries in _GROUPS:
        lines += [f"**{group}**", "", "| 代码 | 级别 | 问题 | 详见 |", "| --- | --- | --- | --- |"]
        for code, level, summary, section in entries:
            lines.append(f"| {code} | {LEVEL_WORDS[level]} | {summary} | {section or '—'} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(codes_markdown(), end="")
