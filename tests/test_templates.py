"""模板分层（用户模板目录 → 省份模板 → 全国通用模板）：省份模板、一块覆盖、三种格式一致、严格与安全。

三种格式的比较用 ``gjjgen.render.extract``（HTML）、``gjjgen.render.docx``（DOCX）的读回函数
与 pdftotext（PDF 文字层）：省份模板、覆盖的块改动的那几段在三种格式里都一样地出现，其余
各段、各表与不覆盖时完全相同。
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import EXAMPLES, HULUDAO

from gjjgen.checks.validate import validate_file
from gjjgen.cli.app import main
from gjjgen.render.docx import read_docx_tables, read_docx_text
from gjjgen.render.extract import read_html_tables, read_html_text
from gjjgen.render.layers import ENTRY, TemplateChain, TemplateProblem, block_catalog, pack_for
from gjjgen.report.model import build_report
from gjjgen.report.settings import SettingsError, load_settings
from gjjgen.spec.resources import Resources

TEMPLATES_DIR = Resources.default().templates_dir

SHANGHAI = EXAMPLES / "上海市公积金管理中心-2020.yaml"
DONGYING = EXAMPLES / "东营市住房公积金管理中心-2018.yaml"

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="需要 poppler-utils（pdftotext）")

SHANGHAI_PREAMBLE = (
    "本年度报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《上海市政府信息公开规定》"
    "（以下简称《规定》）要求，由上海市公积金管理中心（以下简称“市公积金中心”）编制。全文包括总体情况、"
    "主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、"
    "存在的主要问题及改进情况、其他需要报告的事项，并附统计表等。"
    "本年度报告的电子版可从上海住房公积金网（www.shgjj.com）下载。"
    "本年度报告中所列数据统计期限自2020年1月1日起至12月31日止。"
)
"""上海省份模板由示例数据（去掉“前言”、写上网站）生成的前言：与已发布年报的前言同样引用
《上海市政府信息公开规定》、同样“并附统计表等”、同样有电子版一句；各部分照法定标题列出。"""

DONGYING_PREAMBLE = [
    "为依法推进政府信息公开工作，根据《中华人民共和国政府信息公开条例》、《山东省政府信息公开办法》等有关规定，"
    "由东营市住房公积金管理中心编制《东营市住房公积金管理中心2018年度政府信息公开年度报告》。",
    "本报告所列数据的统计期限自2018年1月1日起至2018年12月31日止。"
    "本报告的电子版可以在东营市住房公积金网站（http://www.dygj.j.gov.cn）下载。"
    "如有疑问，请与东营市住房公积金管理中心联系（东营市东营区东城府前大街122号财政大楼10楼，联系电话：0546-8338125）。",
]

NATIONAL_PREAMBLE = "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定编制本报告。报告数据统计期限为{year}年1月1日至{year}年12月31日。"


# ---------------------------------------------------------------- 工具


@dataclass(frozen=True)
class Outputs:
    """一次生成的三种文件读回的内容：HTML 段落与表格、DOCX 段落与表格、PDF 文字层（去空白与页码）。"""

    html: list[str]
    html_tables: list[list[list[str]]]
    docx: list[str]
    docx_tables: list[list[list[str]]]
    pdf: str


def squash(text: str) -> str:
    """去掉全部空白与页码（“— 3 —”），段落跨页、跨行都不影响比较。"""
    return re.sub(r"—\d+—", "", re.sub(r"\s+", "", text))


def render_all(source: Path, out: Path, *extra: str, formats: str = "html,docx,pdf") -> Outputs:
    """跑 ``gjjgen render``（与命令行同一路径），读回三种文件。"""
    assert main(["render", str(source), "-f", formats, "-o", str(out), *extra]) == 0
    html = next(out.glob("*.html")).read_text(encoding="utf-8")
    docx = next(out.glob("*.docx")).read_bytes() if "docx" in formats else b""
    pdf = ""
    if "pdf" in formats:
        pdf_path = next(out.glob("*.pdf"))
        pdf = subprocess.run(
            ["pdftotext", "-raw", "-enc", "UTF-8", str(pdf_path), "-"], capture_output=True, text=True, check=True
        ).stdout
    return Outputs(
        html=read_html_text(html),
        html_tables=read_html_tables(html),
        docx=read_docx_text(docx) if docx else [],
        docx_tables=read_docx_tables(docx) if docx else [],
        pdf=squash(pdf),
    )


def assert_three_formats_agree(result: Outputs) -> None:
    """DOCX 的段落与表格与 HTML 逐一相同；HTML 的每一段、每一格都在 PDF 的文字层里。"""
    assert result.docx == result.html
    assert result.docx_tables == result.html_tables
    for paragraph in result.html:
        assert squash(paragraph) in result.pdf, paragraph
    for table in result.html_tables:
        for row in table:
            for cell in row:
                assert squash(cell) in result.pdf, cell


def without_preamble(source: Path, target: Path, province: str | None = None, **meta: str) -> Path:
    """示例数据的副本：去掉“前言”，改写或去掉“省份”，加上别的元数据；模板目录随副本带过去。"""
    text = source.read_text(encoding="utf-8")
    lines = text.split("\n")
    start = lines.index(next(line for line in lines if line.startswith("前言:")))
    end = next(i for i in range(start + 1, len(lines)) if lines[i] and not lines[i].startswith(" "))
    lines[start:end] = []
    text = "\n".join(lines)
    assert "\n前言" not in text
    old = next(line for line in lines if line.startswith("  省份: "))
    items = ([("省份", province)] if province else []) + list(meta.items())
    text = text.replace(old + "\n", "".join(f"  {key}: {value}\n" for key, value in items))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    match = re.search(r"^  模板目录: (.+)$", text, re.M)
    if match:
        shutil.copytree(source.parent / match.group(1), target.parent / match.group(1), dirs_exist_ok=True)
    return target


def huludao_with(tmp_path: Path, report: str | None = None, settings: str | None = None) -> Path:
    """临时的用户模板目录（report.html.j2 与/或 settings.yaml）。"""
    directory = tmp_path / "tpl"
    directory.mkdir(exist_ok=True)
    if report is not None:
        (directory / ENTRY).write_text(report, encoding="utf-8")
    if settings is not None:
        (directory / "settings.yaml").write_text(settings, encoding="utf-8")
    return directory


def render_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], directory: Path, data: Path = HULUDAO) -> str:
    """用这个模板目录生成，必须失败（退出码 1、没有回溯、不留文件）；返回最后一行（错误）。"""
    out = tmp_path / "out"
    assert main(["render", str(data), "-f", "html,docx", "-o", str(out), "--templates", str(directory)]) == 1
    printed = capsys.readouterr()
    assert "Traceback" not in printed.out + printed.err
    assert not list(out.glob("*.html")) and not list(out.glob("*.docx"))
    return printed.out.strip().splitlines()[-1]


# ---------------------------------------------------------------- 省份模板：上海、山东


def test_province_selects_pack_by_name_or_full_name() -> None:
    assert pack_for("上海") == pack_for("上海市") == "上海"
    assert pack_for("山东") == pack_for("山东省") == "山东"
    assert pack_for("辽宁") is None and pack_for(None) is None and pack_for("上海浦东") is None


@needs_poppler
def test_shanghai_pack_preamble_in_three_formats(tmp_path: Path) -> None:
    """种子 000 的数据去掉自己的前言：上海省份模板印出上海的前言（引《上海市政府信息公开规定》、
    “并附统计表”），HTML、DOCX、PDF 一样；全国通用模板不印这些。其余各段、各表两者相同。"""
    website = {"网站": "上海住房公积金网（www.shgjj.com）"}
    shanghai = render_all(without_preamble(SHANGHAI, tmp_path / "sh" / "data.yaml", "上海", **website), tmp_path / "sh" / "out")
    national = render_all(without_preamble(SHANGHAI, tmp_path / "cn" / "data.yaml", None, **website), tmp_path / "cn" / "out")

    assert_three_formats_agree(shanghai)
    assert_three_formats_agree(national)
    assert shanghai.html[1] == SHANGHAI_PREAMBLE
    assert national.html[1] == NATIONAL_PREAMBLE.format(year=2020)
    for result, present in ((shanghai, True), (national, False)):
        for marker in ("《上海市政府信息公开规定》", "并附统计表"):
            assert (marker in "".join(result.html)) is present
            assert (marker in "".join(result.docx)) is present
            assert (squash(marker) in result.pdf) is present
    assert shanghai.html[:1] + shanghai.html[2:] == national.html[:1] + national.html[2:]
    assert shanghai.html_tables == national.html_tables


@needs_poppler
def test_shandong_pack_preamble_in_three_formats(tmp_path: Path) -> None:
    """种子 004（东营）的数据去掉前言：山东省份模板按设置生成两段前言（网站、联系方式取自元数据），
    三种格式一样；东营自己的模板目录（附件页首）照样在最上一层。"""
    meta = {
        "网站": "东营市住房公积金网站（http://www.dygj.j.gov.cn）",
        "联系方式": "东营市东营区东城府前大街122号财政大楼10楼，联系电话：0546-8338125",
    }
    shandong = render_all(without_preamble(DONGYING, tmp_path / "sd" / "data.yaml", "山东", **meta), tmp_path / "sd" / "out")
    national = render_all(
        without_preamble(DONGYING, tmp_path / "cn" / "data.yaml", None, **meta), tmp_path / "cn" / "out", formats="html,docx"
    )
    assert_three_formats_agree(shandong)
    assert shandong.html[1:3] == DONGYING_PREAMBLE
    assert national.html[1] == NATIONAL_PREAMBLE.format(year=2018)
    assert "《山东省政府信息公开办法》" not in "".join(national.html + national.docx)
    assert shandong.html[:1] + shandong.html[3:] == national.html[:1] + national.html[2:]
    assert "附件" not in shandong.html  # 东营的模板目录（在山东省份模板之上）：附件页首没有“附件”字样


def test_pack_preamble_drops_sentences_whose_data_is_missing() -> None:
    """没有写网站的上海年报不印“电子版可从……下载”这一句，也不印半句。"""
    result = validate_file(SHANGHAI)
    assert result.document is not None
    result.document.preamble = ()
    chain = TemplateChain.build(province="上海")
    report = build_report(result.document, settings=chain.settings())
    (paragraph,) = report.preamble
    assert paragraph.text == SHANGHAI_PREAMBLE.replace("本年度报告的电子版可从上海住房公积金网（www.shgjj.com）下载。", "")


def test_data_text_is_never_evaluated(tmp_path: Path) -> None:
    """书记员写的文字里的 {{ }}、{% %}、{占位符} 都原样照印：既不当模板执行，也不再替换一遍。"""
    hostile = '{{ report.agency }}{% include "/etc/passwd" %}{法规}{年度}'
    path = without_preamble(HULUDAO, tmp_path / "data.yaml", "上海", 网站=f"'{hostile}'")
    result = render_all(path, tmp_path / "out", formats="html,docx")
    assert f"本年度报告的电子版可从{hostile}下载。" in result.html[1]
    assert result.docx == result.html


# ---------------------------------------------------------------- 覆盖一个块：三种格式，其余不变


OVERRIDE_ONE_BLOCK = """{% extends "!report.html.j2" %}
{% block part_heading scoped %}
{% if part.key == "其他需要报告的事项" %}
<h2>{{ part.number }}其他事项</h2>
{% else %}
{{ super() }}
{% endif %}
{% endblock %}
"""


@needs_poppler
def test_one_block_override_shows_in_three_formats_and_nothing_else_changes(tmp_path: Path) -> None:
    directory = huludao_with(tmp_path, report=OVERRIDE_ONE_BLOCK)
    plain = render_all(HULUDAO, tmp_path / "plain")
    custom = render_all(HULUDAO, tmp_path / "custom", "--templates", str(directory))

    assert_three_formats_agree(custom)
    changed = [i for i, (a, b) in enumerate(zip(plain.html, custom.html, strict=True)) if a != b]
    assert [(plain.html[i], custom.html[i]) for i in changed] == [("六、其他需要报告的事项", "六、其他事项")]
    assert custom.docx == custom.html and custom.html_tables == plain.html_tables
    assert custom.docx_tables == plain.docx_tables
    assert custom.pdf == plain.pdf.replace("六、其他需要报告的事项", "六、其他事项")
    assert "其他需要报告的事项" in plain.pdf and "其他需要报告的事项" not in custom.pdf


def test_setting_change_shows_in_html_and_docx(tmp_path: Path) -> None:
    """设置（不印落款、换一部分的标题）同样在两种格式里一样地变（PDF 由同一份 HTML 排出）。"""
    directory = huludao_with(tmp_path, settings="signature: false\nsection_titles: {其他需要报告的事项: 其他事项}\n")
    plain = render_all(HULUDAO, tmp_path / "plain", formats="html,docx")
    custom = render_all(HULUDAO, tmp_path / "custom", "--templates", str(directory), formats="html,docx")
    assert plain.html[-1] == "葫芦岛市住房公积金管理中心"
    assert custom.html == [p.replace("其他需要报告的事项", "其他事项") for p in plain.html[:-1]]
    assert custom.docx == custom.html


def test_data_file_template_directory_and_command_line(tmp_path: Path, huludao_text: str) -> None:
    """元数据“模板目录”相对数据文件；--templates 优先于它。"""
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "settings.yaml").write_text("section_titles: {其他需要报告的事项: 甲}\n", encoding="utf-8")
    (tmp_path / "cli").mkdir()
    (tmp_path / "cli" / "settings.yaml").write_text("section_titles: {其他需要报告的事项: 乙}\n", encoding="utf-8")
    path = tmp_path / "data.yaml"
    path.write_text(huludao_text.replace("  省份: 辽宁\n", "  省份: 辽宁\n  模板目录: mine\n"), encoding="utf-8")
    assert "六、甲" in render_all(path, tmp_path / "a", formats="html").html
    assert "六、乙" in render_all(path, tmp_path / "b", "--templates", str(tmp_path / "cli"), formats="html").html


def test_readme_example_works_as_written(tmp_path: Path, huludao_text: str) -> None:
    """README“在落款后加一行联系电话”的模板照抄就能用，三种格式都多了那一行（PDF 见上一个测试的做法）。"""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### 例：在落款后加一行联系电话") :]
    template = re.search(r"```jinja\n(.*?)```", section, re.S).group(1)
    settings = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    directory = tmp_path / "我的模板"
    directory.mkdir()
    (directory / ENTRY).write_text(template, encoding="utf-8")
    path = tmp_path / "data.yaml"
    path.write_text(
        huludao_text.replace("  省份: 辽宁\n", "  省份: 辽宁\n  联系方式: 0429-1234567\n  模板目录: 我的模板\n"), encoding="utf-8"
    )
    result = render_all(path, tmp_path / "out", formats="html,docx")
    assert result.html[-2:] == ["葫芦岛市住房公积金管理中心", "联系电话：0429-1234567"]
    assert result.docx == result.html
    (directory / "settings.yaml").write_text(settings, encoding="utf-8")
    result = render_all(path, tmp_path / "out2", formats="html,docx")
    assert result.html[-1] == "联系电话：0429-1234567" and "六、其他需要报告事项" in result.html
    assert "葫芦岛市住房公积金管理中心" not in result.html[1:]  # 不印落款


# ---------------------------------------------------------------- 三层：省份模板里的块、用户目录里的块


@pytest.fixture
def fake_root(tmp_path: Path) -> Path:
    """一个模板根目录：全国通用模板（链接到真的那份）与一个“测试省”省份模板。"""
    root = tmp_path / "templates"
    root.mkdir()
    (root / "base").symlink_to(TEMPLATES_DIR / "base", target_is_directory=True)
    pack = root / "测试省"
    pack.mkdir()
    (pack / ENTRY).write_text(
        '{% extends "!report.html.j2" %}\n{% block signature %}<p class="noindent">（省份落款前）</p>\n{{ super() }}{% endblock %}\n',
        encoding="utf-8",
    )
    (pack / "settings.yaml").write_text("fonts: {title: [华文中宋]}\nsizes: {table: 12}\n", encoding="utf-8")
    return root


def test_three_layers_user_reaches_province_block_through_super(tmp_path: Path, fake_root: Path) -> None:
    user = huludao_with(
        tmp_path,
        report='{% extends "!report.html.j2" %}\n{% block signature %}{{ super() }}<p class="noindent">（中心落款后）</p>\n{% endblock %}\n',
        settings="sizes: {table: 11}\n",
    )
    chain = TemplateChain.build(province="测试省", user=user, root=fake_root)
    assert [layer.key for layer in chain.layers] == ["模板目录", "测试省", "base"]
    settings = chain.settings()
    assert settings.fonts["title"] == ("华文中宋",) and settings.sizes["table"] == 11 and settings.sizes["body"] == 16
    assert settings.provenance["fonts.title"] == fake_root / "测试省" / "settings.yaml"
    assert settings.provenance["sizes.table"] == user / "settings.yaml"
    result = validate_file(HULUDAO)
    report = build_report(result.document, settings=settings)
    texts = read_html_text(chain.render({"report": report, "css": settings.css()}))
    assert texts[-2:] == ["葫芦岛市住房公积金管理中心", "（中心落款后）"]
    assert texts[-3] == "（省份落款前）"
    assert chain.block_sources()["signature"] == user / ENTRY
    assert chain.block_sources()["title"] == TEMPLATES_DIR / "base" / ENTRY


def test_explicit_base_name_skips_the_province_layer(tmp_path: Path, fake_root: Path) -> None:
    user = huludao_with(tmp_path, report='{% extends "base/report.html.j2" %}\n{% block contact %}<p>联系</p>\n{% endblock %}\n')
    chain = TemplateChain.build(province="测试省", user=user, root=fake_root)
    report = build_report(validate_file(HULUDAO).document, settings=chain.settings())
    texts = read_html_text(chain.render({"report": report, "css": chain.settings().css()}))
    assert "（省份落款前）" not in texts and texts[-1] == "联系"


# ---------------------------------------------------------------- 严格与安全：每种问题一条中文说明


def test_orphan_block_is_reported_with_suggestion(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory = huludao_with(tmp_path, report='{% extends "!report.html.j2" %}\n{% block signatrue %}<p>落款</p>{% endblock %}\n')
    assert render_error(tmp_path, capsys, directory) == (
        f"{directory / ENTRY}:2: 错误: 模板重写了块“signatrue”，但下层模板里没有这个块（块名写错了？是不是“signature”？），"
        "这样的改动不会出现在报告里 [RENDER-TEMPLATE-BLOCK]"
    )


def test_new_block_nested_inside_an_override_is_not_an_orphan(tmp_path: Path) -> None:
    """块里面新起的块照样印出来（不会被丢掉），不算写错。"""
    directory = huludao_with(
        tmp_path, report='{% extends "!report.html.j2" %}\n{% block contact %}{% block phone %}<p>电话</p>\n{% endblock %}{% endblock %}\n'
    )
    report = build_report(validate_file(HULUDAO).document)
    chain = TemplateChain.build(user=directory)
    assert read_html_text(chain.render({"report": report, "css": chain.settings().css()}))[-1] == "电话"


def test_undefined_variable_names_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory = huludao_with(tmp_path, report='{% extends "!report.html.j2" %}\n\n{% block title %}<h1 class="title">{{ report.subtitle }}</h1>{% endblock %}\n')
    assert render_error(tmp_path, capsys, directory) == (
        f"{directory / ENTRY}:3: 错误: 模板用到了没有定义的变量：Report 没有“subtitle”这一项 [RENDER-TEMPLATE-UNDEFINED]"
    )
    (directory / ENTRY).write_text('{% extends "!report.html.j2" %}\n{% block title %}{{ logo }}{% endblock %}\n', encoding="utf-8")
    assert render_error(tmp_path, capsys, directory) == (
        f"{directory / ENTRY}:2: 错误: 模板用到了没有定义的变量：“logo”不存在（模板能用的是 report 及其各项） [RENDER-TEMPLATE-UNDEFINED]"
    )


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "parts/../../secret.txt", "C:/Windows/win.ini"])
def test_template_path_cannot_escape(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    directory = huludao_with(tmp_path, report=f'{{% extends "!report.html.j2" %}}\n{{% block contact %}}{{% include "{name}" %}}{{% endblock %}}\n')
    assert render_error(tmp_path, capsys, directory) == (
        f"{directory / ENTRY}:2: 错误: 模板名“{name}”越出了模板目录（不能用“..”、绝对路径、反斜杠或盘符）；"
        "模板只能使用本层模板目录里的文件 [RENDER-TEMPLATE-PATH]"
    )


def test_extends_cannot_escape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory = huludao_with(tmp_path, report='{% extends "../base/report.html.j2" %}\n')
    assert render_error(tmp_path, capsys, directory) == (
        f"{directory / ENTRY}:1: 错误: 模板名“../base/report.html.j2”越出了模板目录（不能用“..”、绝对路径、反斜杠或盘符）；"
        "模板只能使用本层模板目录里的文件 [RENDER-TEMPLATE-PATH]"
    )


def test_symlink_pointing_outside_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("不该被印出来", encoding="utf-8")
    directory = huludao_with(tmp_path, report='{% extends "!report.html.j2" %}\n{% block contact %}{% include "contact.html.j2" %}{% endblock %}\n')
    (directory / "contact.html.j2").symlink_to(secret)
    assert render_error(tmp_path, capsys, directory) == (
        f"{directory / ENTRY}:2: 错误: “{directory / 'contact.html.j2'}”是指向模板目录以外（{secret}）的链接；"
        "模板只能使用本层模板目录里的文件 [RENDER-TEMPLATE-PATH]"
    )
    (directory / ENTRY).unlink()
    (tmp_path / "elsewhere.j2").write_text('{% extends "!report.html.j2" %}\n', encoding="utf-8")
    (directory / ENTRY).symlink_to(tmp_path / "elsewhere.j2")
    assert render_error(tmp_path, capsys, directory) == (
        f"{directory / ENTRY}: 错误: “{directory / ENTRY}”是指向模板目录以外（{tmp_path / 'elsewhere.j2'}）的链接；"
        "模板只能使用本层模板目录里的文件 [RENDER-TEMPLATE-PATH]"
    )


def test_symlink_inside_the_directory_is_fine(tmp_path: Path) -> None:
    directory = huludao_with(tmp_path, report='{% extends "!report.html.j2" %}\n{% block contact %}{% include "contact.html.j2" %}{% endblock %}\n')
    (directory / "parts").mkdir()
    (directory / "parts" / "contact.html.j2").write_text('<p class="noindent">联系</p>\n', encoding="utf-8")
    (directory / "contact.html.j2").symlink_to(directory / "parts" / "contact.html.j2")
    report = build_report(validate_file(HULUDAO).document)
    chain = TemplateChain.build(user=directory)
    assert read_html_text(chain.render({"report": report, "css": chain.settings().css()}))[-1] == "联系"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            '{% extends "report.html.j2" %}\n',
            ':1: 错误: 模板用“report.html.j2”继承了它自己；继承下一层请写 {% extends "!report.html.j2" %} [RENDER-TEMPLATE-EXTENDS]',
        ),
        (
            "<p>整份照抄</p>\n",
            ': 错误: 覆盖模板没有继承下层模板；第一行应写 {% extends "!report.html.j2" %}，再只重写要改的块'
            "（整份照抄的模板收不到全国通用模板以后的修正） [RENDER-TEMPLATE-EXTENDS]",
        ),
        (
            '{% extends "!report.html.j2" %}\n{% block style %}p { color: red; }{% endblock %}\n',
            ":2: 错误: 块“style”不能覆盖：它只作用于网页与 PDF，DOCX 不会跟着变；字体、字号、页面请写在模板目录的 settings.yaml 里"
            " [RENDER-TEMPLATE-FIXED]",
        ),
        (
            '{% extends "!report.html.j2" %}\n{% block contact %}\n<img src="logo.png">\n{% endblock %}\n',
            ":3: 错误: 模板输出了 <img>，DOCX 不认识它，网页、PDF 与 Word 会不一样；只能用 h1–h4、p、br、span、b、div、table 等"
            "受限词汇（见 gjjgen/render/__init__.py），字体、字号写在 settings.yaml [RENDER-TEMPLATE-HTML]",
        ),
        (
            '{% extends "!report.html.j2" %}\n{% block contact %}{{ report.__class__ }}{% endblock %}\n',
            ":2: 错误: 模板做了沙箱不允许的操作：不允许访问 Report 的“__class__” [RENDER-TEMPLATE-UNSAFE]",
        ),
        (
            '{% extends "!report.html.j2" %}\n{% block contact %}{% include "nope.html.j2" %}{% endblock %}\n',
            ":2: 错误: 找不到模板“nope.html.j2”（各层模板目录里都没有这个文件） [RENDER-TEMPLATE-MISSING]",
        ),
    ],
    ids=["self", "no-extends", "fixed", "img", "sandbox", "missing"],
)
def test_template_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str], template: str, message: str) -> None:
    directory = huludao_with(tmp_path, report=template)
    assert render_error(tmp_path, capsys, directory) == f"{directory / ENTRY}{message}"


def test_missing_command_line_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert render_error(tmp_path, capsys, tmp_path / "nowhere") == (
        f"{tmp_path / 'nowhere'}: 错误: 模板目录不存在；应是放 report.html.j2 或 settings.yaml 的目录 [RENDER-TEMPLATE-DIR]"
    )


# ---------------------------------------------------------------- 设置：逐层合并，写错的键指出文件与行


def test_unknown_setting_names_file_line_and_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory = huludao_with(tmp_path, settings="# 中心的设置\nsizes:\n  bodyy: 15\n")
    assert render_error(tmp_path, capsys, directory) == (
        f"{directory / 'settings.yaml'}:3: 错误: 不认识的设置“sizes.bodyy”，是不是“sizes.body”？"
        "可用的有：title、body、appendix_title、small、table、page_number [SETTINGS-KEY]"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("signatur: false\n", ":1: 不认识的设置“signatur”，是不是“signature”？可用的有："),
        ("section_titles: {其他需要报告事项: 其他}\n", ":1: 不认识的设置“section_titles.其他需要报告事项”，是不是“section_titles.其他需要报告的事项”？"),
        ("default_preamble: 见{网址}\n", ":1: 默认前言里的占位符“{网址}”不认识，可用的有：{法规}、"),
        ("signature: 否\n", ":1: signature 应写 true（印落款）或 false（不印），写的是文字“否” [SETTINGS-TYPE]"),
        ("regulations: 《条例》\n", ":1: regulations 应是法规的列表"),
        ("sizes: {body: -3}\n", ": sizes.body 应为正数，写的是数“-3” [SETTINGS-NUMBER]"),
    ],
)
def test_settings_are_checked_per_file(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "settings.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings([tmp_path])
    assert str(caught.value).startswith(f"{tmp_path / 'settings.yaml'}{message}")


def test_settings_deep_merge_keeps_sibling_keys(tmp_path: Path) -> None:
    province, user = tmp_path / "province", tmp_path / "user"
    province.mkdir()
    user.mkdir()
    (province / "settings.yaml").write_text("sizes: {table: 12}\nsection_titles: {总体情况: 概述}\n", encoding="utf-8")
    (user / "settings.yaml").write_text("sizes: {small: 13}\nsection_titles: {其他需要报告的事项: 其他}\n", encoding="utf-8")
    settings = load_settings([province, user])
    assert settings.sizes["table"] == 12 and settings.sizes["small"] == 13 and settings.sizes["body"] == 16
    assert settings.section_titles == {"总体情况": "概述", "其他需要报告的事项": "其他"}
    assert settings.provenance["sizes.table"] == province / "settings.yaml"
    assert settings.provenance["sizes.small"] == user / "settings.yaml"


# ---------------------------------------------------------------- gjjgen templates


def test_every_base_block_has_a_description() -> None:
    """块的说明写在全国通用模板里（块前的注释）；新增块没写说明，这里就不过。"""
    chain = TemplateChain.build()
    env = chain.environment()
    source = (TEMPLATES_DIR / "base" / ENTRY).read_text(encoding="utf-8")
    catalog = block_catalog(env, source)
    assert {b.name for b in catalog} == set(chain.block_sources())
    assert all(b.description for b in catalog), [b.name for b in catalog if not b.description]
    assert {b.name for b in catalog if b.fixed} == {"head", "style"}


def test_templates_blocks_lists_every_block(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["templates", "blocks"]) == 0
    out = capsys.readouterr().out
    for block in TemplateChain.build().catalog():
        line = next(line for line in out.splitlines() if line.strip().startswith(block.name + " "))
        assert line.endswith(block.description) and line.startswith("  " * block.depth + block.name)
    assert '{% extends "!report.html.j2" %}' in out


def test_templates_list_shows_packs_and_chains(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["templates", "list"]) == 0
    out = capsys.readouterr().out
    assert "\t继承：上海 → base\n" in out and "\t继承：山东 → base\n" in out
    assert "\t设置：regulations、default_preamble\n" in out


def test_templates_show_merged_settings_and_block_sources(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory = huludao_with(
        tmp_path, report='{% extends "!report.html.j2" %}\n{% block contact %}{% endblock %}\n', settings="sizes: {table: 12}\n"
    )
    assert main(["templates", "show", "--province", "上海", "--templates", str(directory)]) == 0
    out = capsys.readouterr().out
    assert f"  1. 用户模板目录：{directory}\n" in out
    assert re.search(rf"^  contact +{re.escape(str(directory / ENTRY))}$", out, re.M)
    assert re.search(r"^  signature +\S*templates/base/report\.html\.j2$", out, re.M)
    assert f"  sizes.table: 12  # {directory / 'settings.yaml'}\n" in out
    assert re.search(r"^  regulations: .*《上海市政府信息公开规定》.*# \S*templates/上海/settings\.yaml$", out, re.M)
    assert re.search(r"^  sizes\.body: 16  # \S*templates/base/settings\.yaml$", out, re.M)


def test_templates_show_reports_template_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory = huludao_with(tmp_path, report='{% extends "!report.html.j2" %}\n{% block signatrue %}{% endblock %}\n')
    assert main(["templates", "show", "--templates", str(directory)]) == 1
    assert "[RENDER-TEMPLATE-BLOCK]" in capsys.readouterr().out


def test_chain_build_reports_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(TemplateProblem, match=r"RENDER-TEMPLATE-DIR"):
        TemplateChain.build(user=tmp_path / "nowhere")
