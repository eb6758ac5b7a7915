"""预览的 HTTP 服务：只在本机、只给预览页面与它自己的几个文件。

为什么这样严：预览里是尚未发布的报告。服务只绑定 127.0.0.1；``Host`` 头不是本服务的地址
（别的网站借 DNS 重绑定把自己的域名指到 127.0.0.1）的请求一律拒绝；能取到的只有下面
``ROUTES`` 里列出的几条路径，页面的文件取自包内的固定清单，URL 里的任何路径都不会拿去
打开文件。只接受 GET 与 HEAD。
"""

from __future__ import annotations

import json
from functools import cache
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from urllib.parse import parse_qs, urlsplit

from .session import Session

LONG_POLL_SECONDS = 20.0
"""页面等新版本最多等这么久，然后重新问一次。"""

ASSETS = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/assets/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/assets/app.css": ("app.css", "text/css; charset=utf-8"),
    "/assets/sheet.css": ("sheet.css", "text/css; charset=utf-8"),
}
"""页面自己的文件：URL → 包内 ``gjjgen/serve/assets/`` 下的文件名与类型。"""

PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; "
    "img-src 'self' data:; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
"""预览页的内容安全策略：不连任何外部地址；报告自带内嵌样式表，所以允许内嵌样式。"""

PREVIEW_POLICY = "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src data:; frame-ancestors 'self'"
"""单独打开 /preview 时：报告里没有脚本，也不许有。"""

NO_PREVIEW = (
    '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>gjjgen 预览</title></head>'
    "<body><p>数据文件还读不懂，改好后这里显示报告。</p></body></html>"
)


@cache
def asset(name: str) -> bytes:
    return resources.files("gjjgen.serve").joinpath("assets", name).read_bytes()


class PreviewServer(ThreadingHTTPServer):
    """带着预览状态的服务器；``allowed_hosts`` 是请求的 ``Host`` 头可以写的值。"""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], session: Session) -> None:
        super().__init__(address, PreviewHandler)
        self.session = session
        port = self.server_address[1]
        self.allowed_hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "gjjgen"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - 覆盖基类的签名
        """不逐条记录请求：终端留给生成时的程序错误。"""

    def _send(self, status: HTTPStatus, body: bytes, ctype: str, policy: str = PAGE_POLICY) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Content-Security-Policy", policy)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _refuse(self, status: HTTPStatus, message: str) -> None:
        self._send(status, f"{message}\n".encode(), "text/plain; charset=utf-8")

    def _host_ok(self) -> bool:
        host = (self.headers.get("Host") or "").strip().lower()
        return host in self.server.allowed_hosts

    def do_GET(self) -> None:  # noqa: N802 - http.server 的命名
        if not self._host_ok():
            self._refuse(HTTPStatus.FORBIDDEN, "拒绝访问：请求的主机名不是本预览服务的地址（只接受 127.0.0.1 与 localhost）")
            return
        url = urlsplit(self.path)
        if url.path in ASSETS:
            name, ctype = ASSETS[url.path]
            self._send(HTTPStatus.OK, asset(name), ctype)
        elif url.path == "/preview":
            html = self.server.session.html or NO_PREVIEW
            self._send(HTTPStatus.OK, html.encode(), "text/html; charset=utf-8", PREVIEW_POLICY)
        elif url.path == "/api/state":
            self._state(url.query)
        else:
            self._refuse(HTTPStatus.NOT_FOUND, "没有这个页面：预览只有首页 / 与 /preview")

    do_HEAD = do_GET  # noqa: N815

    def _state(self, query: str) -> None:
        try:
            since = int(parse_qs(query).get("since", ["0"])[0])
        except ValueError:
            since = 0
        payload = self.server.session.state(since, LONG_POLL_SECONDS)
        body = json.dumps(payload, ensure_ascii=False).encode()
        self._send(HTTPStatus.OK, body, "application/json; charset=utf-8")

    def _not_allowed(self) -> None:
        self.send_response(HTTPStatus.METHOD_NOT_ALLOWED)
        body = "只接受 GET 与 HEAD 请求\n".encode()
        self.send_header("Allow", "GET, HEAD")
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _not_allowed  # noqa: N815
