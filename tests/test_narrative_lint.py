"""叙述数字核对：五份真实年报自己的叙述不报警；故意改错的数一定报出来。"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES
from seedtext import parse_seed, seed_path

from gjjgen.checks.narrative_lint import lint_text
from gjjgen.checks.validate import validate_file

SEED_EXAMPLES = {
    "000": "上海市公积金管理中心-2020.yaml",
    "001": "吉林市住房公积金管理中心-2017.yaml",
    "002": "葫芦岛市住房公积金管理中心-2023.yaml",
    "003": "中山市住房公积金管理中心-2020.yaml",
    "004": "东营市住房公积金管理中心-2018.yaml",
}


def _doc(name: str):
    doc = validate_file(EXAMPLES / name).document
    assert doc is not None
    return doc


def _mismatches(doc, text: str) -> list[tuple[str, str, object]]:
    return [(claim.number, claim.item.name, value) for claim, _, value in lint_text(doc, text)]


@pytest.mark.parametrize("number", sorted(SEED_EXAMPLES))
def test_seed_narrative_is_consistent_with_its_tables(number: str) -> None:
    """种子报告原文的每一段（从导出的纯文本解析，不经示例文件改写）都与它自己的表格一致。"""
    doc = _doc(SEED_EXAMPLES[number])
    seed = parse_seed(seed_path(number))
    assert seed.paragraphs
    found = {p: _mismatches(doc, p) for p in seed.paragraphs}
    assert {p: m for p, m in found.items() if m} == {}


@pytest.mark.parametrize("name", sorted(SEED_EXAMPLES.values()))
def test_examples_have_no_narrative_warning(name: str) -> None:
    problems = validate_file(EXAMPLES / name).problems
    assert [p for p in problems if p.code == "NARR-MISMATCH"] == []


# 真实句子（取自种子），对着该年报的表格：每句都含有可核对的数，且都不应报警。
REAL_SENTENCES = [
    ("000", "2020年，市公积金中心收到信息公开申请共计10件，其中，8件已按要求答复申请人，2件目前正在处理中。", 1),
    ("000", "从申请答复的性质来看，属于“予以公开”1件，占10%；属于“部分公开”2件，占20%；属于“无法提供”1件，占10%；属于“不予处理”1件，占10%；属于“其他处理”3件，占30%。", 5),
    ("000", "从申请渠道看，当面申请4件，网络申请6件。", 0),
    ("000", "通过上海住房公积金网，及时公开市住房公积金管理委员会和市公积金中心的住房公积金相关政策共计192条。", 0),
    ("000", "2020年，市公积金中心通过住房公积金网站对外发布住房公积金信息1130条。", 0),
    ("001", "2017年中心主动公开信息159条。其中，主动公开规范性文件信息2条，制发规范性文件2件。", 2),
    ("001", "在公开的159条信息中，通过政府网站公开政府信息数为159条，占公开信息总数的比例（以下简称占比）为100%；通过政务微博公开政府信息数为4条，占比为2.5%；通过政务微信公开政府信息数为30条，占比为18.9%；通过其他方式公开政府信息数23条，占比为14.5%。", 4),
    ("001", "2017年，中心收到政府信息公开申请总数为27件，即有27家公积金缴存单位向中心申请提供单位缴存证明。其中当面申请27件，占申请总数的比例为100%。", 2),
    ("001", "全年所收到的27件申请已全部办结，且27件全部为按时办结，按时办结率为100%。", 1),
    ("001", "2017年中心政府信息公开专项经费总计为1.5万元。", 1),
    ("001", "地址：吉林市丰满区南山街225号，邮编：132013，电话：0432-64805010，邮箱：jlszfgjj@163.com。", 0),
    ("001", "截至2017年末，已受理依申请公开27起；继续做好12345市长公开电话办公室转办问题的答复工作，全年已受理转办问题16件。", 1),
    ("002", "2023年，网站主动公开信息131条，其中新闻发布95条，政务公开重点工作17条，信息公开6条。", 0),
    ("002", "受理诉求工单633件，反馈率100%，办结率100%，满意率99.07%，平均办件天数1天。", 0),
    ("003", "2020年，通过中心政务网站公布了各类信息441条，包括政策类文件9条，党建信息29条。", 0),
    ("004", "本年度受理政府依申请公开 1 件，按期答复 1 件，按期答复率 100%，无收费情况发生。", 1),
    ("004", "2018年组织各业务科室召开专题协调会议4次，组织政务公开专题培训1次。", 0),
]


@pytest.mark.parametrize(("number", "sentence", "checked"), REAL_SENTENCES)
def test_real_sentences_do_not_warn(number: str, sentence: str, checked: int) -> None:
    from gjjgen.checks.narrative_lint import _CLAUSE, _SENTENCE, _claims

    doc = _doc(SEED_EXAMPLES[number])
    assert _mismatches(doc, sentence) == []
    # 确认句中确实有这么多个数被拿来核对（不是因为什么都没认出来才“安静”）
    claims = [c for s in _SENTENCE.finditer(sentence) for cl in _CLAUSE.finditer(s.group(0)) for c in _claims(doc, cl.group(0))]
    assert len({(c.clause, c.start) for c in claims}) == checked


PLANTED = [
    ("000", "市公积金中心收到信息公开申请共计12件。", ("12", "依申请公开.本年新收.总计", 10)),
    ("000", "属于“部分公开”3件，占30%。", ("3", "依申请公开.本年度办理结果.部分公开.总计", 2)),
    ("000", "结转下年度继续办理1件。", ("1", "依申请公开.结转下年度继续办理.总计", 2)),
    ("000", "本年度发生政府信息公开行政复议2件。", ("2", "复议诉讼.行政复议.总计", 0)),
    ("000", "被提起行政诉讼1起。", ("1", "复议诉讼.行政诉讼.总计", 0)),
    ("001", "其中，主动公开规范性文件信息5条。", ("5", "统计表.主动公开情况.主动公开规范性文件数", 2)),
    ("001", "中心收到政府信息公开申请总数为28件。", ("28", "统计表.依申请公开情况.收到申请数", 27)),
    ("001", "政府信息公开专项经费总计为2万元。", ("2", "统计表.机构建设和保障经费情况.政府信息公开专项经费", 1.5)),
    ("002", "本年制发行政规范性文件3件。", ("3", "主动公开.第二十条第（一）项.行政规范性文件.本年制发件数", 1)),
    ("004", "本年度受理政府依申请公开 2 件。", ("2", "统计表.依申请公开情况.收到申请数", 1)),
]


@pytest.mark.parametrize(("number", "sentence", "expected"), PLANTED)
def test_planted_mismatch_warns(number: str, sentence: str, expected: tuple[str, str, object]) -> None:
    doc = _doc(SEED_EXAMPLES[number])
    (found,) = _mismatches(doc, sentence)
    assert found[:2] == expected[:2]
    assert float(found[2]) == float(expected[2])


NOT_THE_SAME_QUANTITY = [
    "其中收到网络申请6件。",  # 其中：是一部分
    "收到的申请较上年增加3件。",  # 增减
    "2019年收到政府信息公开申请5件。",  # 别的年份
    "上年收到申请8件。",
    "行政复议申请人中有2人为缴存职工。",  # 单位不是件
    "在收到申请后20个工作日内予以答复。",
    "累计受理依申请公开150件。",
]


@pytest.mark.parametrize("sentence", NOT_THE_SAME_QUANTITY)
def test_different_quantities_do_not_warn(sentence: str) -> None:
    assert _mismatches(_doc(SEED_EXAMPLES["000"]), sentence) == []


def test_planted_mismatch_in_a_copy_of_an_example(tmp_path: Path) -> None:
    """在示例文件的副本里改一个叙述数字：validate 报 NARR-MISMATCH，位置指向那个数。"""
    source = EXAMPLES / SEED_EXAMPLES["000"]
    copy = tmp_path / "shanghai.yaml"
    shutil.copy(source, copy)
    text = copy.read_text(encoding="utf-8")
    assert "属于“部分公开”2件" in text
    copy.write_text(text.replace("属于“部分公开”2件", "属于“部分公开”4件"), encoding="utf-8")
    (problem,) = [p for p in validate_file(copy).problems if p.code == "NARR-MISMATCH"]
    assert problem.level == "warning"
    assert "4 件" in problem.message and "为 2" in problem.message and "部分公开" in problem.message
    line = copy.read_text(encoding="utf-8").splitlines()[problem.line - 1]
    assert "“部分公开”4件" in line[problem.col - 1 :]
