"""旧版 Word（.doc）、WPS 文件经 LibreOffice（无界面运行）转成 DOCX 再读。

转换在一个临时目录里进行（连同 LibreOffice 的用户配置，免得与正在运行的 LibreOffice 抢锁），
无论成败都整个删掉。没有安装 LibreOffice 时给出带代码的说明。
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT = 180


class ConvertError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(data: bytes, suffix: str) -> bytes:
    """用 LibreOffice 把 ``data``（.doc/.wps 等）转成 DOCX 的内容。"""
    program = soffice()
    if program is None:
        raise ConvertError(
            "IMPORT-NEEDS-LIBREOFFICE",
            "这是旧版 Word/WPS 文件，需要 LibreOffice 转换后才能读；请安装 LibreOffice（Debian/Ubuntu：apt-get install libreoffice-writer），或在 Word/WPS 里另存为 .docx",
        )
    with tempfile.TemporaryDirectory(prefix="gjjgen-import-") as tmp:
        work = Path(tmp)
        source = work / f"source{suffix or '.doc'}"
        source.write_bytes(data)
        command = [program, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--convert-to", "docx", "--outdir", str(work / "out"), str(source)]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired as exc:
            raise ConvertError("IMPORT-CONVERT", f"LibreOffice 转换超过 {TIMEOUT} 秒没有完成") from exc
        result = work / "out" / "source.docx"
        if not result.is_file():
            raise ConvertError("IMPORT-CONVERT", "LibreOffice 没能转换这个文件（文件可能已损坏或加了密码）")
        return result.read_bytes()
