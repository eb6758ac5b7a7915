"""叙述中手写的数与表格核对：“共收到政府信息公开申请12件”而表三写的是 10 件。

只在句子明确说出“这是哪个数”时才比较，宁可漏过，不可误报：

- 表中的行名就在数的前面（“属于‘予以公开’1件”“同意公开答复数为27件”“行政复议0件”）——
  行名取自格式文件（键、法定名称、别名，去掉序号和末尾的“数”“数量”），所以每种格式、
  每个省份变体自动适用；
- 少数固定说法（“收到……申请N件”“受理依申请公开N起”“结转下年度N件”“制发规范性
  文件N件”），它们指向的量也写成引用名（如 ``依申请.本年新收``），在当前格式里解析不到
  就不用。

带着“上年原文”标记的段落不核对（标记本身已经提示要改写）。不比较的：数后面不是这一项的单位（“占10%”“2020年”“电话”“网站……条”）；分句以“其中”
开头的总数说法；说的是上年、累计、增减（“较上年增加3件”）；句中出现别的年份；数与行名之间
夹着别的行名或别的数。
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from ..document.names import Item, UnknownName, format_number, resolve_name, spec_items
from ..document.passages import CARRIED_MARK, iter_passages, position
from ..document.textblock import strip_number
from ..problems.findings import Finding
from .references import REFERENCE

if TYPE_CHECKING:
    from ..document.model import Document
    from ..spec.formats import Spec

UNITS = {
    "件": "件|起|宗|个",
    "条": "条|篇",
    "篇": "篇|条",
    "次": "次|场",
    "人": "人|名",
    "人次": "人次",
    "个": "个|家",
    "万元": "万元",
    "元": "元",
}
"""表中单位 → 叙述里可能的写法。"""

_NUMBER = r"(\d+(?:\.\d+)?)"
_GAP = r"[^，,。；;：:！？!?\d]{0,8}?"
_AFTER = r"(?!工作日|小时|分钟|天|%|％|万)"
"""数后单位之后不能紧跟这些：“20个工作日”“3件%”不是件数。"""
_QUOTES = "“”\"「」『』‘’'《》"
_NOT_SAME = re.compile(r"其中|占|比例|增|减|较|同比|上年|去年|上一年|累计|平均|超过|以上|以下|不足|约|近|余")
_OTHER_TIME = re.compile(r"上年|去年|上一年|往年|历年|累计")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_CLAUSE = re.compile(r"[^，,；;。！？!?]+")
_SENTENCE = re.compile(r"[^。！？!?；;]+[。！？!?；;]?")


@dataclass(frozen=True)
class Phrase:
    """一种固定说法：``pattern`` 的第 1 组是数，``names`` 是它可能指的量（按格式取第一个存在的）。"""

    pattern: re.Pattern[str]
    names: tuple[str, ...]
    total: bool = True
    """说的是总数：分句以“其中”开头、或数前有渠道等限定词时不比较。"""


_QUALIFIERS = re.compile(r"当面|网络|网上|信函|传真|邮寄|电子邮件|自然人|法人|企业|转办|咨询|投诉|举报|信访")

PHRASES: tuple[Phrase, ...] = (
    Phrase(
        re.compile(rf"(?:收到|受理|新收|接到|接收)[^，,。；;：:\d]{{0,20}}?申请[^，,。；;：:\d]{{0,10}}?{_NUMBER}\s*(?:件|起|宗|个){_AFTER}"),
        ("依申请.本年新收", "统计表.收到申请数"),
    ),
    Phrase(
        re.compile(rf"(?:收到|受理|新收)的?(?:各类)?{_NUMBER}\s*(?:件|起|宗|个)[^，,。；;：:\d]{{0,6}}?申请"),
        ("依申请.本年新收", "统计表.收到申请数"),
    ),
    Phrase(
        re.compile(rf"结转(?:至|到|入)?下(?:一)?年(?:度)?[^，,。；;：:\d]{{0,8}}?{_NUMBER}\s*(?:件|起|个){_AFTER}"),
        ("依申请.结转下年度继续办理",),
    ),
    Phrase(
        re.compile(rf"{_NUMBER}\s*(?:件|起|个)[^，,。；;：:\d]{{0,8}}?结转(?:至|到|入)?下(?:一)?年"),
        ("依申请.结转下年度继续办理",),
    ),
    Phrase(
        re.compile(rf"制发[^，,。；;：:\d]{{0,6}}?规范性文件[^，,。；;：:\d]{{0,4}}?{_NUMBER}\s*(?:件|个|份){_AFTER}"),
        ("主动公开.行政规范性文件.本年制发件数", "主动公开.规范性文件.本年新制作数量", "统计表.制发规范性文件总数"),
        total=False,
    ),
    Phrase(
        re.compile(rf"行政复议[^，,。；;：:\d]{{0,8}}?{_NUMBER}\s*(?:件|起|宗|次){_AFTER}"),
        ("复议诉讼.行政复议", "统计表.行政复议"),
    ),
    Phrase(
        re.compile(rf"行政诉讼[^，,。；;：:\d]{{0,8}}?{_NUMBER}\s*(?:件|起|宗|次){_AFTER}"),
        ("复议诉讼.行政诉讼", "统计表.行政诉讼"),
    ),
)

_GENERIC = {"其他", "总计", "合计", "其他结果", "结果维持", "结果纠正", "尚未审结", "统计数"}


def _forms(item: Item) -> list[str]:
    """行名在叙述中可能的写法（去掉序号、括注、末尾的“数”“数量”）。"""
    out: list[str] = []
    for name in item.levels[-1]:
        base = strip_number(re.sub(r"[（(][^）)]*[）)]$", "", name)).strip()
        base = re.sub(r"^其中[：:]", "", base)
        for form in (base, re.sub(r"(?:总数|数量|数)$", "", base)):
            if len(form) >= 4 and form not in _GENERIC and form not in out:
                out.append(form)
    return out


_FORMS: dict[tuple[str, int], list[tuple[str, Item]]] = {}


def _spec_forms(spec: Spec) -> list[tuple[str, Item]]:
    """格式中全部“可以只写行名”的量及其写法，长的在前（“不同意公开答复”先于“同意公开答复”）。"""
    key = (spec.id, id(spec))
    if key not in _FORMS:
        pairs = [(form, item) for item in spec_items(spec) if item.default for form in _forms(item)]
        pairs.sort(key=lambda p: -len(p[0]))
        _FORMS[key] = pairs
    return _FORMS[key]


def _unit_pattern(unit: str | None) -> str:
    return UNITS.get(unit or "件", re.escape(unit or "件"))


def _number_at(clause: str, start: int, unit: str | None) -> tuple[str, int] | None:
    """从 ``start`` 起：若干不含数字的连接字，然后是数与单位。返回 (数, 数的位置)。"""
    match = re.compile(rf"[{_QUOTES}\s]*{_GAP}{_NUMBER}\s*(?:{_unit_pattern(unit)}){_AFTER}").match(clause, start)
    if match is None:
        return None
    gap = clause[start : match.start(1)]
    if _NOT_SAME.search(gap) or gap.rstrip().endswith(("第", "前", "后")):
        return None
    return match.group(1), match.start(1)


@dataclass(frozen=True)
class Claim:
    """叙述中的一个数及它说的是哪一项。"""

    number: str
    item: Item
    clause: str
    start: int


def _occurrences(form: str, text: str) -> Iterator[int]:
    """``form`` 在 ``text`` 中各次（不重叠）出现的位置。比逐个行名编正则快得多：每段文字都要
    找格式里的全部行名，实时预览每次保存都要重做一遍。"""
    at = text.find(form)
    while at >= 0:
        yield at
        at = text.find(form, at + len(form))


def _claims(doc: Document, clause: str) -> list[Claim]:
    claims: list[Claim] = []
    taken: list[tuple[int, int]] = []
    for form, item in _spec_forms(doc.spec):
        for start in _occurrences(form, clause):
            span = (start, start + len(form))
            if any(a <= span[0] and span[1] <= b for a, b in taken):
                continue  # 是更长行名的一部分
            taken.append(span)
            found = _number_at(clause, span[1], item.unit)
            if found is None:
                continue
            number, at = found
            between = clause[span[1] : at]
            if any(f in between for f, _ in _spec_forms(doc.spec)):
                continue  # 数前面还有别的行名：说的是那一项
            claims.append(Claim(number, item, clause, at))
    for phrase in PHRASES:
        for match in phrase.pattern.finditer(clause):
            if phrase.total and (clause.lstrip().startswith("其中") or _QUALIFIERS.search(match.group(0))):
                continue
            if _NOT_SAME.search(match.group(0).replace("申请", "")) and phrase.total:
                continue
            named = _first(doc, phrase.names)
            if named is None or any(c.start == match.start(1) for c in claims):
                continue
            claims.append(Claim(match.group(1), named, clause, match.start(1)))
    return claims


def _first(doc: Document, names: tuple[str, ...]) -> Item | None:
    for name in names:
        try:
            return resolve_name(doc.spec, name)
        except UnknownName:
            continue
    return None


def _other_year(sentence: str, year: int) -> bool:
    return any(int(y) != year for y in _YEAR.findall(sentence))


def _quote(sentence: str, at: int) -> str:
    """引用句子：太长时截取数前后的一段。"""
    sentence = sentence.strip()
    if len(sentence) <= 60:
        return sentence
    begin = max(0, at - 35)
    end = min(len(sentence), at + 20)
    return ("……" if begin else "") + sentence[begin:end] + ("……" if end < len(sentence) else "")


def lint_text(doc: Document, text: str) -> list[tuple[Claim, str, object]]:
    """一段文字里与表格不符的数：(说法, 所在句子, 表中的值)。"""
    out = []
    text = REFERENCE.sub("", text)
    for sentence_match in _SENTENCE.finditer(text):
        sentence = sentence_match.group(0)
        if doc.year and _other_year(sentence, doc.year):
            continue
        for clause_match in _CLAUSE.finditer(sentence):
            clause = clause_match.group(0)
            for claim in _claims(doc, clause):
                if _OTHER_TIME.search(clause.replace("上年结转", "")):
                    continue
                value = claim.item.value(doc)
                values = doc.tables.get(claim.item.table.key)
                if value is None or values is None or values.invalid:
                    continue
                try:
                    written = Decimal(claim.number)
                except InvalidOperation:
                    continue
                if written != value:
                    out.append((claim, sentence, value))
    return out


def check_narrative_numbers(doc: Document) -> list[Finding]:
    """叙述中写明是哪一项的数必须与表中一致。"""
    findings = []
    for passage in iter_passages(doc):
        text = "\n".join(line for _, line in passage.paragraphs() if CARRIED_MARK not in line)
        for claim, sentence, value in lint_text(doc, text):
            unit = claim.item.unit or "件"
            at = sentence.find(claim.clause) + claim.start
            findings.append(
                Finding(
                    passage.path,
                    "NARR-MISMATCH",
                    f"「{passage.part}」中“{_quote(sentence, at)}”写的是 {claim.number} {unit}，"
                    f"{claim.item.description}为 {format_number(value)}；请核对叙述与表格（可改用引用 {{{{ {claim.item.name} }}}}）",
                    "warning",
                    where=position(doc, passage.path, claim.clause[max(0, claim.start - 6) : claim.start + len(claim.number)]),
                )
            )
    return findings
