"""预备字体：覆盖常用字与中文标点，PDF 里只有嵌入的子集字体、文字可提取，缺字体时说清装什么。"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from gjjgen import fonts

SAMPLE = (
    "“以公开为常态、不公开为例外”；《中华人民共和国政府信息公开条例》（国令第711号）"
    "——收到申请10件，占100%。附件：政府信息公开情况统计表〔2021〕"
)
RARE = "王䶮、李喆、吉𠮷"  # 扩展 A 区、GBK、扩展 B 区各一个人名用字


@pytest.fixture(scope="module")
def cache() -> Path:
    """真实的预备字体缓存（默认位置；首次在一台机器上运行要生成，约一两分钟）。"""
    messages = fonts.check_fonts()
    if messages:
        pytest.fail("\n".join(messages))
    return fonts.prepare_fonts()


def _files(cache: Path) -> list[Path]:
    manifest = json.loads((cache / fonts.MANIFEST).read_text(encoding="utf-8"))
    return [cache / part["file"] for entry in manifest["roles"].values()
            for part in entry["parts"].values()]


def _role_cmap(cache: Path, role: str, part: str = "core") -> set[int]:
    from fontTools.ttLib import TTFont

    manifest = json.loads((cache / fonts.MANIFEST).read_text(encoding="utf-8"))
    with TTFont(cache / manifest["roles"][role]["parts"][part]["file"], lazy=True) as font:
        return set(font.getBestCmap())


def test_prepared_fonts_cover_sample_text(cache: Path) -> None:
    assert fonts.uncovered_chars(SAMPLE, cache) == []
    for role in ("fangsong", "title", "heading", "kai", "song"):
        cmap = _role_cmap(cache, role)
        missing = [c for c in SAMPLE if c.strip() and ord(c) not in cmap]
        assert missing == [], (role, missing)


def test_prepared_fonts_are_truetype(cache: Path) -> None:
    from fontTools.ttLib import TTFont

    files = _files(cache)
    assert len(files) == 2 * len(fonts.ROLES)
    for path in files:
        with TTFont(path, lazy=True) as font:
            assert "glyf" in font and "CFF " not in font, path.name


def test_extension_part_is_declared_only_when_used(cache: Path) -> None:
    assert ord("喆") in _role_cmap(cache, "kai", "ext")
    assert ord("喆") not in _role_cmap(cache, "kai", "core")
    plain = fonts.font_face_css(cache, text=SAMPLE + "王䶮")  # 扩展 A 区的字走补字，不要扩展部分
    assert "-core-" in plain and "-ext-" not in plain
    rare = fonts.font_face_css(cache, text=SAMPLE + "李喆")
    assert rare.count("-ext-") == len(fonts.ROLES)
    assert "-ext-" in fonts.font_face_css(cache)


def test_body_face_is_a_fangsong_covering_gb2312(cache: Path) -> None:
    """正文是真正的仿宋（FandolFang），GB 2312 的 6763 个汉字一个不缺。"""
    manifest = json.loads((cache / fonts.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["roles"]["fangsong"]["face"] == "FandolFang Regular"
    core = _role_cmap(cache, "fangsong", "core")
    hanzi = [bytes((a, b)).decode("gb2312") for a in range(0xB0, 0xF8) for b in range(0xA1, 0xFF)
             if (a, b) not in {(0xD7, b) for b in range(0xFA, 0xFF)}]
    assert len(hanzi) == 6763
    assert [c for c in hanzi if ord(c) not in core] == []
    assert all(ord(c) in core for c in "开报办结转续")


def test_body_fill_takes_only_what_the_fangsong_lacks(cache: Path) -> None:
    """FandolFang 缺的字（如 GBK 扩展的“喆”）由补缺字体 AR PL UMing 补上，紧跟在仿宋之后。"""
    fangsong = _role_cmap(cache, "fangsong", "core") | _role_cmap(cache, "fangsong", "ext")
    fill = _role_cmap(cache, "fangsong_fill", "core") | _role_cmap(cache, "fangsong_fill", "ext")
    assert ord("喆") in fill and ord("喆") not in fangsong
    assert not [c for c in fangsong & fill if unicodedata.name(chr(c), "").startswith("CJK")]
    stack = fonts.font_families()["fangsong"].split(", ")
    assert stack[:2] == ['"GJJ FangSong FandolFang"', '"GJJ FangSong Fill UMing"']


def test_rare_characters_need_and_get_a_supplement(cache: Path) -> None:
    assert fonts.uncovered_chars(RARE, cache) == ["䶮", "𠮷"]
    assert fonts.unrenderable_chars(RARE, cache) == []
    css = fonts.font_face_css(cache, text=RARE)
    assert '"GJJ Supplement A"' in css
    assert "--gjj-font-fangsong:" in css


def test_unrenderable_characters_are_listed(cache: Path) -> None:
    text = "正文\u3000空格\u200b与\ufe0f选择符" + "\U0001f600" + "\ue000"
    assert fonts.unrenderable_chars(text, cache) == ["\U0001f600", "\ue000"]


def _html(css: str) -> str:
    families = fonts.font_families()
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>'
        + css
        + "@page { size: A4; margin: 37mm 26mm 35mm 28mm; }"
        + "body { font-family: var(--gjj-font-fangsong); font-size: 16pt; }"
        + "h1 { font-family: var(--gjj-font-title); font-weight: 700; }"
        + "h2 { font-family: var(--gjj-font-heading); font-weight: 700; }"
        + "h3 { font-family: var(--gjj-font-kai); font-weight: 400; }"
        + "</style></head><body>"
        + f"<h1>年度报告</h1><h2>一、总体情况</h2><h3>（一）主动公开</h3><p>{SAMPLE}</p>"
        + f"<p>{RARE}</p>"
        + f'<p style="font-family: {families["song"]}">— 1 —</p>'
        + "</body></html>"
    )


@pytest.fixture(scope="module")
def pdf(cache: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from weasyprint import HTML

    css = fonts.font_face_css(cache, text=SAMPLE + RARE + "— 1 —年度报告一、总体情况（一）主动公开")
    path = tmp_path_factory.mktemp("pdf") / "sample.pdf"
    HTML(string=_html(css)).write_pdf(path)
    return path


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"缺少 {name}：请安装 poppler-utils（apt-get install poppler-utils）")
    return found


def test_pdf_embeds_only_prepared_subset_fonts(pdf: Path) -> None:
    out = subprocess.run([_tool("pdffonts"), str(pdf)], capture_output=True, text=True,
                         check=True).stdout
    rows = out.splitlines()[2:]
    assert rows, out
    names = []
    for row in rows:
        # 列：name type encoding emb sub uni object ID；名字里没有空格。
        name, *_, emb, sub, uni, _obj, _gen = row.split()
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row
        assert re.match(r"^[A-Z]{6}\+", name), row
        names.append(name.split("+", 1)[1])
    # 没有任何字落到未准备的系统字体上。
    assert all(name.startswith("GJJ-") for name in names), names
    assert any(name.startswith("GJJ-Supplement") for name in names), names


def test_pdf_text_is_extractable(pdf: Path) -> None:
    text = subprocess.run([_tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", SAMPLE) in flat
    assert RARE in flat
    assert "年度报告" in flat and "一、总体情况" in flat and "（一）主动公开" in flat


def test_missing_source_fonts_say_what_to_install(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    monkeypatch.setattr(fonts.sources, "find_face", lambda face: None)
    messages = fonts.check_fonts()
    assert len(messages) == len(fonts.ROLES)
    joined = "\n".join(messages)
    assert "apt-get install fonts-noto-cjk" in joined
    assert "apt-get install fonts-arphic-uming" in joined
    assert "apt-get install fonts-arphic-ukai" in joined
    assert "FandolFang" in joined and "./setup.sh" in joined
    assert all(m.startswith("缺少") for m in messages)
    with pytest.raises(fonts.FontsMissingError) as error:
        fonts.prepare_fonts(tmp_path / "cache")
    assert error.value.messages == messages


def test_command_line_reports_missing_fonts(monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(fonts.sources, "find_face", lambda face: None)
    assert fonts.main(["--check"]) == 1
    assert "apt-get install" in capsys.readouterr().err


def test_warm_cache_does_not_rebuild(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        raise AssertionError("缓存是热的，不应重建")

    monkeypatch.setattr(fonts.cache, "_rebuild", fail)
    monkeypatch.setattr(fonts.sources, "find_face", fail)
    assert fonts.prepare_fonts(cache) == cache


def test_changed_source_font_invalidates_cache(cache: Path) -> None:
    manifest = json.loads((cache / fonts.MANIFEST).read_text(encoding="utf-8"))
    assert fonts.cache.manifest_is_fresh(cache, manifest)
    manifest["roles"]["kai"]["source"]["size"] += 1
    assert not fonts.cache.manifest_is_fresh(cache, manifest)


def test_repertoire_includes_gb2312_and_punctuation() -> None:
    chars = fonts.repertoire()
    gb2312 = [bytes((a, b)).decode("gb2312") for a in (0xB0, 0xD7, 0xF7) for b in (0xA1, 0xA2)]
    for char in [*gb2312, "喆", "“", "”", "、", "（", "）", "《", "》", "—", "…", "〔", "①", "Ⅻ"]:
        assert ord(char) in chars, char


def test_command_line_prints_where_the_cache_is(cache: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert fonts.main(["--cache-dir", str(cache)]) == 0
    out = capsys.readouterr().out
    assert f"字体已就绪：{cache}" in out
    assert "正文（仿宋）" in out and "FandolFang" in out
    assert "正文遇到它们时改用 AR PL UMing CN" in out


def test_cache_files_are_complete_and_readable(cache: Path) -> None:
    assert not list(cache.glob("*.tmp")), "留下了未改名的临时文件"
    for path in _files(cache):
        assert path.stat().st_mode & 0o444 == 0o444, path.name


def test_font_faces_use_file_urls_and_role_variables(cache: Path) -> None:
    css = fonts.font_face_css(cache, text=SAMPLE)
    urls = re.findall(r'url\("([^"]+)"\)', css)
    assert len(urls) == len(fonts.ROLES)
    assert all(url.startswith("file:///") for url in urls)
    families = fonts.font_families()
    for role in fonts.ROLES:
        assert f"--gjj-font-{role.key}: {families[role.key]};" in css
        assert families[role.key].startswith(f'"{role.family}"')


def test_fontconfig_lists_are_split_on_unescaped_commas() -> None:
    assert fonts.sources._fc_names("Noto Serif CJK SC,Noto Serif CJK SC Bold") == (
        "Noto Serif CJK SC", "Noto Serif CJK SC Bold")
    assert fonts.sources._fc_names(r"A\,B,C") == ("A,B", "C")
