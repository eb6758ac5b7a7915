"""一次导入许多份已发布的报告：工作进程、汇总文件、同名的原文、坏文件、输出目录。

原文用仓库里的五份种子（已发布年报的文字版，``tests/seeds/``）与生成好的示例（网页、DOCX、PDF），
批量命令在真正的子进程里运行（``TMPDIR`` 指向测试自己的空目录）。
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from conftest import EXAMPLES
from test_batch import gjjgen, leftovers

from gjjgen.batch.inputs import PUBLISHED_REPORTS, expand_inputs
from gjjgen.batch.results import VERDICT_RANK
from gjjgen.cli import main
from gjjgen.published.output import plan_outputs
from gjjgen.published.trace import MANUAL, READY, REVIEW

SEEDS = Path(__file__).parent / "seeds"
HULUDAO = "葫芦岛市住房公积金管理中心-2023.yaml"
ZHONGSHAN = "中山市住房公积金管理中心-2020.yaml"


def published_folder(where: Path, rendered: Callable[[str], Path]) -> Path:
    """五份种子、葫芦岛的网页与 PDF（同名）、中山的 DOCX、一份坏的 PDF，以及不该取的文件。"""
    where.mkdir(parents=True)
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, where / seed.name)
    for example, suffixes in ((HULUDAO, (".html", ".pdf")), (ZHONGSHAN, (".docx",))):
        for suffix in suffixes:
            source = next(rendered(example).glob(f"*{suffix}"))
            shutil.copy(source, where / source.name)
    (where / "坏的.pdf").write_bytes(b"%PDF-1.4 broken")
    shutil.copy(EXAMPLES / HULUDAO, where / HULUDAO)  # 数据文件：导入时不取
    (where / "gjjgen-汇总.html").write_text("<html><body><table></table></body></html>", encoding="utf-8")
    return where


def test_batch_import_writes_the_good_reports_and_reports_the_broken_one(
    tmp_path: Path, rendered_example: Callable[[str], Path]
) -> None:
    source = published_folder(tmp_path / "已发布", rendered_example)
    temp = tmp_path / "tmp"
    temp.mkdir()
    out = tmp_path / "数据"
    proc = gjjgen("import", str(source), "-o", str(out), "-j", "2", tmpdir=temp)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "共 9 份：" in proc.stdout and "失败 1" in proc.stdout

    summary = json.loads((out / "gjjgen-汇总.json").read_text(encoding="utf-8"))
    files = summary["文件"]
    assert len(files) == 9 and summary["失败"] == 1
    broken = files[0]  # 最需要看的在前
    assert Path(broken["文件"]).name == "坏的.pdf"
    assert broken["状态"] == "失败" and broken["问题代码"] == ["IMPORT-DAMAGED"] and broken["生成的文件"] == []
    assert not list(out.glob("坏的*"))
    good = files[1:]
    assert all(entry["错误"] == 0 and entry["机关名称"] and entry["报告年度"] for entry in good)
    assert {entry["格式"] for entry in good} == {"2021", "2019", "pre-2019", "pre-2019-山东"}
    ranks = [VERDICT_RANK[entry["结论"]] for entry in good]
    assert ranks == sorted(ranks)  # 需复核在可直接使用之前
    for entry in good:
        data, sidecar = (Path(p) for p in entry["生成的文件"])
        assert data.suffix == ".yaml" and sidecar.name == f"{data.stem}.trace.json"
        assert json.loads(sidecar.read_text(encoding="utf-8"))["结论"] == entry["结论"]
        assert main(["validate", "-q", str(data)]) == 0

    # 同名的网页与 PDF 各写一份，不互相覆盖；改名的有 IMPORT-NAME
    stem = "葫芦岛市住房公积金管理中心-2023年政府信息公开工作年度报告"
    assert (out / f"{stem}-html.yaml").is_file() and (out / f"{stem}-pdf.yaml").is_file()
    assert not (out / f"{stem}.yaml").exists()
    renamed = [entry for entry in good if "IMPORT-NAME" in entry["问题代码"]]
    assert sorted(Path(e["文件"]).suffix for e in renamed) == [".html", ".pdf"]
    assert (out / "003_55e9e64a1d176d60.yaml").is_file()  # 不同名的照原文命名

    # 问题的位置是原文里的位置
    zhongshan = next(e for e in good if e["文件"].endswith("003_55e9e64a1d176d60.txt"))
    blank = next(p for p in zhongshan["问题"] if p["代码"] == "CELL-BLANK")
    assert blank["原文位置"].startswith("第84行 表四") and blank["位置"] == f"003_55e9e64a1d176d60.txt:{blank['原文位置']}"

    raw = (out / "gjjgen-汇总.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 9 and list(rows[0])[4:6] == ["状态", "结论"]
    assert rows[0]["问题代码"] == "IMPORT-DAMAGED" and rows[0]["生成的文件"] == ""
    assert {row["结论"] for row in rows[1:]} <= {READY, REVIEW}

    page = (out / "gjjgen-汇总.html").read_text(encoding="utf-8")
    assert "<th>结论</th>" in page and "IMPORT-DAMAGED" in page
    assert "003_55e9e64a1d176d60.txt:第84行 表四「行政复议」行「结果维持」列" in page
    assert 'href="003_55e9e64a1d176d60.yaml"' in page
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # 没有半个文件
    assert leftovers(temp) == []


def test_existing_data_files_are_kept_unless_forced(tmp_path: Path) -> None:
    seeds = sorted(SEEDS.glob("*.txt"))[:2]
    out = tmp_path / "数据"
    out.mkdir()
    kept = out / f"{seeds[0].stem}.yaml"
    kept.write_text("书记员改过的\n", encoding="utf-8")
    proc = gjjgen("import", *map(str, seeds), "-o", str(out), "-j", "1", tmpdir=tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"{kept}: 错误: 文件已存在，没有覆盖；要覆盖请加 --force [IMPORT-EXISTS]" in proc.stdout
    assert kept.read_text(encoding="utf-8") == "书记员改过的\n"
    assert (out / f"{seeds[1].stem}.yaml").is_file()  # 其余照常写出
    first = json.loads((out / "gjjgen-汇总.json").read_text(encoding="utf-8"))["文件"][0]
    assert first["状态"] == "失败" and "IMPORT-EXISTS" in first["问题代码"] and first["生成的文件"] == []
    proc = gjjgen("import", *map(str, seeds), "-o", str(out), "--force", tmpdir=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert kept.read_text(encoding="utf-8").startswith("# ")


def test_output_must_be_usable_as_a_folder(tmp_path: Path, capsys) -> None:
    seeds = [str(p) for p in sorted(SEEDS.glob("*.txt"))[:2]]
    assert main(["import", *seeds, "-o", str(tmp_path / "2023.yaml")]) == 2
    err = capsys.readouterr().err
    assert "2023.yaml: 错误: 一次导入多份时 -o 应是放数据文件的目录" in err and "[IMPORT-OUTDIR]" in err
    a_file = tmp_path / "文件"
    a_file.write_text("", encoding="utf-8")
    assert main(["import", *seeds, "-o", str(a_file)]) == 2
    assert "[IMPORT-OUTDIR]" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["文件"]  # 什么也没写
    empty = tmp_path / "空目录"
    empty.mkdir()
    assert main(["import", str(empty)]) == 2
    err = capsys.readouterr().err
    assert "目录里没有要处理的文件（已发布的报告" in err and "[BATCH-NO-FILES]" in err


def test_same_names_never_share_a_data_file(tmp_path: Path) -> None:
    folder = tmp_path / "数据"
    sources = ["甲/报告.html", "甲/报告.PDF", "乙/报告.html", "丙/报告-pdf.txt", "丙/唯一.docx", "丁/INDEX.htm", "戊/index.htm"]
    plan = plan_outputs(sources, folder)
    names = {source: planned.output.name for source, planned in plan.items()}
    assert names["丙/唯一.docx"] == "唯一.yaml" and not plan["丙/唯一.docx"].renamed
    # 加后缀仍然同名（两个“报告.html”；“报告.PDF”加后缀后撞上“报告-pdf.txt”）时加短码
    short = r"~[0-9a-f]{8}\.yaml"
    assert re.fullmatch("报告" + short, names["甲/报告.html"]) and re.fullmatch("报告" + short, names["乙/报告.html"])
    assert re.fullmatch("报告" + short, names["甲/报告.PDF"]) and re.fullmatch("报告-pdf" + short, names["丙/报告-pdf.txt"])
    assert re.fullmatch("INDEX" + short, names["丁/INDEX.htm"]) and re.fullmatch("index" + short, names["戊/index.htm"])
    assert len({name.casefold() for name in names.values()}) == len(sources)  # 不分大小写也各不相同
    assert all(planned.output.parent == folder for planned in plan.values())
    assert all(planned.renamed for source, planned in plan.items() if source != "丙/唯一.docx")
    assert plan_outputs(sources, folder) == plan  # 同一份原文每次得到同一个名字
    two = plan_outputs(["报告.html", "报告.pdf"], folder)
    assert [p.output.name for p in two.values()] == ["报告-html.yaml", "报告-pdf.yaml"]
    assert two["报告.pdf"].renamed == "另有 1 份原文与它同名，数据文件写作 报告-pdf.yaml（旁注同名），免得互相覆盖"


def test_folders_give_published_reports_not_data_files_or_summaries(tmp_path: Path) -> None:
    for name in ("a.html", "b.PDF", "c.docx", "d.txt", "e.yaml", "gjjgen-汇总.html", "gjjgen-汇总表.html", ".隐藏.pdf", "f.png"):
        (tmp_path / name).write_bytes(b"")
    inputs = expand_inputs([str(tmp_path)], PUBLISHED_REPORTS)
    assert [Path(f).name for f in inputs.files] == ["a.html", "b.PDF", "c.docx", "d.txt"]


def test_single_import_names_the_sidecar_it_writes(tmp_path: Path) -> None:
    output = tmp_path / "中山-2020.yaml"
    assert main(["import", str(next(SEEDS.glob("003_*.txt"))), "-o", str(output)]) == 0
    assert "见 中山-2020.trace.json" in output.read_text(encoding="utf-8").splitlines()[1]
    assert (tmp_path / "中山-2020.trace.json").is_file()


def test_verdict_order_knows_every_verdict() -> None:
    assert set(VERDICT_RANK) == {READY, REVIEW, MANUAL}
    assert VERDICT_RANK[MANUAL] < VERDICT_RANK[REVIEW] < VERDICT_RANK[READY]
