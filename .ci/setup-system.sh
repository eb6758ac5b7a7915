#!/usr/bin/env bash
# 安装运行与测试所需的 Debian 软件包：中文字体、WeasyPrint 用的系统库、poppler 工具；
# 加 --with-browser 时还装 gjjgen serve 的浏览器测试用的无头 Chromium（只测试用，较大）。
#
# 可重复运行：全部已安装时不碰 apt，直接退出（热机器上不到一秒）。
# 以 root 运行；不是 root 时用 sudo（须免密码）。
set -euo pipefail

PACKAGES=(
  # 报告用字体（见 gjjgen/fonts/__init__.py 的角色说明）
  fonts-noto-cjk          # 小标宋→Noto Serif CJK SC Bold，黑体→Noto Sans CJK SC Bold，宋体→Noto Serif CJK SC
  fonts-arphic-uming      # 仿宋→AR PL UMing CN
  fonts-arphic-ukai       # 楷体→AR PL UKai CN
  fontconfig              # fc-list：按族名找字体文件
  # WeasyPrint 的系统库；libharfbuzz-subset0 让字体子集化走 HarfBuzz，而不是慢得多的 fontTools
  libpango-1.0-0
  libpangoft2-1.0-0
  libharfbuzz0b
  libharfbuzz-subset0
  # 测试用 pdffonts、pdftotext 检查 PDF
  poppler-utils
)
if [ "${1:-}" = "--with-browser" ]; then
  # tests/test_serve_browser.py 用 selenium 驱动系统的 Chromium（不另外下载浏览器）
  PACKAGES+=(chromium chromium-driver)
fi

missing=()
for package in "${PACKAGES[@]}"; do
  if ! dpkg -s "$package" 2>/dev/null | grep -q '^Status: install ok installed$'; then
    missing+=("$package")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "系统软件包已齐全。"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "错误：需要 root 权限安装以下软件包：${missing[*]}" >&2
  echo "请以 root 身份运行：apt-get install ${missing[*]}" >&2
  exit 1
fi

echo "正在安装系统软件包：${missing[*]}"
${as_root[@]+"${as_root[@]}"} apt-get update
${as_root[@]+"${as_root[@]}"} env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y --no-install-recommends "${missing[@]}"
