"""叙述引用表中的数：名字按格式解析，未知的名字在准确的行列报错，三种输出都印出值。"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLES

from gjjgen.checks.references import resolve_references
from gjjgen.checks.validate import validate_file
from gjjgen.cli.app import main
from gjjgen.document.names import UnknownName, resolve_name
from gjjgen.spec.formats import load_spec

SHANGHAI = EXAMPLES / "上海市公积金管理中心-2020.yaml"
SENTENCE = "全年共收到政府信息公开申请{{ 依申请.本年新收.总计 }}件，结转下年度{{表三.结转下年度}}件，集中采购{{ 主动公开.采购总金额 }}。"


@pytest.mark.parametrize(
    ("spec_id", "name", "canonical"),
    [
        ("2021", "依申请.本年新收.总计", "依申请公开.本年新收.总计"),
        ("2021", "依申请.本年新收", "依申请公开.本年新收.总计"),
        ("2021", "表三.（一）予以公开.自然人", "依申请公开.本年度办理结果.予以公开.自然人"),
        ("2021", "收到和处理政府信息公开申请情况.不予公开", "依申请公开.本年度办理结果.不予公开.总计"),
        ("2021", "主动公开.行政规范性文件.现行有效件数", "主动公开.第二十条第（一）项.行政规范性文件.现行有效件数"),
        ("2021", "复议诉讼.行政诉讼", "复议诉讼.行政诉讼.总计"),
        ("2019", "主动公开.政府集中采购.采购总金额", "主动公开.第二十条第（九）项.政府集中采购.采购总金额"),
        ("pre-2019", "统计表.收到申请数", "统计表.依申请公开情况.收到申请数"),
        ("pre-2019", "统计表.行政复议", "统计表.行政复议.行政复议数量"),
    ],
)
def test_names_resolve_through_the_spec(spec_id: str, name: str, canonical: str) -> None:
    assert resolve_name(load_spec(spec_id), name).name == canonical


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("依申请.本年新收.总記", "是不是“依申请公开.本年新收.总计”"),
        ("依申请.其他处理.其他", "有歧义"),
        ("申请表.本年新收", "没有叫“申请表”的表"),
        ("依申请", "只写了表名"),
    ],
)
def test_bad_names_explain_themselves(name: str, hint: str) -> None:
    with pytest.raises(UnknownName) as info:
        resolve_name(load_spec("2021"), name)
    assert hint in info.value.message


def _with_sentence(tmp_path: Path, sentence: str) -> Path:
    text = SHANGHAI.read_text(encoding="utf-8")
    anchor = "总体情况:\n"
    assert anchor in text
    path = tmp_path / "shanghai.yaml"
    path.write_text(text.replace(anchor, f"{anchor}  - {sentence}\n", 1), encoding="utf-8")
    return path


def test_references_resolve_to_computed_values(tmp_path: Path) -> None:
    path = _with_sentence(tmp_path, SENTENCE)
    result = validate_file(path)
    assert [p for p in result.problems if p.code.startswith("REF-")] == []
    doc = resolve_references(result.document)
    first = doc.texts["总体情况"][0].text
    assert first == "全年共收到政府信息公开申请10件，结转下年度2件，集中采购1888.8652。"
    assert result.document.texts["总体情况"][0].text.startswith("全年共收到政府信息公开申请{{")  # 原文档不变


def test_unknown_reference_is_an_error_at_its_position(tmp_path: Path) -> None:
    path = _with_sentence(tmp_path, "共收到申请{{ 依申请.本年新收.总計 }}件，另有{{ 依申请.上年結轉 }}件。")
    problems = [p for p in validate_file(path).problems if p.code == "REF-UNKNOWN"]
    assert len(problems) == 2
    lines = path.read_text(encoding="utf-8").splitlines()
    for problem, name in zip(problems, ("本年新收.总計", "上年結轉"), strict=True):
        assert problem.is_error
        assert lines[problem.line - 1][problem.col - 1 :].startswith("{{")
        assert name in lines[problem.line - 1][problem.col - 1 :].split("}}")[0]
    assert "是不是“依申请公开.本年新收.总计”" in problems[0].message


def test_unclosed_braces_and_blank_cells(tmp_path: Path) -> None:
    path = _with_sentence(tmp_path, "共收到申请{{ 依申请.本年新收 件。法人申请{{ 依申请.本年新收.商业企业 }}件。")
    codes = [p.code for p in validate_file(path).problems if p.code.startswith("REF-")]
    assert "REF-UNKNOWN" in codes or "REF-SYNTAX" in codes
    path = _with_sentence(tmp_path, "法人申请{{ 依申请.本年新收.商业企业 }}件。")
    (blank,) = [p for p in validate_file(path).problems if p.code.startswith("REF-")]
    assert (blank.code, blank.level) == ("REF-BLANK", "warning")


def test_user_text_is_never_evaluated(tmp_path: Path) -> None:
    """Jinja 语法在叙述里只是文字：不执行，也不当成引用之外的任何东西。"""
    path = _with_sentence(tmp_path, "说明{{ ''.__class__.__mro__ }}{% for x in range(3) %}x{% endfor %}")
    problems = [p for p in validate_file(path).problems if p.code.startswith("REF-")]
    assert [p.code for p in problems] == ["REF-UNKNOWN"]
    doc = resolve_references(validate_file(path).document)
    assert doc.texts["总体情况"][0].text == "说明{{ ''.__class__.__mro__ }}{% for x in range(3) %}x{% endfor %}"


def test_render_prints_values_in_all_formats(tmp_path: Path) -> None:
    path = _with_sentence(tmp_path, SENTENCE)
    out = tmp_path / "out"
    formats = "html,docx,pdf" if shutil.which("pdftotext") else "html,docx"
    assert main(["render", str(path), "-f", formats, "-o", str(out)]) == 0
    expected = "全年共收到政府信息公开申请10件，结转下年度2件"
    html = next(out.glob("*.html")).read_text(encoding="utf-8")
    assert expected in html and "{{" not in html
    from gjjgen.render.docx import read_docx_text

    docx_text = "\n".join(read_docx_text(next(out.glob("*.docx")).read_bytes()))
    assert expected in docx_text and "{{" not in docx_text
    if "pdf" in formats:
        pdf = subprocess.run(["pdftotext", str(next(out.glob("*.pdf"))), "-"], capture_output=True, text=True, check=True).stdout
        flat = "".join(pdf.split())
        assert "".join(expected.split()) in flat
