"""测试公用的路径与小工具。"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
HULUDAO = EXAMPLES / "葫芦岛市住房公积金管理中心-2023.yaml"


@pytest.fixture
def huludao_text() -> str:
    return HULUDAO.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def rendered_example(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """示例文件名 → 生成的 HTML、DOCX、PDF 所在目录；每份示例整个测试过程只生成一次。"""
    from gjjgen.cli import main

    cache: dict[str, Path] = {}

    def get(example: str) -> Path:
        if example not in cache:
            out = tmp_path_factory.mktemp("rendered")
            assert main(["render", str(EXAMPLES / example), "-o", str(out)]) == 0
            cache[example] = out
        return cache[example]

    return get
