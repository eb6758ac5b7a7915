#!/usr/bin/env bash
# 一次完成 gjjgen 的全部安装：系统包（中文字体、poppler、WeasyPrint 所需的库、测试用的 Chromium）、
# .venv 中的 Python 依赖（以可编辑方式安装本项目及测试工具）、PDF 字体缓存。
# 重复运行是安全的：已装好的部分会很快跳过。
set -euo pipefail
cd "$(dirname "$0")"

# 测试要用无头 Chromium（gjjgen serve 的浏览器测试）；只生成报告的机器可以设
# GJJGEN_NO_BROWSER=1 跳过它
if [ "${GJJGEN_NO_BROWSER:-}" = 1 ]; then
  bash .ci/setup-system.sh
else
  bash .ci/setup-system.sh --with-browser
fi

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
  # Debian 的系统 Python 把 venv 拆在单独的包里
  echo "==> 安装 python3-venv"
  if [ "$(id -u)" -eq 0 ]; then as_root=(); else as_root=(sudo -n); fi
  ${as_root[@]+"${as_root[@]}"} apt-get update -qq
  ${as_root[@]+"${as_root[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-venv
fi
if [ ! -x .venv/bin/python ]; then
  echo "==> 创建虚拟环境 .venv"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.gjjgen-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "==> 安装 Python 依赖"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
  touch "$stamp"
fi

echo "==> 准备 PDF 字体缓存"
.venv/bin/python -m gjjgen.fonts
echo "==> 安装完成：.venv/bin/gjjgen --help"
