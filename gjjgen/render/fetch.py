"""排 PDF 时取外部资源的规矩：只取 gjjgen 自己准备的字体，别的一概不取。

覆盖模板由各中心自己写，HTML 又交给 WeasyPrint 排版；WeasyPrint 默认会按 HTML 与样式表里的
地址去取东西：``@import url(http://…)`` 会连网，``content: url(file:///…)`` 会把本机的任意
文件嵌进 PDF，相对地址会按当前目录去找。年报不需要这些（三种格式只用同一份受限的 HTML），
所以这里的取件器只放行字体缓存目录里的字体文件（``file:`` 地址），其余一律拒绝：WeasyPrint
把拒绝当作“取不到”，照常排版，不会连网，也不会读盘。
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".woff", ".woff2")
"""放行的文件后缀。"""

class FontsOnlyFetcher(URLFetcher):
    """只取 ``root``（预备字体的缓存目录）里的字体文件。``refused`` 记下拒绝过的地址（测试用）。"""

    def __init__(self, root: Path) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.root = root.resolve()
        self.refused: list[str] = []

    def allows(self, url: str) -> bool:
        """``url`` 是不是缓存目录里（真实位置也在里面）的字体文件。"""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return False
        path = Path(url2pathname(unquote(parts.path)))
        if path.suffix.lower() not in FONT_SUFFIXES:
            return False
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return False
        return real.is_relative_to(self.root) and real.is_file()

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> object:
        if not self.allows(url):
            self.refused.append(url)
            raise ValueError(f"gjjgen 排 PDF 时只使用自己准备的字体，不取“{url[:200]}”")
        return super().fetch(url, headers)
