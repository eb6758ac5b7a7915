"""gjjgen serve 在真的浏览器里（无头 Chromium，由 selenium 驱动系统自带的 chromedriver）。

场景：打开预览页；在磁盘上改数据文件的一格，2 秒内看到新的数和那一格上的勾稽错误；点面板
里的问题，看到数据文件的那一行并标出列；改回来，标记消失；把 YAML 写坏，看到提示与变灰的
上一版预览；截图留作测试产物（pytest 的临时目录里）。最后 Ctrl-C，服务干净地退出。

浏览器由 setup.sh 安装（Debian 的 chromium、chromium-driver）；缺了就失败并说明怎么装，
不悄悄跳过。
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import HULUDAO
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
NEW_CASES = "  本年新收: [0, 0, 0, 0, 0, 0, 0]"
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1400,1000",
)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen]]:
    data = tmp_path / "报告.yaml"
    shutil.copyfile(HULUDAO, data)
    process = subprocess.Popen(
        [sys.executable, "-m", "gjjgen", "serve", str(data), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
    )
    try:
        first = process.stdout.readline()  # type: ignore[union-attr]
        assert "预览地址 http://127.0.0.1:" in first, first + process.stderr.read()  # type: ignore[union-attr]
        yield first.split("预览地址 ", 1)[1].strip(), data, process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not os.access(p, os.X_OK)]
    assert not missing, f"没有找到 {missing}：请运行 ./setup.sh（安装 Debian 的 chromium 与 chromium-driver）"
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _in_report(driver: webdriver.Chrome, script: str):  # type: ignore[no-untyped-def]
    """在预览框里的报告文档上运行一段脚本（``doc`` 是报告的 document）。"""
    return driver.execute_script(
        "const doc = document.getElementById('preview').contentDocument; " + script
    )


def _rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


ERROR_CELLS = "return Array.from(doc.querySelectorAll('td.gj-error')).map(td => td.textContent);"


def test_live_preview_in_chromium(server, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url, data, process = server
    browser.get(url)
    WebDriverWait(browser, 30).until(
        lambda d: _in_report(d, "return doc.querySelectorAll('table.stat td[data-gj]').length") > 50
    )
    assert browser.find_element(By.ID, "status").text == "可以发布"
    assert _in_report(browser, ERROR_CELLS) == []
    browser.execute_script("document.getElementById('preview').contentWindow.scrollTo(0, 900)")

    # 改一格：新的数出现，这一格标出勾稽错误（2 秒内）
    _rewrite(data, NEW_CASES, "  本年新收: [7, 0, 0, 0, 0, 0, 7]")
    WebDriverWait(browser, 2, poll_frequency=0.05).until(lambda d: "7" in _in_report(d, ERROR_CELLS))
    assert browser.find_element(By.ID, "status").text == "草稿"
    assert _in_report(browser, "return doc.querySelector('.draft-mark') !== null")
    assert _in_report(browser, "return doc.defaultView.scrollY") == 900  # 就地更新，没有回到页首
    problem = next(
        li for li in browser.find_elements(By.CSS_SELECTOR, "#problems li") if "T3-COL-BAL" in li.text
    )
    browser.execute_script("document.getElementById('preview').contentWindow.scrollTo(0, 0)")
    problem.click()
    in_view = (
        "const node = doc.querySelector('.gj-focus'); const box = node && node.getBoundingClientRect(); "
        "return !!node && node.textContent === '7' && box.top >= 0 && box.bottom <= doc.defaultView.innerHeight;"
    )
    assert _in_report(browser, in_view)  # 翻到了问题所在的格
    source = browser.find_element(By.ID, "source")
    assert source.is_displayed() and "本年新收" in source.text
    assert browser.find_element(By.CSS_SELECTOR, "#source-line mark.col").text == "7"  # 列指向改了的那个数
    browser.save_screenshot(str(tmp_path / "serve-problem.png"))

    # 改回来：标记消失
    _rewrite(data, "  本年新收: [7, 0, 0, 0, 0, 0, 7]", NEW_CASES)
    WebDriverWait(browser, 2, poll_frequency=0.05).until(lambda d: _in_report(d, ERROR_CELLS) == [])
    assert browser.find_element(By.ID, "status").text == "可以发布"
    assert not _in_report(browser, "return doc.querySelector('.draft-mark') !== null")

    # 把 YAML 写坏：上方出提示，上一版预览变灰但还在
    _rewrite(data, NEW_CASES, "  本年新收: [0, 0, 0")
    banner = browser.find_element(By.ID, "banner")
    WebDriverWait(browser, 2, poll_frequency=0.05).until(lambda d: banner.is_displayed())
    assert "数据文件读不懂" in banner.text and "[YAML-" in banner.text
    assert _in_report(browser, "return doc.documentElement.classList.contains('gj-stale')")
    assert _in_report(browser, "return doc.querySelectorAll('table.stat').length") >= 3
    assert _in_report(browser, "return getComputedStyle(doc.body).filter") != "none"
    browser.save_screenshot(str(tmp_path / "serve-broken.png"))
    assert (tmp_path / "serve-problem.png").stat().st_size > 10_000

    # Ctrl-C：干净地停下
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=15)
    assert process.returncode == 0, err
    assert "已停止预览" in out and "Traceback" not in err
    assert "已更新：草稿：共 2 个错误" in out  # 终端里每生成一版记一行
