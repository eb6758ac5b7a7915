"""examples/ 下的示例：每一份都照录一份已发布的年报，校验结果必须恰好是那份年报本身的问题。

已发布的年报并不都合规：上海 2020 年报表三“法人或其他组织”五列印作“—”，中山 2020 年报
表四“行政复议”五格空着，东营 2018 年报统计表 43 格空着。这些问题必须作为警告报出来
（不能当成 0，也不能报成错误），除此之外不能有任何别的问题。下面逐份写明预期的警告：
（问题代码, 数据文件行号, 该行的键）——行号对着示例文件，键名用来确认那一行确实是原报告
里空着的那一项。
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import EXAMPLES

from gjjgen.checks.validate import validate_file
from gjjgen.cli.app import main
from gjjgen.document.model import Attachment

# 上海 2020：表三每一行（“（七）总计”除外，合计行由 gjjgen 计算）的五个法人列都是“—”。
SHANGHAI_2020 = [
    ("CELL-BLANK", 69, "本年新收"),
    ("CELL-BLANK", 70, "上年结转"),
    ("CELL-BLANK", 72, "予以公开"),
    ("CELL-BLANK", 73, "部分公开"),
    ("CELL-BLANK", 75, "属于国家秘密"),
    ("CELL-BLANK", 76, "其他法律行政法规禁止公开"),
    ("CELL-BLANK", 77, "危及“三安全一稳定”"),
    ("CELL-BLANK", 78, "保护第三方合法权益"),
    ("CELL-BLANK", 79, "属于三类内部事务信息"),
    ("CELL-BLANK", 80, "属于四类过程性信息"),
    ("CELL-BLANK", 81, "属于行政执法案卷"),
    ("CELL-BLANK", 82, "属于行政查询事项"),
    ("CELL-BLANK", 84, "本机关不掌握相关政府信息"),
    ("CELL-BLANK", 85, "没有现成信息需要另行制作"),
    ("CELL-BLANK", 86, "补正后申请内容仍不明确"),
    ("CELL-BLANK", 88, "信访举报投诉类申请"),
    ("CELL-BLANK", 89, "重复申请"),
    ("CELL-BLANK", 90, "要求提供公开出版物"),
    ("CELL-BLANK", 91, "无正当理由大量反复申请"),
    ("CELL-BLANK", 92, "要求行政机关确认或重新出具已获取信息"),
    ("CELL-BLANK", 93, "其他处理"),
    ("CELL-BLANK", 95, "结转下年度继续办理"),
]

# 中山 2020：表四“行政复议”一组空着。
ZHONGSHAN_2020 = [
    ("CELL-BLANK", 81, "行政复议"),
]

# 东营 2018：统计表里空着（不是 0）的 43 格。
DONGYING_2018 = [
    ("CELL-BLANK", 91, "政府公报公开政府信息数"),
    ("CELL-BLANK", 93, "政务微博公开政府信息数"),
    ("CELL-BLANK", 97, "回应公众关注热点或重大舆情数"),
    ("CELL-BLANK", 98, "参加或举办新闻发布会总次数"),
    ("CELL-BLANK", 99, "主要负责同志参加新闻发布会次数"),
    ("CELL-BLANK", 100, "政府网站在线访谈次数"),
    ("CELL-BLANK", 101, "主要负责同志参加政府网站在线访谈次数"),
    ("CELL-BLANK", 103, "微博微信回应事件数"),
    ("CELL-BLANK", 104, "其他方式回应事件数"),
    ("CELL-BLANK", 107, "当面申请数"),
    ("CELL-BLANK", 108, "传真申请数"),
    ("CELL-BLANK", 110, "信函申请数"),
    ("CELL-BLANK", 111, "其他形式"),
    ("CELL-BLANK", 114, "延期办结数"),
    ("CELL-BLANK", 116, "属于已主动公开范围数"),
    ("CELL-BLANK", 117, "同意公开答复数"),
    ("CELL-BLANK", 118, "同意部分公开答复数"),
    ("CELL-BLANK", 119, "不同意公开答复数"),
    ("CELL-BLANK", 120, "涉及国家秘密"),
    ("CELL-BLANK", 121, "涉及商业秘密"),
    ("CELL-BLANK", 122, "涉及个人隐私"),
    ("CELL-BLANK", 123, "危及国家安全、公共安全、经济安全和社会稳定"),
    ("CELL-BLANK", 124, "不是《条例》所指政府信息"),
    ("CELL-BLANK", 125, "法律法规规定的其他情形"),
    ("CELL-BLANK", 127, "申请信息不存在数"),
    ("CELL-BLANK", 128, "告知作出更改补充数"),
    ("CELL-BLANK", 129, "告知通过其他途径办理数"),
    ("CELL-BLANK", 131, "行政复议数量"),
    ("CELL-BLANK", 132, "维持具体行政行为数"),
    ("CELL-BLANK", 133, "被依法纠错数"),
    ("CELL-BLANK", 134, "其他情形数"),
    ("CELL-BLANK", 136, "行政诉讼数量"),
    ("CELL-BLANK", 137, "维持具体行政行为或者驳回原告诉讼请求数"),
    ("CELL-BLANK", 138, "被依法纠错数"),
    ("CELL-BLANK", 139, "其他情形数"),
    ("CELL-BLANK", 141, "被举报投诉数量"),
    ("CELL-BLANK", 142, "维持具体行政行为数"),
    ("CELL-BLANK", 143, "被纠错数"),
    ("CELL-BLANK", 144, "其他情形数"),
    ("CELL-BLANK", 146, "向图书馆、档案馆等查阅场所报送信息数"),
    ("CELL-BLANK", 147, "纸质文件数"),
    ("CELL-BLANK", 148, "电子文件数"),
    ("CELL-BLANK", 153, "专职人员数"),
]

EXPECTED_WARNINGS: dict[str, list[tuple[str, int, str]]] = {
    "上海市公积金管理中心-2020.yaml": SHANGHAI_2020,
    "吉林市住房公积金管理中心-2017.yaml": [],
    "葫芦岛市住房公积金管理中心-2023.yaml": [],
    "中山市住房公积金管理中心-2020.yaml": ZHONGSHAN_2020,
    "东营市住房公积金管理中心-2018.yaml": DONGYING_2018,
}

# 需要 --draft 才能生成的示例：只有已发布的年报本身算术有误时才需要。五份年报都没有错误。
NEEDS_DRAFT: dict[str, bool] = {
    "上海市公积金管理中心-2020.yaml": False,
    "吉林市住房公积金管理中心-2017.yaml": False,
    "葫芦岛市住房公积金管理中心-2023.yaml": False,
    "中山市住房公积金管理中心-2020.yaml": False,
    "东营市住房公积金管理中心-2018.yaml": False,
}

EXAMPLE_NAMES = sorted(EXPECTED_WARNINGS)


def example(name: str) -> Path:
    return EXAMPLES / name


def test_every_example_is_listed() -> None:
    on_disk = sorted(p.name for p in EXAMPLES.glob("*.yaml"))
    assert on_disk == EXAMPLE_NAMES
    assert sorted(NEEDS_DRAFT) == EXAMPLE_NAMES


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_example_has_no_errors(name: str) -> None:
    result = validate_file(example(name))
    assert result.document is not None
    assert [p.format() for p in result.errors] == []


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_example_warnings_are_exactly_the_published_problems(name: str) -> None:
    result = validate_file(example(name))
    warnings = Counter((p.code, p.line) for p in result.problems if not p.is_error)
    expected = Counter((code, line) for code, line, _ in EXPECTED_WARNINGS[name])
    assert warnings == expected
    assert all(p.level == "warning" for p in result.problems if p.code == "CELL-BLANK")


@pytest.mark.parametrize("name", [n for n in EXAMPLE_NAMES if EXPECTED_WARNINGS[n]])
def test_expected_warning_lines_are_those_rows(name: str) -> None:
    lines = example(name).read_text(encoding="utf-8").splitlines()
    for code, line, key in EXPECTED_WARNINGS[name]:
        text = lines[line - 1].strip()
        assert text.startswith(f"{key}:"), (code, line, text)
        # 这一行照录的是原报告里空着或印作“—”的格，不是数字 0
        assert '""' in text or "—" in text, (line, text)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_draft_table(name: str) -> None:
    result = validate_file(example(name))
    assert bool(result.errors) is NEEDS_DRAFT[name]


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_validate_command_exit_codes(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(example(name))
    assert main(["validate", path]) == (1 if NEEDS_DRAFT[name] else 0)
    out = capsys.readouterr().out
    assert out.count("警告: ") == len(EXPECTED_WARNINGS[name])
    assert "错误: " not in out
    assert main(["validate", "--strict", path]) == (1 if EXPECTED_WARNINGS[name] else 0)


def test_blank_cells_are_not_counted_as_zero() -> None:
    """照录的空格印出来仍是空格（或原来的“—”），合计也不把它们当成 0。"""
    shanghai = validate_file(example("上海市公积金管理中心-2020.yaml")).document
    assert shanghai is not None
    apply = shanghai.tables["依申请公开"]
    assert apply.text(("本年新收", "商业企业")) == "—"
    assert apply.value(("本年新收", "商业企业")) is None
    assert apply.value(("本年新收", "总计")) == 10
    assert apply.value(("本年度办理结果", "总计", "自然人")) == 8
    assert apply.value(("本年度办理结果", "总计", "商业企业")) is None

    zhongshan = validate_file(example("中山市住房公积金管理中心-2020.yaml")).document
    assert zhongshan is not None
    review = zhongshan.tables["复议诉讼"]
    assert review.text(("行政复议", "结果维持")) == ""
    assert review.value(("行政复议", "总计")) is None
    assert review.value(("复议后起诉", "总计")) == 0

    dongying = validate_file(example("东营市住房公积金管理中心-2018.yaml")).document
    assert dongying is not None
    stats = dongying.tables["统计表"]
    assert stats.value(("依申请公开情况", "当面申请数")) is None
    assert stats.value(("依申请公开情况", "收到申请数")) == 1
    assert stats.value(("行政复议", "行政复议数量")) is None


def test_pre_2019_appendix_layout_text() -> None:
    """附件说明与表题照录原文，供排版使用。"""
    jilin = validate_file(example("吉林市住房公积金管理中心-2017.yaml")).document
    dongying = validate_file(example("东营市住房公积金管理中心-2018.yaml")).document
    assert jilin is not None and dongying is not None
    assert jilin.attachment == Attachment(
        notice="附件：政府信息公开情况统计表（2017年度）", title_lines=(), caption="（2017年度）"
    )
    assert dongying.attachment == Attachment(
        notice="附件：市公积金中心2018年度政府信息公开工作情况统计表",
        title_lines=("东营市住房公积金管理中心", "2018年度政府信息公开工作情况统计表"),
        caption="",
    )
    # 附件的版面文字不是填报信息：不混进统计表下方的填报信息行
    assert set(jilin.fields) == {"填报信息"}
    assert jilin.fields["填报信息"]["单位负责人"] == "何桂荣"
    assert dongying.fields == {"填报信息": {}}
    assert dongying.spec.id == "pre-2019-山东"
    assert [c.title for c in dongying.texts["正文"]][-1] == "本年度无其他需报告事项。"
    assert not dongying.texts["正文"][-1].body


def test_attachment_text_is_optional_and_checked(tmp_path: Path) -> None:
    """“附件”一项可以不写（排版按统计表名称生成）；写错的键照常指出。"""
    text = example("吉林市住房公积金管理中心-2017.yaml").read_text(encoding="utf-8")
    start = text.index("\n附件:") + 1
    block = text[start : text.index("\n\n", start) + 1]
    assert block.splitlines()[1:] == ["  附件说明: 附件：政府信息公开情况统计表（2017年度）", "  表题注: （2017年度）"]

    without = tmp_path / "without.yaml"
    without.write_text(text.replace(block, ""), encoding="utf-8")
    result = validate_file(without)
    assert result.problems == []
    assert result.document is not None
    assert result.document.attachment == Attachment()

    typo = tmp_path / "typo.yaml"
    typo.write_text(text.replace("  表题注: ", "  表题说明: "), encoding="utf-8")
    result = validate_file(typo)
    assert [(p.code, p.line) for p in result.errors] == [("KEY-UNKNOWN", text.splitlines().index("  表题注: （2017年度）") + 1)]
