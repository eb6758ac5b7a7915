"""``gjjgen summary``：逐格求和、跨年度结转链、离群值。"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from pathlib import Path

from conftest import HULUDAO, ROOT

from gjjgen.batch.jobs import collect_one
from gjjgen.batch.rollup import build_rollup
from gjjgen.cli import main

sys.path.insert(0, str(ROOT / "bench"))
from sample_data import generate  # noqa: E402

CARRY_IN = re.compile(r"^(  上年结转: )\[0, 0, 0, 0, 0, 0\]$", re.M)
CARRY_OUT = re.compile(r"^(  结转下年度继续办理: )\[0, 0, 0, 0, 0, 0\]$", re.M)


def next_year(tmp_path: Path, carried: int) -> Path:
    """葫芦岛 2024：由 2023 年承接而来；``carried`` 不为 0 时故意让上年结转与上年对不上
    （同时加在结转下年度上，本年的勾稽关系仍然成立）。"""
    path = tmp_path / "葫芦岛-2024.yaml"
    assert main(["init", "-o", str(path), "--from", str(HULUDAO), "--no-schema"]) == 0
    text = path.read_text(encoding="utf-8")
    text, n_in = CARRY_IN.subn(rf"\g<1>[{carried}, 0, 0, 0, 0, 0]", text)
    text, n_out = CARRY_OUT.subn(rf"\g<1>[{carried}, 0, 0, 0, 0, 0]", text)
    assert n_in == n_out == 1
    path.write_text(text, encoding="utf-8")
    return path


def summarise(tmp_path: Path, *files: Path) -> tuple[int, Path]:
    out = tmp_path / "汇总"
    code = main(["summary", *map(str, files), "-o", str(out), "-j", "1"])
    return code, out


def test_a_carry_over_break_between_two_years_is_found(tmp_path: Path, capsys) -> None:
    broken = next_year(tmp_path, carried=2)
    code, out = summarise(tmp_path, HULUDAO, broken)
    printed = capsys.readouterr().out
    assert code == 1
    assert "结转链断开 1 处" in printed
    flags = list(csv.DictReader(io.StringIO((out / "gjjgen-汇总问题.csv").read_text(encoding="utf-8-sig"))))
    assert [f["代码"] for f in flags] == ["YOY-CARRY"]
    line = next(n for n, t in enumerate(broken.read_text(encoding="utf-8").splitlines(), 1) if t.startswith("  上年结转"))
    assert flags[0]["位置"].startswith(f"{broken}:{line}:")
    assert "自然人" in flags[0]["说明"] and "写的是 2" in flags[0]["说明"]

    payload = json.loads((out / "gjjgen-汇总表.json").read_text(encoding="utf-8"))
    new = next(s for s in payload["合计"] if s["键"] == "上年结转.自然人")
    assert new["合计"] == 2 and {Path(s["文件"]).name for s in new["来源"]} == {HULUDAO.name, broken.name}
    page = (out / "gjjgen-汇总表.html").read_text(encoding="utf-8")
    assert "YOY-CARRY" in page and "需要核对的地方（1）" in page
    # 表三排成法定表格的样子：列是申请人，没有自己的格的上级行单独成行
    grid = page.split("· 表三（")[1].split("</table>")[0]
    assert re.search(r"<thead><tr><th></th><th>自然人</th>", grid)
    assert re.search(r'<th class="row group" colspan="\d+">三、本年度办理结果</th>', grid)
    carried = re.search(r'<tr><th class="row" title="[^"]*上年结转[^"]*">.*?</tr>', grid)
    assert carried and re.findall(r"<td[^>]*>([^<]*)</td>", carried.group(0))[0] == "2"
    assert 'title="2 份填了这一格（共 2 份）">2</td>' in carried.group(0)


def test_an_unbroken_chain_passes_and_cells_are_summed(tmp_path: Path, capsys) -> None:
    following = next_year(tmp_path, carried=0)
    code, out = summarise(tmp_path, HULUDAO, following)
    assert code == 0, capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO((out / "gjjgen-汇总表.csv").read_text(encoding="utf-8-sig"))))
    assert all(row["格式"] == "2021" for row in rows)
    both = [row for row in rows if row["填报份数"] == "2"]
    assert both, "两份都填了的格应记两份来源"
    # 现行有效件数承接上年：两年之和 = 2023 年的两倍（2024 年没有新制发、废止）
    running = next(r for r in rows if r["键"].endswith("行政规范性文件.现行有效件数"))
    first = int(running["来源文件"].split("（")[1].split("）")[0])
    assert int(running["合计"]) == 2 * first


def test_gaps_and_outliers_are_reported(tmp_path: Path) -> None:
    files = generate(tmp_path / "data", 30, factor_of=lambda i: 1000 if i == 4 else 1 + i % 3)
    huludao_like = [f for f in files if f.name.endswith("-2023.yaml")]
    results = [collect_one(str(f), {}) for f in huludao_like]
    rollup = build_rollup(results)
    outliers = [p for p in rollup.flags if p.code == "ROLLUP-OUTLIER"]
    assert outliers and {Path(p.file).name for p in outliers} == {huludao_like[0].name}
    assert "中位数" in outliers[0].message


def test_a_missing_year_is_said(tmp_path: Path) -> None:
    later = next_year(tmp_path, carried=0)
    text = later.read_text(encoding="utf-8").replace("报告年度: 2024", "报告年度: 2025")
    later.write_text(text, encoding="utf-8")
    results = [collect_one(str(f), {}) for f in (HULUDAO, later)]
    codes = [p.code for p in build_rollup(results).flags]
    assert codes == ["ROLLUP-CHAIN-GAP"]


def test_unreadable_files_are_listed_not_summed(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "坏.yaml"
    bad.write_text("元数据: [\n", encoding="utf-8")
    code, out = summarise(tmp_path, HULUDAO, bad)
    printed = capsys.readouterr().out
    assert code == 1
    assert f"{bad}: 错误: 数据无法读出，未计入汇总" in printed and "[ROLLUP-SKIPPED]" in printed
    payload = json.loads((out / "gjjgen-汇总表.json").read_text(encoding="utf-8"))
    assert sorted((Path(f["文件"]).name, f["计入汇总"]) for f in payload["文件"]) == sorted([(HULUDAO.name, True), ("坏.yaml", False)])
