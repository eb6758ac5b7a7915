"""预览的状态与文件监视：文件一改就重新生成，等着的页面随即拿到新的一版。

为什么用轮询文件的状态而不用系统的文件通知：要看的只有几个文件（数据文件、上年数据、模板
目录里的文件），每 25 毫秒 ``stat`` 一遍几乎不花时间；而编辑器保存的方式五花八门（原地改写、
写临时文件再改名、先删后建），轮询对它们一视同仁，文件被删了再建也照样接上，也不必多一个依赖。

最后一次保存为准：生成期间文件又变了，生成完立刻再来一遍；只保留最新的一版与上一份好的
HTML，保存多少次内存都不增长。
"""

from __future__ import annotations

import hashlib
import os
import secrets
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..source.datafile import MAX_BYTES
from .build import Snapshot, build

POLL_SECONDS = 0.025
"""两次查看文件状态的间隔。"""

MAX_RETRIES = 5
"""生成期间文件又变了（编辑器常分几次写完一个文件，或连着保存）就丢掉这一版重来，最多
这么多次；之后照样给出最新的一版，免得一直在写的文件让页面永远不更新。"""

Signature = tuple[tuple[str, Any], ...]


def signature(files: tuple[Path, ...]) -> Signature:
    """各文件的修改时间、大小、inode 与内容摘要；不存在的文件记为 None（删了、又建了都看得出）。

    要摘要是因为文件时间只精确到内核的一个时钟周期：同一周期里连存两次、长度又相同时，
    只看时间与大小会漏掉第二次。这几个文件都只有几十 KB，每次读一遍花不了多少。
    """
    out: list[tuple[str, tuple[int, int, int, bytes] | None]] = []
    for path in files:
        try:
            info = os.stat(path)
            small = info.st_size <= MAX_BYTES  # 过大的文件反正读不进来，不必每次都读
            digest = hashlib.blake2b(Path(path).read_bytes(), digest_size=16).digest() if small else b""
            out.append((str(path), (info.st_mtime_ns, info.st_size, info.st_ino, digest)))
        except OSError:
            out.append((str(path), None))
    return tuple(out)


class Session:
    """一个数据文件的预览。``version`` 每生成一次加一；``html_version`` 在有新 HTML 时加一。"""

    def __init__(
        self,
        source: Path,
        builder: Callable[[], Snapshot] | None = None,
        on_update: Callable[[Snapshot], None] | None = None,
    ) -> None:
        self.source = source
        self._builder = builder or (lambda: build(source))
        self._on_update = on_update
        """每生成一版之后调用（命令行用它在终端里记一行）。"""
        self._lock = threading.Condition()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.version = 0
        self.html_version = 0
        self.snapshot: Snapshot | None = None
        self.html: str | None = None
        """最近一份生成成功的 HTML（数据读不懂时页面仍显示它）。"""
        self._seen: Signature = ()
        self.token = secrets.token_hex(8)
        """这次启动的标识：服务重启后版本号从头算，页面凭它知道要整份重新载入。"""

    # -- 生成 --------------------------------------------------------------

    def _files(self) -> tuple[Path, ...]:
        return self.snapshot.files if self.snapshot else (self.source,)

    def refresh(self) -> None:
        """生成一次并通知等着的页面。生成期间文件又变了就重来：半个文件不会闪现成错误。"""
        for _attempt in range(MAX_RETRIES):
            before = signature(self._files())
            snapshot = self._builder()
            if signature(self._files()) == before:
                break
        with self._lock:
            self._seen = before if snapshot.files == self._files() else signature(snapshot.files)
            self.snapshot = snapshot
            if snapshot.html is not None and snapshot.html != self.html:
                self.html = snapshot.html
                self.html_version += 1
            self.version += 1
            self._lock.notify_all()
        if self._on_update is not None:
            self._on_update(snapshot)

    def changed(self) -> bool:
        return signature(self._files()) != self._seen

    def _watch(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            if self.changed():
                self.refresh()

    def start(self) -> None:
        """先生成第一版，再在后台线程里盯着文件。"""
        self.refresh()
        self._thread = threading.Thread(target=self._watch, name="gjjgen-serve-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """停止监视，放走所有等着的请求。"""
        self._stop.set()
        with self._lock:
            self._lock.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=2)

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    # -- 给页面 ------------------------------------------------------------

    def state(self, since: int, timeout: float) -> dict[str, Any]:
        """版本与 ``since`` 不同时立即返回（页面可能来自重启之前），否则最多等 ``timeout`` 秒
        （长轮询）。"""
        with self._lock:
            self._lock.wait_for(lambda: self.version != since or self._stop.is_set(), timeout=timeout)
            snapshot = self.snapshot
            payload: dict[str, Any] = snapshot.payload(self.version, self.html_version) if snapshot else {"version": 0}
            payload["html"] = self.html
            payload["file"] = self.source.name
            payload["session"] = self.token
            return payload
