"""seedtext 的测试：每份种子的具体事实都是从原文读出来的，用来证明解析器读对了“数”。

保真度比较完全建立在这个解析器上，解析错位会让比较失去意义，所以这里逐表核对
行数、若干行的原值，以及勾稽关系（它只有在列没有错位时才成立）。
"""

from __future__ import annotations

from pathlib import Path

import pytest
from seedtext import (
    Seed,
    Signature,
    normalize,
    parse_seed,
    seed_path,
    seed_paths,
)

DASH6 = ["—"] * 5
ZEROS7 = ["0"] * 7


@pytest.fixture(scope="module")
def seeds() -> dict[str, Seed]:
    return {p.name[:3]: parse_seed(p) for p in seed_paths()}


# ---------------------------------------------------------------- normalize


def test_normalize_width_punctuation_and_whitespace() -> None:
    assert normalize("（一） 予以公开") == "(一)予以公开"
    assert normalize("（一）予以公开") == normalize("(一)予以公开")
    assert normalize("地址：吉林市；邮编，１３２０１３") == "地址:吉林市;邮编,132013"
    assert normalize("商业 企业\t\u3000") == "商业企业"
    assert normalize("危及“三安全一稳定”") == normalize('危及"三安全一稳定"')
    assert normalize("规章、规范性文件") == "规章、规范性文件"


def test_normalize_markdown_noise() -> None:
    assert normalize("二是**充分发挥制度保障作用**。") == "二是充分发挥制度保障作用。"
    assert (
        normalize("网站（<http://www.dygj.j.gov.cn>）下载") == "网站(http://www.dygj.j.gov.cn)下载"
    )


# ---------------------------------------------------------------- 所有种子共有的性质


def test_all_five_seeds_found() -> None:
    assert [p.name[:3] for p in seed_paths()] == ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_paragraphs_contain_no_table_cells(seeds: dict[str, Seed], number: str) -> None:
    seed = seeds[number]
    for paragraph in seed.paragraphs:
        assert "|" not in paragraph and "\t" not in paragraph
    cells = {normalize(c) for table in seed.tables for row in table for c in row if c}
    assert not cells & {normalize(p) for p in seed.paragraphs}


@pytest.mark.parametrize("number", ["000", "002", "003"])
def test_application_table_balances(seeds: dict[str, Seed], number: str) -> None:
    """总计列等于各类申请人之和，且“一+二=三（七）+四”：列一错位就不成立。"""
    data = seeds[number].data("依申请公开")

    def num(v: str) -> int:
        return int(v) if v.isdigit() else 0

    for row in data.rows:
        assert len(row.values) == 7, row
        assert num(row.values[6]) == sum(num(v) for v in row.values[:6]), row
    for col in range(7):
        new = num(data.values("一、本年新收政府信息公开申请数量")[col])
        carried = num(data.values("二、上年结转政府信息公开申请数量")[col])
        total = num(data.values("（七）总计")[col])
        forward = num(data.values("四、结转下年度继续办理")[col])
        assert new + carried == total + forward


@pytest.mark.parametrize("number", ["000", "002", "003"])
def test_review_table_has_one_row_of_fifteen(seeds: dict[str, Seed], number: str) -> None:
    data = seeds[number].data("复议诉讼")
    assert len(data.rows) == 1
    assert data.rows[0].label == ""
    assert len(data.rows[0].values) == 15
    assert len(data.header_rows) == 3


# ---------------------------------------------------------------- 000 上海（2019 格式）


def test_000_title_signature(seeds: dict[str, Seed]) -> None:
    seed = seeds["000"]
    assert seed.title_lines == ["2020年上海市公积金管理中心", "政府信息公开工作年度报告"]
    assert seed.signature == Signature("上海市公积金管理中心", "2021年1月28日")
    assert seed.dated == "2021年1月28日"
    assert seed.paragraphs[-1] == "无其他需要报告的事项。"
    assert seed.paragraphs[0].startswith("本年度报告根据")


def test_000_tables(seeds: dict[str, Seed]) -> None:
    seed = seeds["000"]
    assert seed.table_names == {"主动公开": 0, "依申请公开": 1, "复议诉讼": 2}

    active = seed.data("主动公开")
    assert [r.label for r in active.rows] == [
        "规章",
        "规范性文件",
        "行政许可",
        "其他对外管理服务事项",
        "行政处罚",
        "行政强制",
        "行政事业性收费",
        "政府集中采购",
    ]
    assert active.values("规范性文件") == ["6", "6", "23"]
    assert active.values("其他对外管理服务事项") == ["4", "0", "0"]
    assert active.values("行政事业性收费") == ["0", "0"]
    assert active.values("政府集中采购") == ["24", "1888.8652万元"]
    # 表头是断裂的“本年新 | 本年新”，只作为表头返回。
    assert ["信息内容", "本年新", "本年新", "对外公开总数量", ""] in active.header_rows

    apply = seed.data("依申请公开")
    assert len(apply.rows) == 23
    assert apply.values("一、本年新收政府信息公开申请数量") == ["10", *DASH6, "10"]
    assert apply.values("（一）予以公开") == ["1", *DASH6, "1"]
    assert apply.values("(二)部分公开(区分处理的,只计这一情形,不计其他情形)") == ["2", *DASH6, "2"]
    assert apply.values("1.属于国家秘密") == ["0", *DASH6, "0"]
    assert apply.values("3.补正后申请内容仍不明确") == ["1", *DASH6, "1"]
    assert apply.values("2.重复申请") == ["1", *DASH6, "1"]
    assert apply.values("（六）其他处理") == ["3", *DASH6, "3"]
    assert apply.values("（七）总计") == ["8", *DASH6, "8"]
    assert apply.values("四、结转下年度继续办理") == ["2", *DASH6, "2"]
    assert apply.find("(一)予以公开")[0].path == ("三、本年度办理结果", "(一)予以公开")

    assert seed.data_cells("复议诉讼") == [("", ["0"] * 15)]


# ---------------------------------------------------------------- 001 吉林（2008 格式，每格一行）


def test_001_title_date(seeds: dict[str, Seed]) -> None:
    seed = seeds["001"]
    assert seed.title_lines == ["吉林市住房公积金管理中心", "2017年政府信息公开工作年度报告"]
    assert seed.dated == "2018年2月26日"
    assert seed.signature is None
    assert "(2018年2月26日)" not in seed.paragraphs
    assert seed.paragraphs[-1] == "联系电话: 64805010 填报日期:2018年2月26日"
    assert "附件:政府信息公开情况统计表(2017年度)" in seed.paragraphs


def test_001_statistics_table(seeds: dict[str, Seed]) -> None:
    seed = seeds["001"]
    assert list(seed.table_names) == ["统计表"]
    assert len(seed.tables) == 1
    table = seed.table("统计表")
    assert table[0] == ["统 计 指 标", "单位", "统计数"]
    assert table[1] == ["一、主动公开情况", "—", ""]

    data = seed.data("统计表")
    assert len(data.rows) == 58
    # 表头 + 7 个单位为“—”的分节行。
    assert len(data.header_rows) == 8
    assert all(row.unit not in ("", "—") and len(row.values) == 1 for row in data.rows)
    assert data.values("（一）收到申请数") == ["27"]
    assert data.values("1.当面申请数") == ["27"]
    assert data.values("3.网络申请数") == ["0"]
    first = data.find("(一)主动公开政府信息数(不同渠道和方式公开相同信息计1条)")[0]
    assert (first.values, first.unit) == (["159"], "条")
    assert data.values("3.政策解读稿件发布数") == ["93"]
    assert data.values("其中：涉及国家秘密") == ["0"]
    assert data.values("（三）从事政府信息公开工作人员数") == ["3"]
    funds = data.rows[-4]
    assert funds.label.startswith("(四)政府信息公开专项经费")
    assert (funds.values, funds.unit) == (["1.5"], "万元")
    assert data.rows[-1].label == "(三)接受培训人员数"
    assert (data.rows[-1].values, data.rows[-1].unit) == (["3"], "人次")
    assert len(data.find("(二)被依法纠错数")) == 2


# ---------------------------------------------------------------- 002 葫芦岛（2021 格式）


def test_002_title(seeds: dict[str, Seed]) -> None:
    seed = seeds["002"]
    assert seed.title_lines == ["葫芦岛市住房公积金管理中心 2023年政府信息公开工作年度报告"]
    assert seed.signature is None
    assert seed.dated is None
    assert seed.paragraphs[-2:] == ["文章来源:办公室", "责任编辑:马健雄"]


def test_002_tables(seeds: dict[str, Seed]) -> None:
    seed = seeds["002"]
    assert seed.table_names == {"主动公开": 0, "依申请公开": 1, "复议诉讼": 2}

    active = seed.data("主动公开")
    assert seed.data_cells("主动公开") == [
        ("规章", ["0", "0", "0"]),
        ("行政规范性文件", ["1", "0", "1"]),
        ("行政许可", ["0"]),
        ("行政处罚", ["0"]),
        ("行政强制", ["0"]),
        ("行政事业性收费", ["0"]),
    ]
    assert ["信息内容", "本年收费金额(单位:万元)", "", ""] in active.header_rows

    apply = seed.data("依申请公开")
    assert len(apply.rows) == 25
    assert all(row.values == ZEROS7 for row in apply.rows)
    other = apply.rows[20:23]
    assert [r.label for r in other] == [
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.其他",
    ]
    assert other[0].path[0] == "(六)其他处理"
    assert apply.rows[23].label == "(七)总计"

    # 表头被截断（“结果 | 其他 | 尚未”），数据不受影响。
    review = seed.data("复议诉讼")
    assert review.header_rows[2][:4] == ["结果", "结果", "其他", "尚未"]
    assert review.rows[0].values == ["0"] * 15


# ---------------------------------------------------------------- 003 中山（Markdown，分页拆表）


def test_003_title(seeds: dict[str, Seed]) -> None:
    seed = seeds["003"]
    assert seed.title_lines == ["中山市住房公积金管理中心 2020 年 政府信息公开工作年度报告"]
    assert seed.signature is None
    assert seed.dated is None
    assert seed.paragraphs[-1] == "无"


def test_003_page_break_repair(seeds: dict[str, Seed]) -> None:
    paragraphs = [normalize(p) for p in seeds["003"].paragraphs]
    assert len(paragraphs) == 12
    assert any('三是通过"中山公积金"微信公众号以更生动丰富的图文形式' in p for p in paragraphs)
    assert any('加大对"以公开为原则,不公开为例外"原则的落实力度' in p for p in paragraphs)
    assert not any(p.startswith(("微信公众号以", "原则,")) for p in paragraphs)


def test_003_fragments_merged(seeds: dict[str, Seed]) -> None:
    seed = seeds["003"]
    # 主动公开表两段、依申请公开表三段，各合并成一张。
    assert len(seed.tables) == 3
    assert seed.table_names == {"主动公开": 0, "依申请公开": 1, "复议诉讼": 2}

    active = seed.data("主动公开")
    assert len(active.rows) == 8
    assert active.values("规章") == ["0", "0", "0"]
    assert active.values("规范性文件") == ["0", "0", "15"]
    assert active.values("政府集中采购") == ["0", "0"]

    apply = seed.data("依申请公开")
    assert len(apply.rows) == 23
    assert apply.values("一、本年新收政府信息公开申请数量") == ["1", "0", "0", "0", "0", "0", "1"]
    # 原文这一行多出一个空格：| 二、上年结转… | | 0 | … | 0 | |
    assert apply.values("二、上年结转政府信息公开申请数量") == ZEROS7
    assert apply.values("1.属于国家秘密") == ZEROS7
    assert apply.find("1.属于国家秘密")[0].path == ("(三)不予公开", "1.属于国家秘密")
    assert apply.values("1.本机关不掌握相关政府信息") == ["1", "0", "0", "0", "0", "0", "1"]
    assert apply.values("3.要求提供公开出版物") == ZEROS7
    assert apply.values("（七）总计") == ["1", "0", "0", "0", "0", "0", "1"]
    assert apply.values("四、结转下年度继续办理") == ZEROS7


def test_003_review_half_blank(seeds: dict[str, Seed]) -> None:
    values = seeds["003"].data("复议诉讼").rows[0].values
    assert values[:5] == [""] * 5
    assert values[5:] == ["0"] * 10


# ---------------------------------------------------------------- 004 东营（2008 格式，制表符）


def test_004_title_signature(seeds: dict[str, Seed]) -> None:
    seed = seeds["004"]
    assert seed.title_lines == ["东营市住房公积金管理中心", "2018 年度政府信息公开年度报告"]
    assert seed.signature == Signature("东营市住房公积金管理中心", "2019年1月31日")
    assert seed.dated == "2019年1月31日"
    assert "2019 年 1 月 31 日" not in seed.paragraphs
    assert seed.paragraphs[-1] == "(注: 各子栏目数总数要等于总栏目数量)"


def test_004_page_break_repair(seeds: dict[str, Seed]) -> None:
    paragraphs = [normalize(p) for p in seeds["004"].paragraphs]
    joined = [
        "成立了主要领导任组长、分管领导任副组长",
        '"一网、一门、一窗、一次"办好',
        "全年共推广网厅使用单位近400个,受益缴存职工达到8.5万人",
        '构建了信、访、网、电"四位一体"的信息公开大平台',
        "2018年度梳理公共服务事项共3项,重新公布了",
    ]
    for text in joined:
        assert any(text in p for p in paragraphs), text
    assert not any(
        p.startswith(("长、", "一窗、", "缴存职工达到", "位一体", "项,")) for p in paragraphs
    )
    # 以句号结尾的断页与真正的分段无法区分，按规则不接。
    assert any(p.endswith("一是加大扩面归集工作力度。") for p in paragraphs)
    assert "二、组织领导和制度建设情况" in paragraphs


def test_004_statistics_table(seeds: dict[str, Seed]) -> None:
    seed = seeds["004"]
    assert list(seed.table_names) == ["统计表"]
    data = seed.data("统计表")
    assert len(data.rows) == 64
    assert len(data.header_rows) == 8
    blank = [r for r in data.rows if r.values == [""]]
    assert len(blank) == 43
    assert data.values("（一）主动公开政府信息数") == ["244"]
    assert data.values("1. 政府公报公开政府信息数") == [""]
    assert data.values("（一）收到申请数") == ["1"]
    assert data.values("1. 当面申请数") == [""]
    assert data.values("3. 网络申请数") == ["1"]
    assert data.values("5. 其他形式") == [""]
    assert data.values("5. 不属于本行政机关公开数") == ["1"]
    assert data.values("3. 政策解读稿件发布数") == ["15"]
    assert data.values("七、向图书馆、档案馆等查阅场所报送信息数") == [""]
    assert data.values("(二) 设置政府信息公开查阅点数") == ["6"]
    assert data.rows[-1].label == "(三)接受培训人员数"
    assert data.rows[-1].values == ["9"]
    assert len(data.find("(三)其他情形数")) == 3


# ---------------------------------------------------------------- 合成输入：规则的边界


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "999_synthetic.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_headings_and_unbroken_lines_are_not_joined(tmp_path: Path) -> None:
    seed = parse_seed(
        _write(
            tmp_path,
            "某某中心\n\n2020年政府信息公开工作年度报告\n\n一、总体情况\n\n"
            "正文第一句，没有句号\n（一）主动公开情况\n\n"
            "另一段，也没有句号\n\n1.下一项\n",
        )
    )
    assert seed.title_lines == ["某某中心", "2020年政府信息公开工作年度报告"]
    assert seed.paragraphs == [
        "一、总体情况",
        "正文第一句，没有句号",
        "（一）主动公开情况",
        "另一段，也没有句号",
        "1.下一项",
    ]


def test_one_cell_lines_must_form_rows_of_three(tmp_path: Path) -> None:
    path = _write(tmp_path, "统计表\n统计指标 |\n单位 |\n")
    with pytest.raises(ValueError):
        parse_seed(path)


def test_unknown_table_name_lists_found(seeds: dict[str, Seed]) -> None:
    with pytest.raises(KeyError, match="统计表"):
        seeds["003"].table("统计表")
    assert seed_path("003").name.startswith("003_")
