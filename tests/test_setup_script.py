"""``.ci/setup-system.sh``：别的安装占着软件包管理器的锁时等待重试，而不是失败。"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

SCRIPT = ROOT / ".ci" / "setup-system.sh"

FAKE_APT = """#!/bin/bash
count=$(cat "$COUNTER" 2>/dev/null || echo 0); count=$((count + 1)); echo "$count" > "$COUNTER"
if [ "$count" -lt 3 ]; then
  echo "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (apt-get)" >&2
  exit 100
fi
if [ "$FAIL_OTHERWISE" = 1 ]; then echo "E: Unable to locate package nope" >&2; exit 100; fi
echo "apt-get $*"
"""


def _apt_get_function() -> str:
    text = SCRIPT.read_text(encoding="utf-8")
    match = re.search(r"^apt_get\(\) \{\n.*?^\}\n", text, re.S | re.M)
    assert match, "setup-system.sh 里应有 apt_get 函数"
    return match.group(0)


def _run(tmp_path: Path, fail_otherwise: bool) -> subprocess.CompletedProcess[str]:
    if shutil.which("bash") is None:
        pytest.skip("没有 bash")
    fake = tmp_path / "bin" / "apt-get"
    fake.parent.mkdir()
    fake.write_text(FAKE_APT, encoding="utf-8")
    fake.chmod(0o755)
    script = "set -euo pipefail\nas_root=()\nsleep() { :; }\n" + _apt_get_function() + "apt_get update\n"
    env = {"PATH": f"{fake.parent}:/usr/bin:/bin", "COUNTER": str(tmp_path / "count"), "FAIL_OTHERWISE": "1" if fail_otherwise else "0"}
    return subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env, check=False)


def test_waits_for_the_lock_and_then_installs(tmp_path: Path) -> None:
    result = _run(tmp_path, fail_otherwise=False)
    assert result.returncode == 0, result.stderr
    assert "apt-get -o DPkg::Lock::Timeout=600 update" in result.stdout
    assert result.stderr.count("另一个安装程序正在使用软件包管理器") == 2


def test_other_failures_are_not_retried(tmp_path: Path) -> None:
    result = _run(tmp_path, fail_otherwise=True)
    assert result.returncode == 100
    assert "Unable to locate package" in result.stderr
    assert (tmp_path / "count").read_text().strip() == "3"
