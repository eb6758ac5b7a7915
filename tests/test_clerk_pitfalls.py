"""书记员常犯、评估常查的问题：输出之外的几条保证（逐字输出见 tests/bad_inputs/）。"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT

from gjjgen.checks.validate import validate_file
from gjjgen.cli.app import main
from gjjgen.render.layers import pack_for
from gjjgen.spec.provinces import PROVINCES, province_of, template_pack

CASES = ROOT / "tests" / "bad_inputs"


def test_smart_quotes_never_reach_the_title_signature_or_file_name(tmp_path: Path) -> None:
    source = CASES / "meta-smart-quotes" / "input.yaml"
    result = validate_file(source)
    assert result.document is not None and result.document.agency == "某市住房公积金管理中心"
    assert result.spec is not None and result.spec.id == "2021"  # “2021”去掉弯引号后照常选格式
    assert main(["render", str(source), "-f", "html", "-o", str(tmp_path)]) == 0
    [html] = tmp_path.iterdir()
    assert html.name == "某市住房公积金管理中心-2023年政府信息公开工作年度报告.html"
    assert "“某市" not in html.read_text(encoding="utf-8")


def test_hash_in_prose_is_reported_and_the_text_is_what_yaml_read() -> None:
    result = validate_file(CASES / "prose-hash-cut" / "input.yaml")
    assert [p.code for p in result.problems] == ["YAML-HASH"]
    assert result.loaded.data["存在的主要问题及改进情况"] == "上年所提问题已整改，按照省政务公开办第"


def test_deliberate_comment_after_prose_is_not_a_problem() -> None:
    result = validate_file(CASES / "prose-hash-comment-ok" / "input.yaml")
    assert result.problems == []


def test_thirty_four_provinces_in_full_and_short_form() -> None:
    assert len(PROVINCES) == 34
    for full, short in PROVINCES:
        assert province_of(full) == province_of(short) == short
    assert province_of("葫芦岛") is None


def test_validation_and_rendering_choose_the_same_province_template() -> None:
    for written in ("上海", "上海市", "上海省", "山东", "山东省", "辽宁", "", "../上海", "base"):
        assert template_pack(written) == pack_for(written), written
    assert template_pack("上海省") == "上海" and template_pack("../上海") is None


def test_checking_printable_characters_does_not_import_weasyprint() -> None:
    probe = (
        "import sys; from gjjgen.checks.validate import validate_file; "
        f"r = validate_file({str(CASES / 'text-unprintable' / 'input.yaml')!r}); "
        "print([p.code for p in r.problems], 'weasyprint' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['TEXT-UNPRINTABLE'] False"
