"""排 PDF 时只取 gjjgen 自己准备的字体：不连网、不读本机别的文件、相对地址不按当前目录解析。"""

from __future__ import annotations

import http.server
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from gjjgen import fonts
from gjjgen.render.fetch import FontsOnlyFetcher
from gjjgen.render.pdf import render_pdf

# 一张 1×1 的 PNG：若被嵌进 PDF，PDF 里就会有一个图像对象
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server 的命名
        self.seen.append(self.path)
        body = b"p { color: red }" if self.path.endswith(".css") else PNG
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        return


@pytest.fixture
def loopback() -> Iterator[tuple[str, list[str]]]:
    """只听 127.0.0.1 的 HTTP 服务，记下收到的每个请求。"""
    seen: list[str] = []
    handler = type("Handler", (_Recorder,), {"seen": seen})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def _images(pdf: bytes) -> int:
    """PDF 里图像对象的个数（对象流也解开来数）。"""
    count = pdf.count(b"/Subtype /Image") + pdf.count(b"/Subtype/Image")
    for start in range(len(pdf)):
        start = pdf.find(b"stream\n", start)
        if start < 0:
            break
        try:
            inner = zlib.decompressobj().decompress(pdf[start + 7 : start + 7 + 200_000])
        except zlib.error:
            continue
        count += inner.count(b"/Subtype /Image") + inner.count(b"/Subtype/Image")
    return count


def test_fetcher_allows_only_prepared_fonts(tmp_path: Path) -> None:
    cache = fonts.prepare_fonts()
    font = next(cache.glob("*.ttf"))
    fetcher = FontsOnlyFetcher(cache)
    assert fetcher.allows(font.as_uri())
    outside = tmp_path / "x.ttf"
    outside.write_bytes(font.read_bytes())
    for url in (
        outside.as_uri(),
        (cache / "manifest.json").as_uri(),
        (cache / ".." / "x.ttf").as_uri(),
        "http://127.0.0.1/x.ttf",
        "data:font/ttf;base64,AAAA",
        "ftp://127.0.0.1/x.ttf",
        (cache / "missing.ttf").as_uri(),
    ):
        assert not fetcher.allows(url), url


def test_pdf_fetches_nothing_from_network_or_disk(
    tmp_path: Path, loopback: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    base, seen = loopback
    image = tmp_path / "secret.png"
    image.write_bytes(PNG)
    monkeypatch.chdir(tmp_path)  # 相对地址 secret.png 若按当前目录解析，就会取到这张图
    html = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>测试</title>"
        f"<style>@import url({base}/imported.css);"
        f" body {{ background: url({base}/bg.png) }}"
        f" h1::before {{ content: url({image.as_uri()}) }}"
        " h2::before { content: url(secret.png) }"
        f" p::after {{ content: url(data:image/png;base64,iVBORw0KGgo=) }}</style>"
        f"<link rel='stylesheet' href='{base}/linked.css'></head>"
        f"<body><h1>标题</h1><h2>二级</h2><p>正文一二三</p><img src='{base}/img.png'><img src='secret.png'></body></html>"
    )
    pdf = render_pdf(html)
    assert pdf.startswith(b"%PDF")
    assert seen == []
    assert _images(pdf) == 0
