"""测试公用的路径与小工具。"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
HULUDAO = EXAMPLES / "葫芦岛市住房公积金管理中心-2023.yaml"


@pytest.fixture
def huludao_text() -> str:
    return HULUDAO.read_text(encoding="utf-8")
