"""``gjjgen serve``：实时预览。改数据文件、上年数据或模板，浏览器里的报告随即更新。

只做命令行的事：核对参数、开服务、打印地址、Ctrl-C 时干净地停下。生成与监视在
:mod:`gjjgen.serve` 里。
"""

from __future__ import annotations

import argparse
import errno
import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...serve.build import Snapshot

DEFAULT_PORT = 8000
"""默认端口；被占用时（且没有用 --port 指定）改用系统给的空闲端口。"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="实时预览：在浏览器里看报告，文件一保存就更新，问题标在报告里",
        description="在本机启动预览服务（只在 127.0.0.1 上）：页面显示将要发布的报告，数据文件、"
        "上年数据或模板一保存就更新；问题列在右边并标在报告里的相应位置，有错误时印“草稿”水印。"
        "按 Ctrl-C 停止。退出码：0 正常停止，1 无法启动，2 用法错误。",
    )
    parser.add_argument("file", metavar="数据文件", help="YAML 数据文件")
    parser.add_argument(
        "--port", "-p", type=int, default=None, metavar="端口",
        help=f"端口（默认 {DEFAULT_PORT}，被占用时自动换一个；0 表示由系统选）",
    )
    parser.add_argument("--open", action="store_true", help="启动后用默认浏览器打开预览页")
    parser.add_argument(
        "--templates", default=None, metavar="目录",
        help="中心自己的模板目录（同 gjjgen render --templates；优先于元数据“模板目录”）",
    )
    parser.add_argument(
        "--previous", "--上年数据", dest="previous", metavar="上年文件",
        help="上一年度的数据文件，用于跨年度核对（不给时用元数据“上年数据”）",
    )
    parser.set_defaults(run=run)


def _bind(session: object, port: int | None):
    """开服务；默认端口被占用时换一个空闲端口。端口不可用时返回 (None, 中文原因)。"""
    from ...serve.server import PreviewServer

    wanted = DEFAULT_PORT if port is None else port
    try:
        return PreviewServer(("127.0.0.1", wanted), session), ""  # type: ignore[arg-type]
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE and port is None:
            return PreviewServer(("127.0.0.1", 0), session), f"端口 {DEFAULT_PORT} 已被占用，改用"  # type: ignore[arg-type]
        reason = "已被占用" if exc.errno == errno.EADDRINUSE else (exc.strerror or str(exc))
        return None, f"端口 {wanted} 无法使用：{reason}；请用 --port 换一个（--port 0 由系统选）"


def _log(snapshot: Snapshot) -> None:
    """每生成一版在终端记一行：时间与问题的数目。"""
    sys.stdout.write(f"{time.strftime('%H:%M:%S')} 已更新：{snapshot.headline}\n")
    sys.stdout.flush()


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def run(args: argparse.Namespace) -> int:
    from ...serve.build import build
    from ...serve.session import Session
    from ...source.datafile import load_document

    source = Path(args.file)
    if not source.is_file():
        for problem in load_document(source).problems:  # 找不到、是文件夹……：与 validate 说法一致
            sys.stderr.write(problem.format() + "\n")
        return 1
    if args.port is not None and not 0 <= args.port <= 65535:
        sys.stderr.write(f"gjjgen serve: 用法错误：端口应在 0 到 65535 之间，而不是 {args.port} [SERVE-PORT]\n")
        return 2
    templates = Path(args.templates) if args.templates else None
    previous = Path(args.previous) if args.previous else None
    session = Session(source, lambda: build(source, templates, previous), _log)
    server, note = _bind(session, args.port)
    if server is None:
        sys.stderr.write(f"gjjgen serve: 错误：{note} [SERVE-PORT]\n")
        return 1
    out = sys.stdout
    out.write(f"{note}{'：' if note else ''}预览地址 {server.url}\n")
    out.write(f"正在预览 {source}；保存文件后页面自动更新。按 Ctrl-C 停止。\n")
    out.flush()
    session.start()
    if args.open:
        import webbrowser

        webbrowser.open(server.url)
    # Ctrl-C 与 kill（SIGTERM）都干净地停下；从脚本后台启动时 SIGINT 可能被忽略，这里接回来
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        out.write("已停止预览。\n")
    finally:
        session.stop()
        server.server_close()
    return 0
