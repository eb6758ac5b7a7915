"""评估年报时常查的几项：省级通报与第三方评估指出过的、能从数据文件查出的问题。

- 年份写错：统计期限、前言、小标题还是上一年（照着去年改的典型漏改）；
- 标题不是“××政府信息公开工作年度报告”（写成“工作报告”“工作总结”），或年份不对；
- “存在的主要问题及改进情况”只写“无”；格式要求写到的内容没有写（由格式文件的 ``states`` 声明）；
- 叙述与统计表矛盾：“全部办结”而有结转，“未收到申请”而本年新收大于 0，“未收取信息处理费”
  而表三有逾期未缴费（发出过收费通知）；
- 分节序号（一是、二是……；（一）（二）……）跳号或重复。

每个问题代码与依据见 README“评估常查的问题”。这些都是提示（警告）：真实的年报措辞千变万化，
检查只认最常见的说法，宁可漏报，不误报。
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..document.passages import Passage, iter_passages, position
from ..problems.findings import Finding

if TYPE_CHECKING:
    from ..document.model import Document

TITLE_SUFFIX = "政府信息公开工作年度报告"

_PERIOD = re.compile(r"(?P<from>\d{4})年1月1日(?:起)?(?:至|到|—|-)(?:(?P<to>\d{4})年)?12月31日")
"""统计期限：“2023年1月1日至2023年12月31日”“自2020年1月1日起至12月31日止”。"""

_REPORT_OF_YEAR = re.compile(r"(?P<year>\d{4})年(?:度)?(?:政府信息公开工作)?年度报告")
_HEADING_YEAR = re.compile(r"(?P<year>\d{4})年")

NONE_WORDS = {"无", "暂无", "没有", "无问题", "不存在", "无此项", "略"}
"""只有这么一句的“存在的主要问题及改进情况”等于没写。"""


def _norm(text: str) -> str:
    return re.sub(r"[\s。．.，,；;！!]+", "", text)


def _where(doc: Document, passage: Passage, needle: str, at: int = 0) -> tuple[int, int] | None:
    """``needle`` 在这段文字里从第 ``at`` 个字起的那一次出现，在原文中的行列。"""
    return position(doc, passage.path, needle, passage.text.count(needle, 0, at))


def _clause(text: str, match: re.Match[str]) -> str:
    """匹配所在的分句（到前后的句号、分号、逗号为止）：说明里照录书记员的原话。"""
    start = max(text.rfind(c, 0, match.start()) for c in "。；;，,") + 1
    ends = [i for i in (text.find(c, match.end()) for c in "。；;，,") if i >= 0]
    return text[start : min(ends) if ends else len(text)].strip()


def _finding(doc: Document, passage: Passage, needle: str, code: str, message: str, at: int = 0) -> Finding:
    return Finding(passage.path, code, message, "warning", where=_where(doc, passage, needle, at))


# ---------------------------------------------------------------- years and title


def check_years(doc: Document) -> list[Finding]:
    """统计期限、前言里“××年度报告”、各级小标题里的年份：都应是报告年度（《条例》第四十九条：报告上一年度的工作）。"""
    findings: list[Finding] = []
    year = doc.year
    for passage in iter_passages(doc):
        for match in _PERIOD.finditer(passage.text):
            years = {int(match["from"]), int(match["to"] or match["from"])}
            if years != {year}:
                findings.append(_finding(
                    doc, passage, match.group(0), "ASSESS-YEAR",
                    f"「{passage.part}」写的统计期限是“{match.group(0)}”，本报告是 {year} 年度；"
                    f"应为“{year}年1月1日至{year}年12月31日”（照着上年报告改时常漏改）",
                ))
        if passage.part == "前言" or passage.title:
            pattern = _REPORT_OF_YEAR if passage.part == "前言" else _HEADING_YEAR
            for match in pattern.finditer(passage.text):
                if int(match["year"]) == year - 1:
                    where = "前言" if passage.part == "前言" else f"「{passage.part}」的小标题“{passage.text}”"
                    findings.append(_finding(
                        doc, passage, match.group(0), "ASSESS-YEAR",
                        f"{where}写的是“{match.group(0)}”，本报告是 {year} 年度；是不是照着上年报告改时漏改了？",
                    ))
    return findings


def _title_places(doc: Document) -> tuple[tuple[Any, ...], ...]:
    """印出来的标题在报告里对应元数据的机关名称（预览据此把问题标在标题上）。"""
    return ((doc.common.metadata_key, "机关名称"),)


def check_title(doc: Document) -> list[Finding]:
    """写了“标题”时：应以“政府信息公开工作年度报告”结尾，并写明报告年度（《条例》第四十九条的名称）。"""
    if not doc.title_lines:
        return []
    title = "".join(doc.title_lines)
    path = ("标题",)
    if not title.endswith(TITLE_SUFFIX):
        tail = re.sub(r"^.*?\d{4}年(?:度)?", "", title) or title
        return [Finding(
            path, "ASSESS-TITLE",
            f"标题“{title}”不是法定的名称：应以“{TITLE_SUFFIX}”结尾（现在是“{tail}”），"
            f"如“{doc.agency}{doc.year}年{TITLE_SUFFIX}”", "warning", related=_title_places(doc),
        )]
    years = [int(y) for y in re.findall(r"(\d{4})年", title)]
    if doc.year not in years:
        shown = "、".join(f"{y}年" for y in years) or "没有写年份"
        return [Finding(
            path, "ASSESS-TITLE",
            f"标题“{title}”里的年度（{shown}）与报告年度 {doc.year} 不符；应为“{doc.agency}{doc.year}年{TITLE_SUFFIX}”",
            "warning",
            related=_title_places(doc),
        )]
    return []


# ---------------------------------------------------------------- what each part must state


def _part_passages(doc: Document, key: str) -> list[Passage]:
    return [p for p in iter_passages(doc) if p.path[:1] == (key,)]


def check_statements(doc: Document) -> list[Finding]:
    """只写“无”的“存在的主要问题及改进情况”；格式文件 ``states`` 声明的必写内容没写到。"""
    findings: list[Finding] = []
    article = "《条例》第五十条第（四）项" if doc.spec.regulation >= 2019 else "2008 年《条例》第三十二条第（五）项"
    for part in doc.spec.parts:
        passages = _part_passages(doc, part.key)
        text = "".join(p.text for p in passages if not p.title)
        if not passages or not text.strip():
            continue  # 没写的部分由 TEXT-EMPTY 报告
        if "存在的主要问题" in part.title and _norm(text) in NONE_WORDS:
            findings.append(_finding(
                doc, passages[0], passages[0].text.strip(), "ASSESS-PROBLEMS-NONE",
                f"「{part.title}」只写了“{text.strip()}”；{article}要求报告存在的主要问题及改进情况，"
                "评估中写“无”按未报告计；请写明本年的不足和改进措施",
            ))
            continue
        for statement in part.states:
            words = [w.replace("{上一年}", str(doc.year - 1)) for w in statement.words]
            if not any(w in text for w in words):
                findings.append(Finding(
                    (part.key,), statement.code,
                    f"「{part.title}」没有写到{statement.about}（{statement.basis}要求）；"
                    f"请补上一句，没有发生的也写明“没有”",
                    "warning",
                ))
    return findings


# ---------------------------------------------------------------- text against the tables

_ALL_DONE = re.compile(r"(?:全部|均已|均|已全部|全都)(?:按期|按时|依法|依法依规)?(?:办结|答复完毕|办理完毕|予以答复)")
_NONE_RECEIVED = re.compile(r"(?:未|没有|无)(?:收到|受理|接到)(?P<what>[^。；，,;]{0,30}?)(?:申请|诉求)")
_NO_FEE = re.compile(r"(?:未|没有|无)(?:收取|发生|发出|产生)?[^。；，,;]{0,8}?(?:信息处理费|收费)")
_MODE_WORDS = ("形式", "方式", "传真", "信函", "网络", "当面", "电子邮件")
"""“未收到传真、信函形式的申请”说的是某一种渠道，不是说没有申请。"""


def _cell(doc: Document, *key: str) -> Any:
    for values in doc.tables.values():
        value = values.value(tuple(key))
        if value is not None:
            return value
    return None


def _matches(doc: Document, pattern: re.Pattern[str]) -> Iterator[tuple[Passage, re.Match[str]]]:
    for passage in iter_passages(doc):
        if passage.title:
            continue
        for match in pattern.finditer(passage.text):
            yield passage, match


_CONTRADICTIONS = (
    (("结转下年度继续办理", "总计"), _ALL_DONE, "申请", "ASSESS-TEXT-TABLE",
     "表三“结转下年度继续办理”总计为 {n}；两处应一致：有结转就不是全部办结"),
    (("本年新收", "总计"), _NONE_RECEIVED, "", "ASSESS-TEXT-TABLE", "表三“本年新收”总计为 {n}；两处应一致"),
    (("本年度办理结果", "其他处理", "逾期未缴费", "总计"), _NO_FEE, "", "ASSESS-FEE-TABLE",
     "表三（六）2“申请人逾期未按收费通知要求缴纳费用”有 {n} 件，说明本年发出过收费通知；"
     "请写明发出收费通知的件数和金额、实际收取的金额（国办函〔2020〕109号）"),
)
"""（表里的格, 叙述里的说法, 分句里须有的词, 代码, 表里的事实）：格大于 0 时，这种说法与表矛盾。

“全部办结”要在说申请的分句里才算（“热线工单均已办结”说的不是依申请公开）。"""


def check_text_against_tables(doc: Document) -> list[Finding]:
    """叙述的说法与统计表的数对不上（评估时逐项对照的三处）。"""
    findings: list[Finding] = []
    for key, pattern, topic, code, fact in _CONTRADICTIONS:
        number = _cell(doc, *key)
        if not number:
            continue
        for passage, match in _matches(doc, pattern):
            clause = _clause(passage.text, match)
            if topic not in clause or ("what" in pattern.groupindex and any(w in match["what"] for w in _MODE_WORDS)):
                continue
            findings.append(_finding(
                doc, passage, match.group(0), code, f"「{passage.part}」说“{clause}”，但{fact.format(n=number)}",
            ))
    return findings


# ---------------------------------------------------------------- numbering

_CHINESE_DIGITS = "一二三四五六七八九十"
_ENUMERATION = re.compile(r"(?:^|[。；;：:\s])(?P<n>[一二三四五六七八九十]{1,2})是")
_BRACKETED = re.compile(r"(?:^|[。；;：:\s])[（(](?P<n>[一二三四五六七八九十]{1,2})[）)]")


def _number(text: str) -> int:
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CHINESE_DIGITS.index(text[1]) + 1
    if len(text) == 2 and text[1] == "十":
        return (_CHINESE_DIGITS.index(text[0]) + 1) * 10
    return _CHINESE_DIGITS.index(text[0]) + 1


def check_numbering(doc: Document) -> list[Finding]:
    """一段里的“一是、二是……”或“（一）（二）……”：应依次排，不跳号、不重复（段首可接着上一段）。"""
    findings: list[Finding] = []
    for passage in iter_passages(doc):
        for pattern, form in ((_ENUMERATION, "{}是"), (_BRACKETED, "（{}）")):
            found = list(pattern.finditer(passage.text))
            expected = _number(found[0]["n"]) if found else 1  # 段首不是“一”：接着上一段排的
            for match in found:
                number = _number(match["n"])
                if number != expected:
                    shown = form.format(match["n"])
                    wanted = form.format(_chinese(expected))
                    what = "重复了" if number < expected else "跳了号"
                    findings.append(_finding(
                        doc, passage, shown, "ASSESS-NUMBERING",
                        f"「{passage.part}」里的序号“{shown}”{what}：前面已排到“{form.format(_chinese(expected - 1))}”，这里应为“{wanted}”",
                        at=match.start("n"),
                    ))
                    break
                expected += 1
    return findings


def _chinese(number: int) -> str:
    if number <= 10:
        return "十" if number == 10 else _CHINESE_DIGITS[number - 1]
    tens, ones = divmod(number, 10)
    return ("" if tens == 1 else _CHINESE_DIGITS[tens - 1]) + "十" + (_CHINESE_DIGITS[ones - 1] if ones else "")


_HEADING_NUMBER = re.compile(r"^\s*(?:[（(](?P<a>[一二三四五六七八九十]{1,2})[）)]|(?P<b>[一二三四五六七八九十]{1,2})、)")


def check_heading_numbers(doc: Document) -> list[Finding]:
    """小标题里手写的序号（“（三）依申请公开情况”）跳号或重复。

    排版会去掉手写的序号、按顺序重新编号，印出来不会错；但手写的与印出来的对不上，多半是
    漏了或多了一节，正文里引用“第（三）部分”的地方也会对不上，所以提示一句。
    """
    findings: list[Finding] = []
    data = doc.loaded.data if doc.loaded is not None else {}
    for part in doc.spec.parts:
        items = data.get(part.key) if isinstance(data, dict) else None
        if not isinstance(items, list):
            continue
        sections = [(i, item) for i, item in enumerate(items) if isinstance(item, dict) and isinstance(item.get("标题"), str)]
        for position_, (index, item) in enumerate(sections, start=1):
            match = _HEADING_NUMBER.match(item["标题"])
            if match is None:
                continue
            written = match["a"] or match["b"]
            if _number(written) != position_:
                wanted = f"（{_chinese(position_)}）" if match["a"] else f"{_chinese(position_)}、"
                findings.append(Finding(
                    (part.key, index, "标题"), "ASSESS-NUMBERING",
                    f"「{part.title}」第 {position_} 个小标题手写的序号是“{match.group(0).strip()}”，按顺序应为“{wanted}”；"
                    "排版会按顺序重新编号，请核对是不是漏了或多了一节、正文引用的序号对不对",
                    "warning",
                ))
    return findings


ASSESSMENTS = (
    check_years, check_title, check_statements, check_text_against_tables, check_numbering, check_heading_numbers,
)
"""评估常查的各项检查，按 ``gjjgen.checks.CHECKS`` 的约定：文档进，问题出。"""
