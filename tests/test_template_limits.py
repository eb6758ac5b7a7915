"""覆盖模板与模板设置的上限：递归、循环、巨大的整数与字符串、指向外面的设置文件、别名炸弹。

每一种都必须在生成之前给出一行带代码的中文说明（退出码 1、没有回溯、不生成文件），而不是
卡住、耗尽内存，或把别处的文件印出来。
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_templates import huludao_with, render_error

from gjjgen.render.sandbox import MAX_LOOP_STEPS, MAX_TEXT


def contact_block(body: str) -> str:
    return '{% extends "!report.html.j2" %}\n{% block contact %}' + body + "{% endblock %}\n"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("{% macro r(n) %}{{ r(n + 1) }}{% endmacro %}{{ r(0) }}", "模板嵌套或递归太深"),
        ("{{ 9**9**9 }}", "模板里的乘方"),
        ("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}", f"{MAX_LOOP_STEPS:,} 次"),
        ('{% for a in "x" * 100000 %}{% for b in "y" * 100000 %}{% endfor %}{% endfor %}', f"{MAX_LOOP_STEPS:,} 次"),
        ('{{ "x" * 400000000 }}', "模板里的乘法会造出 400,000,000 个字"),
        ('{{ "x" | center(400000000) }}', "过滤器“center”的参数 400000000 太大"),
        ('{{ "%0400000000d" | format(1) }}', "“%”格式的宽度或精度太大"),
        ('{{ "{:>400000000}".format(1) }}', "format 的宽度或精度太大"),
        (
            '{% set ns = namespace(s="x") %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}',
            f"超过了上限 {MAX_TEXT:,}",
        ),
        (
            '{% macro d(s, n) %}{% if n %}{{ d(s ~ s, n - 1) }}{% else %}{{ s | length }}{% endif %}{% endmacro %}{{ d("x", 40) }}',
            f"超过了上限 {MAX_TEXT:,}",
        ),
        ("{% if 1 %}" * 3000 + "{% endif %}" * 3000, "模板嵌套或递归太深"),
    ],
)
def test_template_budget_exceeded_is_a_coded_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, expected: str
) -> None:
    line = render_error(tmp_path, capsys, huludao_with(tmp_path, report=contact_block(body)))
    assert expected in line
    assert line.endswith("[RENDER-TEMPLATE-LIMIT]")


def test_template_source_size_is_capped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = "{# " + "注" * 300_000 + " #}"
    line = render_error(tmp_path, capsys, huludao_with(tmp_path, report=contact_block(body)))
    assert "超过了上限" in line and line.endswith("[RENDER-TEMPLATE-LIMIT]")


def test_settings_symlink_out_of_the_folder_is_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("机密第一行：不该被印出来\n" * 50, encoding="utf-8")
    directory = huludao_with(tmp_path)
    (directory / "settings.yaml").symlink_to(secret)
    line = render_error(tmp_path, capsys, directory)
    assert line == f"{directory / 'settings.yaml'}: 错误: 模板设置是指向模板目录以外的链接，不读；请把设置文件本身放在模板目录里 [SETTINGS-PATH]"


def test_settings_content_is_never_echoed_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "root:x:0:0:root:/root:/bin/bash " * 40
    line = render_error(tmp_path, capsys, huludao_with(tmp_path, settings=f'"{text}"\n'))
    assert "[SETTINGS-TYPE]" in line
    assert line.count("root:x:0:0") == 1 and len(line) < 300


def test_settings_alias_bomb_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    line = render_error(tmp_path, capsys, huludao_with(tmp_path, settings="\n".join(lines) + "\n"))
    assert line == f"{tmp_path / 'tpl' / 'settings.yaml'}:1: 错误: 模板设置不能使用锚点（&）和别名（*）；请把内容直接写出来 [SETTINGS-ALIAS]"


def test_settings_size_is_capped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = render_error(tmp_path, capsys, huludao_with(tmp_path, settings="# " + "x" * 100_000 + "\n"))
    assert line.endswith("[SETTINGS-TOO-LARGE]")
