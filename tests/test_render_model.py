"""报告模型与统计表版式：标题分行、序号、日期、附件，以及四种表形状的合并单元格。

合并方式逐格对照 statutory-format.md 2.5、2.6、3.4 与 4.2 节记录的法定表格：
表三左上角 3 列 × 3 行、“三、本年度办理结果”纵跨 22 行（2019 年格式 20 行）等。
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, HULUDAO

from gjjgen.checks.validate import validate_file
from gjjgen.report.layout import GridCell, TableGrid, layout_table
from gjjgen.report.model import build_report, chinese_number, file_stem, format_date, ordinal
from gjjgen.spec.resources import Resources

SHANGHAI = EXAMPLES / "上海市公积金管理中心-2020.yaml"
JILIN = EXAMPLES / "吉林市住房公积金管理中心-2017.yaml"
DONGYING = EXAMPLES / "东营市住房公积金管理中心-2018.yaml"


def document(path: Path, resources: Resources | None = None):
    result = validate_file(path, resources=resources)
    assert result.document is not None, [p.format() for p in result.problems]
    return result.document


def grid_of(path: Path, kind: str) -> TableGrid:
    doc = document(path)
    grids = [layout_table(v) for v in doc.tables.values() if v.table.kind == kind]
    assert len(grids) == 1
    return grids[0]


def find(grid: TableGrid, text: str) -> GridCell:
    cells = [c for row in grid.rows for c in row.cells if c.text == text]
    assert cells, f"表中没有“{text}”"
    return cells[0]


def spans(cell: GridCell) -> tuple[int, int]:
    return cell.colspan, cell.rowspan


def occupied_width(grid: TableGrid) -> list[int]:
    """按 HTML 落位算法算出每行实际占据的列数，用来证明网格没有缺格或重叠。"""
    taken: dict[tuple[int, int], bool] = {}
    widths = []
    for r, row in enumerate(grid.rows):
        col = 0
        for cell in row.cells:
            while (r, col) in taken:
                col += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    assert (r + dr, col + dc) not in taken, f"第 {r} 行第 {col} 列重叠"
                    taken[(r + dr, col + dc)] = True
            col += cell.colspan
        widths.append(sum(1 for (rr, _c) in taken if rr == r))
    return widths


# ---------------------------------------------------------------- small formatters


def test_chinese_numbers_and_ordinals() -> None:
    assert [chinese_number(n) for n in (1, 9, 10, 11, 20, 23, 99)] == ["一", "九", "十", "十一", "二十", "二十三", "九十九"]
    assert [ordinal(0, 2), ordinal(1, 3), ordinal(2, 4), ordinal(3, 5)] == ["二、", "（三）", "4.", "（5）"]


def test_date_is_full_year_without_leading_zeros() -> None:
    assert format_date(dt.date(2024, 1, 5)) == "2024年1月5日"
    assert format_date(dt.date(2021, 10, 28)) == "2021年10月28日"


def test_file_stem_keeps_agency_and_year_and_drops_path_separators() -> None:
    assert file_stem("葫芦岛市住房公积金管理中心", 2023) == "葫芦岛市住房公积金管理中心-2023年政府信息公开工作年度报告"
    assert "/" not in file_stem("某市/某区中心", 2020)


# ---------------------------------------------------------------- the report model


def test_huludao_report_model() -> None:
    report = build_report(document(HULUDAO))
    # 标题只写了一行且过长：在机关名称后回行
    assert report.title_lines == ("葫芦岛市住房公积金管理中心", "2023年政府信息公开工作年度报告")
    assert [p.heading for p in report.parts] == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    overview = report.parts[0].blocks
    assert overview[0].kind == "paragraph"
    assert [b.heading for b in overview[1:]] == [
        "（一）主动公开情况",
        "（二）依申请公开情况",
        "（三）政府信息管理情况",
        "（四）政府信息公开平台建设情况",
        "（五）监督保障情况",
    ]
    assert all(b.kind == "section" and not b.run_in and b.tag == "h3" for b in overview[1:])
    assert [p.kind for p in report.parts] == ["text", "table", "table", "table", "text", "text"]
    # 没有发布日期：落款只有署名
    assert report.signature.agency == "葫芦岛市住房公积金管理中心"
    assert report.signature.date == ""
    assert report.created == "2024-01-01"
    assert report.appendices == () and report.attachment_lines == ()
    assert not report.draft


def test_default_title_is_two_lines_and_date_is_formatted(tmp_path: Path, huludao_text: str) -> None:
    text = huludao_text.replace("标题: 葫芦岛市住房公积金管理中心2023年政府信息公开工作年度报告\n", "")
    text = text.replace('  省份: 辽宁\n', '  省份: 辽宁\n  发布日期: 2024-01-05\n')
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    report = build_report(document(path), draft=True)
    assert report.title_lines == ("葫芦岛市住房公积金管理中心", "2023年政府信息公开工作年度报告")
    assert report.signature.date == "2024年1月5日"
    assert report.created == "2024-01-05"
    assert report.draft and report.draft_text == "草稿"


def test_run_in_subsections_and_nested_numbering(tmp_path: Path, huludao_text: str) -> None:
    nested = (
        "总体情况:\n"
        "  - 标题: 健全组织领导机制，落实工作责任。\n"
        "    正文: 中心成立领导小组。\n"
        "  - 标题: 主动公开情况\n"
        "    正文:\n"
        "      - 标题: 公开内容\n"
        "        正文: 全年公开信息。\n"
        "      - 标题: 公开渠道。\n"
        "        正文: 网站与微信。\n"
    )
    start = huludao_text.index("总体情况:")
    end = huludao_text.index("主动公开政府信息情况:")
    path = tmp_path / "x.yaml"
    path.write_text(huludao_text[:start] + nested + "\n" + huludao_text[end:], encoding="utf-8")
    blocks = build_report(document(path)).parts[0].blocks
    first, second = blocks
    assert first.run_in and first.heading == "（一）健全组织领导机制，落实工作责任。"
    assert first.first == "中心成立领导小组。" and first.blocks == ()
    assert not second.run_in and second.heading == "（二）主动公开情况"
    inner = second.blocks
    assert inner[0].heading == "1.公开内容" and inner[0].tag == "h4" and not inner[0].run_in
    assert inner[1].heading == "2.公开渠道。" and inner[1].run_in and inner[1].first == "网站与微信。"


def test_pre2019_chapters_appendix_and_footer() -> None:
    report = build_report(document(JILIN))
    assert report.title_lines == ("吉林市住房公积金管理中心", "2017年政府信息公开工作年度报告")
    assert report.parts[0].heading == "一、基本工作情况"
    assert all(p.kind == "chapter" for p in report.parts)
    assert report.attachment_lines == ("附件：政府信息公开情况统计表（2017年度）",)
    assert report.signature.date == "2018年2月26日"
    (appendix,) = report.appendices
    assert appendix.label == "附件"
    assert appendix.title_lines == ("政府信息公开情况统计表",)
    assert appendix.caption == "（2017年度）"
    assert appendix.unit_line == "填报单位：吉林市住房公积金管理中心"
    # 已发布的统计表下方两行：负责人、审核人、填报人；联系电话、填报日期
    assert appendix.footer_lines == (
        "单位负责人：何桂荣\u3000\u3000审核人：张杨\u3000\u3000填报人：赵明欣",
        "联系电话：64805010\u3000\u3000填报日期：2018年2月26日",
    )


def test_pre2019_attachment_text_from_data() -> None:
    (appendix,) = build_report(document(DONGYING)).appendices
    assert appendix.title_lines == ("东营市住房公积金管理中心", "2018年度政府信息公开工作情况统计表")
    assert appendix.note == "（注：各子栏目数总数要等于总栏目数量）"
    assert appendix.footer_lines == ()


# ---------------------------------------------------------------- table three (matrix)


@pytest.mark.parametrize(("path", "rows_in_results"), [(HULUDAO, 22), (SHANGHAI, 20)])
def test_matrix_merges(path: Path, rows_in_results: int) -> None:
    grid = grid_of(path, "matrix")
    assert grid.n_cols == 10
    assert len(grid.head) == 3
    corner = grid.head[0].cells[0]
    assert corner.role == "corner" and corner.tag == "th"
    assert corner.text == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert spans(corner) == (3, 3)
    assert spans(find(grid, "申请人情况")) == (7, 1)
    assert [(c.text, spans(c)) for c in grid.head[1].cells] == [
        ("自然人", (1, 2)),
        ("法人或其他组织", (5, 1)),
        ("总计", (1, 2)),
    ]
    assert [c.text for c in grid.head[2].cells] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert spans(find(grid, "一、本年新收政府信息公开申请数量")) == (3, 1)
    assert spans(find(grid, "二、上年结转政府信息公开申请数量")) == (3, 1)
    assert spans(find(grid, "三、本年度办理结果")) == (1, rows_in_results)
    assert spans(find(grid, "（一）予以公开")) == (2, 1)
    assert spans(find(grid, "（三）不予公开")) == (1, 8)
    assert spans(find(grid, "（四）无法提供")) == (1, 3)
    assert spans(find(grid, "（五）不予处理")) == (1, 5)
    assert spans(find(grid, "（七）总计")) == (2, 1)
    assert spans(find(grid, "四、结转下年度继续办理")) == (3, 1)
    assert spans(find(grid, "1.属于国家秘密")) == (1, 1)
    assert len(grid.body) == rows_in_results + 3
    assert all(width == 10 for width in occupied_width(grid))
    # 每个数据行恰有 7 个数据格
    assert all(sum(c.role == "value" for c in row.cells) == 7 for row in grid.body)


def test_matrix_other_processing_by_format() -> None:
    assert spans(find(grid_of(HULUDAO, "matrix"), "（六）其他处理")) == (1, 3)
    assert spans(find(grid_of(SHANGHAI, "matrix"), "（六）其他处理")) == (2, 1)


def test_blank_cells_keep_their_marker() -> None:
    grid = grid_of(SHANGHAI, "matrix")
    row = next(r for r in grid.body if r.cells[0].text == "一、本年新收政府信息公开申请数量")
    values = [c for c in row.cells if c.role == "value"]
    # 上海 2020 年报五个法人列印作“—”：照印，不当作 0；总计由 gjjgen 算出
    assert [c.text for c in values[1:6]] == ["—"] * 5
    assert all(c.blank and c.css_class == "blank" for c in values[1:6])
    assert values[0].css_class == "num" and values[6].text == values[0].text


# ---------------------------------------------------------------- table four (groups)


def test_groups_header() -> None:
    grid = grid_of(HULUDAO, "groups")
    assert grid.n_cols == 15
    top, middle, bottom = grid.head
    assert [(c.text, spans(c)) for c in top.cells] == [("行政复议", (5, 1)), ("行政诉讼", (10, 1))]
    assert [(c.text, spans(c)) for c in middle.cells] == [
        ("结果维持", (1, 2)),
        ("结果纠正", (1, 2)),
        ("其他结果", (1, 2)),
        ("尚未审结", (1, 2)),
        ("总计", (1, 2)),
        ("未经复议直接起诉", (5, 1)),
        ("复议后起诉", (5, 1)),
    ]
    assert [c.text for c in bottom.cells] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2
    (data,) = grid.body
    assert len(data.cells) == 15 and all(c.role == "value" for c in data.cells)
    assert all(width == 15 for width in occupied_width(grid))


# ---------------------------------------------------------------- table two (sections)


def test_sections_layout() -> None:
    grid = grid_of(HULUDAO, "sections")
    assert grid.n_cols == 4 and grid.head == ()
    kinds = [r.kind for r in grid.body]
    assert kinds[:4] == ["section", "header", "data", "data"]
    section = grid.body[0].cells[0]
    assert (section.text, section.role, spans(section)) == ("第二十条第（一）项", "section", (4, 1))
    assert [c.text for c in grid.body[1].cells] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert [c.text for c in grid.body[3].cells] == ["行政规范性文件", "1", "0", "1"]
    fee_header = next(r for r in grid.body if r.cells[-1].text == "本年收费金额（单位：万元）")
    assert spans(fee_header.cells[-1]) == (3, 1)
    assert all(width == 4 for width in occupied_width(grid))
    assert grid.body[0].css_class == "keep keep-with-next" and grid.body[2].css_class == "keep"


def test_sections_layout_2019_has_five_sections() -> None:
    grid = grid_of(SHANGHAI, "sections")
    titles = [r.cells[0].text for r in grid.body if r.kind == "section"]
    assert titles[-1] == "第二十条第（九）项" and len(titles) == 5
    assert all(width == 4 for width in occupied_width(grid))


# ---------------------------------------------------------------- statistics table (indicators)


def test_indicators_layout() -> None:
    grid = grid_of(JILIN, "indicators")
    assert [c.text for c in grid.head[0].cells] == ["统计指标", "单位", "统计数"]
    rows = {r.cells[0].text: r.cells for r in grid.body}
    section = rows["一、主动公开情况"]
    assert (section[0].level, section[1].text, section[2].text) == (0, "—", "")
    assert section[0].css_class == "label level-0" and section[1].role == "unit"
    first = rows["（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）"]
    assert (first[0].level, first[1].text, first[2].text) == (1, "条", "159")
    assert rows["其中：主动公开规范性文件数"][0].level == 2
    assert rows["其中：主要负责同志参加新闻发布会次数"][0].css_class == "label level-3"
    review = rows["四、行政复议数量"]
    assert (review[0].level, review[1].text) == (0, "件")
    assert rows["（二）通过不同渠道和方式公开政府信息的情况"][1].text == "—"
    assert all(len(r.cells) == 3 for r in grid.body)


def test_indicators_blank_cells_stay_blank() -> None:
    grid = grid_of(DONGYING, "indicators")
    row = next(r for r in grid.body if r.cells[0].text == "1.政府公报公开政府信息数")
    assert row.cells[2].text == "" and row.cells[2].blank


# ---------------------------------------------------------------- a new format version


def test_new_format_version_needs_no_code_change(tmp_path: Path, huludao_text: str) -> None:
    """在 2021 年格式上加一个假想的 2026 年修订：表三多一组两项、表四多一组；只加一个文件。"""
    schemas = tmp_path / "schemas"
    shutil.copytree(Resources.default().schemas_dir, schemas)
    (schemas / "2026.yaml").write_text(
        'id: "2026"\nextends: "2021"\nname: 2026年格式\nyears: {from: 2026}\n'
        "patches:\n"
        "  - table: 依申请公开\n"
        "    insert_after: 本年度办理结果.其他处理\n"
        "    rows:\n"
        "      - key: 转送处理\n"
        "        label: （七）转送处理\n"
        "        rows:\n"
        "          - {key: 转送其他机关, label: 1.转送其他机关}\n"
        "          - {key: 转送其他渠道, label: 2.转送其他渠道}\n"
        "  - table: 依申请公开\n"
        "    replace: 本年度办理结果.总计\n"
        "    with: {key: 总计, label: （八）总计, total: true, code: T3-R7-SUM}\n",
        encoding="utf-8",
    )
    resources = Resources(schemas_dir=schemas, templates_dir=Resources.default().templates_dir)
    path = tmp_path / "x.yaml"
    path.write_text(huludao_text.replace('格式: "2021"', '格式: "2026"').replace("报告年度: 2023", "报告年度: 2026"), encoding="utf-8")
    doc = document(path, resources)
    assert doc.spec.id == "2026"
    grid = next(layout_table(v) for v in doc.tables.values() if v.table.kind == "matrix")
    assert spans(find(grid, "三、本年度办理结果")) == (1, 24)
    assert spans(find(grid, "（七）转送处理")) == (1, 2)
    assert spans(find(grid, "（八）总计")) == (2, 1)
    assert all(width == 10 for width in occupied_width(grid))


# ---------------------------------------------------------------- template settings


def test_settings_merge_and_reject_unknown_keys(tmp_path: Path) -> None:
    from gjjgen.report.settings import SettingsError, load_settings

    base = load_settings()
    assert base.fonts["body"][0] == "仿宋_GB2312" and base.sizes["body"] == 16
    # 版心 156 mm 排 28 个 3 号字：每字约 15.79 磅，字距收紧约 0.21 磅
    assert -0.22 <= base.letter_spacing_pt <= -0.2
    assert base.css()["margin_right"] == "26mm" and base.css()["margin_bottom"] == "35mm"
    province = tmp_path / "province"
    province.mkdir()
    (province / "settings.yaml").write_text("fonts: {title: [华文中宋]}\nsizes: {table: 12}\n", encoding="utf-8")
    merged = load_settings([province])
    assert merged.fonts["title"] == ("华文中宋",) and merged.sizes["table"] == 12
    assert merged.fonts["body"] == base.fonts["body"] and merged.sources[-1] == province / "settings.yaml"
    wrong = tmp_path / "wrong"
    wrong.mkdir()
    (wrong / "settings.yaml").write_text("sizes: {bodyy: 15}\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="sizes.bodyy.*SETTINGS-KEY"):
        load_settings([wrong])
