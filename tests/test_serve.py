"""gjjgen serve（不用浏览器）：预览就是成品、问题对上位置、只在本机、只给自己的文件、
文件删了又建、连着保存以最后一次为准、保存多少次内存都不增长。"""

from __future__ import annotations

import contextlib
import gc
import http.client
import json
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import EXAMPLES, HULUDAO

from gjjgen.checks.validate import validate_file
from gjjgen.render.prepare import prepare
from gjjgen.serve.build import build
from gjjgen.serve.server import PreviewServer
from gjjgen.serve.session import Session

NEW_CASES = "  本年新收: [0, 0, 0, 0, 0, 0, 0]"
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import|fetch\(\s*["'`](?:https?:)?//""")
"""页面要从别处取东西的写法：外部脚本、样式、图片、字体、请求。"""
PREVIEW_HEAD = re.compile(r'<link rel="stylesheet" href="/assets/sheet.css">\n<style>:root \{[^}]*\}</style>\n(?=</head>)')
HOOK = re.compile(r' data-gj="g\d+"(?: data-gj-computed="")?')


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "报告.yaml"
    shutil.copyfile(HULUDAO, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _wait(condition, timeout: float = 10.0):  # type: ignore[no-untyped-def]
    """反复查看直到条件成立（不固定等待）；超时则失败。"""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.02)
    raise AssertionError("等待超时")


# ---------------------------------------------------------------- 预览的内容


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_preview_is_the_published_html_plus_hooks(path: Path) -> None:
    """去掉 data-gj 标记与预览样式表那一行，预览与 gjjgen render 写出的 HTML 逐字节相同。"""
    validation = validate_file(path)
    assert validation.document is not None
    published = prepare(validation.document, validation.loaded, draft=False).html
    snapshot = build(path)
    assert snapshot.status == "ok" and snapshot.html is not None
    assert snapshot.html.count('data-gj="') > 50
    plain = PREVIEW_HEAD.sub("", HOOK.sub("", snapshot.html))
    assert plain == published
    assert all(p["hooks"] for p in snapshot.problems)  # 示例的每条警告都标在报告里


def _hooks(snapshot, code: str) -> list[str]:  # type: ignore[no-untyped-def]
    found = [p for p in snapshot.problems if p["code"] == code]
    assert found, [p["code"] for p in snapshot.problems]
    return found[0]["hooks"]


def _element(html: str, hook: str) -> str:
    match = re.search(rf'<(\w+)[^>]*data-gj="{hook}"[^>]*>([^<]*)', html)
    assert match, hook
    return f"{match.group(1)}:{match.group(2)}"


def test_balance_marks_both_sides_and_draft(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    _edit(path, NEW_CASES, "  本年新收: [7, 0, 0, 0, 0, 0, 7]")
    snapshot = build(path)
    assert snapshot.status == "draft"
    assert 'class="draft-mark"' in snapshot.html
    hooks = _hooks(snapshot, "T3-COL-BAL")
    cells = [_element(snapshot.html, h) for h in hooks]
    assert "td:7" in cells  # 改了的那一格
    assert len(cells) >= 4 and all(c.startswith("td:") for c in cells)  # 一、二与三(七)、四两侧
    balance = next(p for p in snapshot.problems if p["code"] == "T3-COL-BAL")
    assert balance["source"].strip().startswith("本年新收")


def test_narrative_mismatch_marks_the_paragraph_and_missing_part_its_heading(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    _edit(path, "正文: 2023年，我中心未收到公民、法人或其他组织的依申请公开诉求。", "正文: 2023年，我中心共收到政府信息公开申请3件。")
    text = path.read_text(encoding="utf-8")
    start = text.index("存在的主要问题及改进情况:")
    end = text.index("\n\n", start) if "\n\n" in text[start:] else len(text)
    path.write_text(text[:start] + "存在的主要问题及改进情况:\n" + text[end:], encoding="utf-8")
    snapshot = build(path)
    paragraph = [_element(snapshot.html, h) for h in _hooks(snapshot, "NARR-MISMATCH")]
    assert paragraph == ["p:2023年，我中心共收到政府信息公开申请3件。"]
    heading = [_element(snapshot.html, h) for h in _hooks(snapshot, "TEXT-EMPTY")]
    assert heading == ["h2:五、存在的主要问题及改进情况"]


def test_user_text_is_escaped_as_in_the_rendered_html(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    _edit(path, "正文: 2023年，我中心未收到", "正文: <script>alert(1)</script>&amp;{{ x }}2023年，我中心未收到")
    snapshot = build(path)
    assert "<script>" not in snapshot.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;" in snapshot.html


def test_unreadable_yaml_keeps_no_html_and_says_where(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    _edit(path, NEW_CASES, "  本年新收: [0, 0, 0")
    snapshot = build(path)
    assert snapshot.status == "broken" and snapshot.html is None
    problem = snapshot.problems[0]
    assert problem["code"].startswith("YAML-") and problem["line"] > 0
    assert "本年新收" in problem["source"] or problem["source"].strip() == ""


# ---------------------------------------------------------------- 服务


@contextlib.contextmanager
def _serving(path: Path) -> Iterator[tuple[PreviewServer, Session]]:
    """在本进程里开预览服务（监视线程 + 服务线程），结束时都停下。"""
    session = Session(path)
    session.start()
    server = PreviewServer(("127.0.0.1", 0), session)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server, session
    finally:
        session.stop()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[PreviewServer, Session, Path]]:
    path = _copy(tmp_path)
    with _serving(path) as (server, session):
        yield server, session, path


def _raw(server: PreviewServer, target: str, host: str | None) -> tuple[int, bytes]:
    """发一个原样的请求（不经 URL 规范化），返回状态码与正文。"""
    port = server.server_address[1]
    lines = [f"GET {target} HTTP/1.1"]
    if host is not None:
        lines.append(f"Host: {host}")
    lines += ["Connection: close", "", ""]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall("\r\n".join(lines).encode())
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    head, _sep, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def test_host_header_must_be_the_served_address(served) -> None:  # type: ignore[no-untyped-def]
    server, _session, _path = served
    port = server.server_address[1]
    assert _raw(server, "/", f"127.0.0.1:{port}")[0] == 200
    assert _raw(server, "/", f"localhost:{port}")[0] == 200
    for host in ("evil.example", f"evil.example:{port}", "127.0.0.1", f"127.0.0.1:{port + 1}", None):
        status, body = _raw(server, "/api/state?since=0", host)
        assert status == 403, host
        assert "拒绝访问" in body.decode()
        assert b"html" not in body


def test_only_own_assets_no_path_reaches_other_files(served) -> None:  # type: ignore[no-untyped-def]
    server, _session, _path = served
    host = f"127.0.0.1:{server.server_address[1]}"
    for target in (
        "/assets/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/assets/%2e%2e/__init__.py",
        "/assets/..%2f..%2fserver.py", "//etc/passwd", "/preview/../../pyproject.toml", "/assets/",
        "/assets/app.js/../../../README.md", "/%2fetc%2fpasswd", "/assets/app.js%00.png",
        f"http://{host}/../../etc/passwd", "/etc/passwd", "/gjjgen/serve/server.py", "/报告.yaml",
    ):
        status, body = _raw(server, target, host)
        assert status == 404, target
        assert b"root:" not in body and b"import" not in body and "本年新收".encode() not in body
    status, body = _raw(server, "/assets/app.js", host)
    assert status == 200 and b"/api/state" in body
    status, body = _raw(server, "/preview", host)
    assert status == 200 and b'data-gj="' in body


def test_only_get_and_head(served) -> None:  # type: ignore[no-untyped-def]
    server, _session, _path = served
    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
    conn.request("POST", "/api/state", body=b"x")
    response = conn.getresponse()
    assert response.status == 405 and "GET" in response.read().decode()
    conn.close()


def _state(server: PreviewServer, since: int = 0) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=30)
    conn.request("GET", f"/api/state?since={since}")
    payload = json.loads(conn.getresponse().read())
    conn.close()
    return payload


def test_data_file_deleted_and_recreated(served) -> None:  # type: ignore[no-untyped-def]
    server, session, path = served
    first = _state(server)
    assert first["status"] == "ok" and first["html"]
    text = path.read_text(encoding="utf-8")
    path.unlink()
    gone = _wait(lambda: (s := _state(server, first["version"]))["status"] == "broken" and s)
    assert gone["problems"][0]["code"] == "FILE-NOT-FOUND"
    assert gone["html"] == first["html"]  # 上一次的预览还在（页面把它变灰）
    path.write_text(text.replace(NEW_CASES, "  本年新收: [5, 0, 0, 0, 0, 0, 5]"), encoding="utf-8")
    back = _wait(lambda: (s := _state(server, gone["version"]))["status"] == "draft" and s)
    assert back["html_version"] > first["html_version"]
    assert any(p["code"] == "T3-COL-BAL" for p in back["problems"])


def test_two_quick_saves_the_last_one_wins(served) -> None:  # type: ignore[no-untyped-def]
    server, session, path = served
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(NEW_CASES, "  本年新收: [3, 0, 0, 0, 0, 0, 3]"), encoding="utf-8")
    path.write_text(text.replace(NEW_CASES, "  本年新收: [4, 0, 0, 0, 0, 0, 4]"), encoding="utf-8")

    def settled() -> bool:
        state = _state(server, 0)
        return not session.changed() and ">4</td>" in (state["html"] or "")

    _wait(settled)
    html = _state(server, 0)["html"]
    assert ">3</td>" not in html and ">4</td>" in html


def test_many_saves_do_not_grow_memory(tmp_path: Path) -> None:
    """保存多次后活着的对象数不变：只留最新的一版与上一份好的 HTML，缓存都有上限。"""
    path = _copy(tmp_path)
    session = Session(path)
    text = path.read_text(encoding="utf-8")

    def save(n: int) -> None:
        path.write_text(text.replace(NEW_CASES, f"  本年新收: [{n}, 0, 0, 0, 0, 0, {n}]"), encoding="utf-8")
        session.refresh()

    for n in range(20):  # 预热：各处有上限的缓存填满
        save(n)
    gc.collect()
    before = len(gc.get_objects())
    for n in range(20, 60):
        save(n)
    gc.collect()
    grown = len(gc.get_objects()) - before
    assert session.version == 60 and ">59</td>" in (session.html or "")
    assert grown < 200, f"保存 40 次后多了 {grown} 个对象"


# ---------------------------------------------------------------- 命令行


def test_cli_refuses_missing_file_bad_port_and_busy_port(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from gjjgen.cli import main

    assert main(["serve", str(tmp_path / "没有.yaml")]) == 1
    assert "[FILE-NOT-FOUND]" in capsys.readouterr().err
    path = _copy(tmp_path)
    assert main(["serve", str(path), "--port", "70000"]) == 2
    assert "[SERVE-PORT]" in capsys.readouterr().err
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        assert main(["serve", str(path), "--port", str(busy.getsockname()[1])]) == 1
    err = capsys.readouterr().err
    assert "已被占用" in err and "[SERVE-PORT]" in err and "Traceback" not in err


def test_watches_previous_year_file_and_template_overrides(tmp_path: Path) -> None:
    examples = tmp_path / "examples"
    shutil.copytree(EXAMPLES, examples)
    jilin = next(examples.glob("吉林市*.yaml"))
    text = jilin.read_text(encoding="utf-8")
    jilin.write_text(text.replace("元数据:\n", "元数据:\n  上年数据: 上年.yaml\n", 1), encoding="utf-8")
    previous = examples / "上年.yaml"
    shutil.copyfile(jilin, previous)
    session = Session(jilin)
    session.refresh()
    files = session.snapshot.files
    template = next(p for p in files if p.name == "report.html.j2")
    assert previous in files and template.parent.parent.name == "模板"
    assert not session.changed()
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert session.changed()
    session.refresh()
    previous.unlink()
    assert session.changed()


def test_broken_from_the_start_still_gives_a_page(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    _edit(path, NEW_CASES, "  本年新收: [0, 0, 0")
    with _serving(path) as (server, _session):
        state = _state(server)
        assert state["status"] == "broken" and state["html"] is None
        assert state["problems"][0]["code"].startswith("YAML-")
        status, body = _raw(server, "/preview", f"127.0.0.1:{server.server_address[1]}")
        assert status == 200 and "数据文件还读不懂".encode() in body
        _edit(path, "  本年新收: [0, 0, 0", NEW_CASES)
        fixed = _wait(lambda: (s := _state(server, state["version"]))["status"] == "ok" and s)
        assert fixed["html"] and fixed["html_version"] == 1


def test_broken_template_override_is_reported_not_rendered(tmp_path: Path) -> None:
    examples = tmp_path / "examples"
    shutil.copytree(EXAMPLES, examples)
    jilin = next(examples.glob("吉林市*.yaml"))
    template = next((examples / "模板").glob("吉林市*/report.html.j2"))
    template.write_text(template.read_text(encoding="utf-8") + "{% block sigature %}{% endblock %}\n", encoding="utf-8")
    snapshot = build(jilin)
    assert snapshot.status == "broken" and snapshot.html is None
    assert snapshot.problems[0]["code"] == "RENDER-TEMPLATE-BLOCK"
    assert "signature" in snapshot.problems[0]["message"]  # “是不是……？”
    assert template in snapshot.files  # 改好模板也会重新生成


def test_page_works_offline(served) -> None:  # type: ignore[no-untyped-def]
    """页面与它的文件不连任何外部地址；内容安全策略也不许连。"""
    server, _session, _path = served
    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
    for target in ("/", "/assets/app.js", "/assets/app.css", "/assets/sheet.css", "/preview"):
        conn.request("GET", target)
        response = conn.getresponse()
        body = response.read().decode()
        assert response.status == 200
        assert not EXTERNAL.search(body), target
        policy = response.getheader("Content-Security-Policy") or ""
        assert "default-src 'none'" in policy and "http" not in policy
        assert response.getheader("X-Content-Type-Options") == "nosniff"
    conn.close()


def test_page_from_before_a_restart_is_answered_at_once(served) -> None:  # type: ignore[no-untyped-def]
    """页面带着重启前的版本号来问：不等长轮询超时，立即拿到这次启动的状态。"""
    server, session, _path = served
    started = time.monotonic()
    state = _state(server, 1000)
    assert time.monotonic() - started < 5
    assert state["version"] == session.version and state["session"] == session.token


def test_busy_default_port_falls_back_to_a_free_one(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from gjjgen.cli.commands import serve as command

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        monkeypatch.setattr(command, "DEFAULT_PORT", taken)
        server, note = command._bind(Session(_copy(tmp_path)), None)
    assert server is not None
    try:
        assert server.server_address[1] not in (taken, 0) and f"端口 {taken} 已被占用" in note
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()


def test_typed_total_is_shown_as_computed_and_marked(tmp_path: Path) -> None:
    """照抄的合计写错了：预览里印的是算出的合计（淡蓝底），这一格标出问题。"""
    path = _copy(tmp_path)
    _edit(path, NEW_CASES, "  本年新收: [7, 0, 0, 0, 0, 0, 5]")
    snapshot = build(path)
    hooks = _hooks(snapshot, "T3-ROW-SUM")
    assert [_element(snapshot.html, h) for h in hooks] == ["td:7"]
    assert re.search(rf'data-gj="{hooks[0]}" data-gj-computed=""', snapshot.html)
