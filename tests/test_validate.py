"""校验流水线：示例通过；改一个数就在那一格所在的行报出勾稽关系错误；合计、空格、键名。"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import HULUDAO, ROOT

from gjjgen.checks.validate import validate_file
from gjjgen.cli.app import main


def write(tmp_path: Path, text: str, name: str = "data.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def lines_of(result) -> list[str]:
    return [f"{p.line}:{p.col}: {p.level}: {p.message} [{p.code}]" for p in result.problems]


def test_example_validates_clean(capsys):
    assert main(["validate", str(HULUDAO)]) == 0
    out = capsys.readouterr().out
    assert out.strip() == "未发现问题。"


def test_changed_cell_reports_column_balance_at_that_line(tmp_path, huludao_text):
    old = "      属于国家秘密: [0, 0, 0, 0, 0, 0, 0]"
    assert old in huludao_text
    text = huludao_text.replace(old, "      属于国家秘密: [0, 0, 1, 0, 0, 0, 0]")
    path = write(tmp_path, text)
    line = text.splitlines().index("      属于国家秘密: [0, 0, 1, 0, 0, 0, 0]") + 1
    result = validate_file(path)
    bal = [p for p in result.problems if p.code == "T3-COL-BAL"]
    assert [(p.line, p.col, p.message) for p in bal] == [
        (line, 22, "表三「科研机构」列：一+二 = 0，三(七)+四 = 1，相差 1"),
        (line, 34, "表三「总计」列：一+二 = 0，三(七)+四 = 1，相差 1"),
    ]
    # 照抄的合计也与算出的和不符：该行“总计”与“（七）总计”行各报一次
    codes = sorted(p.code for p in result.problems if p.is_error)
    assert codes == ["T3-COL-BAL", "T3-COL-BAL", "T3-R7-SUM", "T3-R7-SUM", "T3-ROW-SUM"]
    assert main(["validate", str(path)]) == 1


def test_column_balance_without_typed_totals(tmp_path, huludao_text):
    text = huludao_text.replace("  本年新收: [0, 0, 0, 0, 0, 0, 0]", "  本年新收: [3, 0, 0, 0, 0, 0]")
    path = write(tmp_path, text)
    line = text.splitlines().index("  本年新收: [3, 0, 0, 0, 0, 0]") + 1
    result = validate_file(path)
    assert lines_of(result) == [
        f"{line}:9: error: 表三「总计」列：一+二 = 3，三(七)+四 = 0，相差 3 [T3-COL-BAL]",
        f"{line}:10: error: 表三「自然人」列：一+二 = 3，三(七)+四 = 0，相差 3 [T3-COL-BAL]",
    ]


def test_blank_cells_are_warnings_not_zero(tmp_path, huludao_text):
    text = huludao_text.replace("  行政复议: [0, 0, 0, 0, 0]", '  行政复议: ["", "", —, "-", /]')
    result = validate_file(write(tmp_path, text))
    assert [(p.level, p.code) for p in result.problems] == [("warning", "CELL-BLANK")]
    assert "5 格未填写（结果维持、结果纠正、其他结果、尚未审结、总计）" not in result.problems[0].message
    assert "4 格未填写（结果维持、结果纠正、其他结果、尚未审结）" in result.problems[0].message
    table = result.document.tables["复议诉讼"]
    assert table.value(("行政复议", "结果维持")) is None
    assert table.text(("行政复议", "结果纠正")) == ""
    assert table.text(("行政复议", "其他结果")) == "—"
    assert table.value(("行政复议", "总计")) is None
    assert main(["validate", "--strict", str(write(tmp_path, text, "b.yaml"))]) == 1


def test_tolerant_keys_and_mapping_rows(tmp_path, huludao_text):
    text = huludao_text.replace("  第二十条第（一）项:", "  第二十条第(一)项:")
    text = text.replace("    予以公开: [0, 0, 0, 0, 0, 0, 0]", "    （一）予以公开: {自然人: 0, 商业企业: 0, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 0, 其他: 0}")
    text = text.replace("      危及“三安全一稳定”:", '      "3.危及\\"三安全一稳定\\"":')
    result = validate_file(write(tmp_path, text))
    assert result.problems == []


def test_unknown_key_suggests(tmp_path, huludao_text):
    text = huludao_text.replace("    部分公开:", "    部份公开:")
    path = write(tmp_path, text)
    line = text.splitlines().index("    部份公开: [0, 0, 0, 0, 0, 0, 0]") + 1
    result = validate_file(path)
    assert f"{line}:5: error: 「本年度办理结果」不认识键“部份公开”；是不是“部分公开”？ [KEY-UNKNOWN]" in lines_of(result)


def test_typed_total_mismatch_in_table_four(tmp_path, huludao_text):
    text = huludao_text.replace("  复议后起诉: [0, 0, 0, 0, 0]", "  复议后起诉: [1, 0, 0, 0, 2]")
    result = validate_file(write(tmp_path, text))
    assert [p.message for p in result.problems] == ["表四「复议后起诉」的「总计」写的是 2，各列之和为 1，相差 1"]


PRE2019 = """\
元数据:
  机关名称: 测试中心
  报告年度: 2017
  发布日期: 2018-04-02
正文:
  - 标题: 概述
    正文: 文字。
统计表:
  依申请公开情况:
    收到申请数: 5
    当面申请数: 1
    传真申请数: 0
    网络申请数: 3
    信函申请数: 0
"""


def test_pre2019_sums_and_deadline(tmp_path):
    result = validate_file(write(tmp_path, PRE2019))
    errors = [(p.code, p.message) for p in result.problems if p.is_error]
    assert errors == [
        ("STAT-SUM", "统计表「（一）收到申请数」写的是 5，其下各项（1.当面申请数、2.传真申请数、3.网络申请数、4.信函申请数）之和为 4，相差 1")
    ]
    late = [p.message for p in result.problems if p.code == "DATE-LATE"]
    assert late == ["发布日期 2018年4月2日晚于法定期限 2018年3月31日（2008 年《条例》第三十一条）"]


def test_shandong_variant_adds_rows_without_copying(tmp_path):
    text = PRE2019.replace("  省份", "") .replace("  报告年度: 2017\n", "  报告年度: 2017\n  省份: 山东\n")
    text = text.replace("    信函申请数: 0\n", "    信函申请数: 0\n    其他形式: 1\n")
    result = validate_file(write(tmp_path, text))
    assert result.spec.id == "pre-2019-山东"
    assert not [p for p in result.problems if p.code == "STAT-SUM"]


def test_format_must_fit_year(tmp_path, huludao_text):
    text = huludao_text.replace('  格式: "2021"', '  格式: "2019"')
    result = validate_file(write(tmp_path, text))
    assert any(p.code == "FORMAT-YEAR" and "应使用“2021年格式”" in p.message for p in result.problems)


def test_new_format_version_needs_only_a_schema_file(tmp_path, huludao_text):
    """假想的新格式：只在 schemas/ 的副本里加一个文件，校验器不改一行。"""
    schemas = tmp_path / "schemas"
    shutil.copytree(ROOT / "schemas", schemas)
    (schemas / "2026.yaml").write_text(
        textwrap.dedent(
            """\
            id: "2026"
            extends: "2021"
            name: 2026年格式
            years: {from: 2026}
            patches:
              - table: 依申请公开
                insert_after: 本年度办理结果.不予处理.要求行政机关确认或重新出具已获取信息
                rows: [{key: 其他不予处理, label: 6.其他}]
            """
        ),
        encoding="utf-8",
    )
    text = huludao_text.replace('  格式: "2021"', '  格式: "2026"').replace("报告年度: 2023", "报告年度: 2026")
    text = text.replace(
        "      要求行政机关确认或重新出具已获取信息: [0, 0, 0, 0, 0, 0, 0]\n",
        "      要求行政机关确认或重新出具已获取信息: [0, 0, 0, 0, 0, 0, 0]\n      其他不予处理: [1, 0, 0, 0, 0, 0, 1]\n",
    )
    path = write(tmp_path, text)
    env = {**os.environ, "GJJGEN_SCHEMAS_DIR": str(schemas)}
    proc = subprocess.run(
        [sys.executable, "-m", "gjjgen", "validate", str(path)], capture_output=True, text=True, env=env, check=False
    )
    assert proc.returncode == 1
    assert "表三「自然人」列：一+二 = 0，三(七)+四 = 1，相差 1 [T3-COL-BAL]" in proc.stdout
    assert "「（七）总计」的「总计」写的是 0，各项办理结果之和为 1" in proc.stdout
    assert proc.stderr == ""


def test_misspelled_key_does_not_also_warn_unfilled(tmp_path, huludao_text):
    """写错的键只报一次：标准键那一项的“未填”是同一个错误的回声，不再另报。"""
    text = huludao_text.replace("其他需要报告的事项:", "其它需要报告的事项:")
    result = validate_file(write(tmp_path, text))
    assert [(p.code, p.message) for p in result.problems] == [
        ("KEY-UNKNOWN", "数据文件顶层不认识键“其它需要报告的事项”；是不是“其他需要报告的事项”？")
    ]
    # 真正没写的另一部分仍然提示
    text = text.replace("存在的主要问题及改进情况:", "# 存在的主要问题及改进情况:").replace(
        "  2023年，我中心信息公开工作虽然", "#  2023年，我中心信息公开工作虽然"
    )
    codes = [p.code for p in validate_file(write(tmp_path, text, "b.yaml")).problems]
    assert codes == ["TEXT-EMPTY", "KEY-UNKNOWN"]
