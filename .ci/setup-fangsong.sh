#!/usr/bin/env bash
# 正文（仿宋）用的字体 FandolFang（Fandol 字体组的仿宋，覆盖 GB 2312 全部 6763 个汉字）。
#
# Debian 没有只装它的软件包：它在 texlive-lang-chinese 里（连同中文 TeX 宏包，约 50 MB）。
# 这里用 apt-get download 取下这个软件包（apt 按签名的软件源核对它），只解出
# FandolFang-Regular.otf 与它的说明、许可，放进本机字体目录；不安装 TeX。
# 许可：GPL v3 加字体例外——字体嵌入 PDF 后，PDF 不因此受 GPL 约束。
#
# 可重复运行：fontconfig 已能找到这个字体时直接退出。root 装到 /usr/local/share/fonts，
# 否则装到当前用户的字体目录。
set -euo pipefail

FONT=FandolFang-Regular.otf
PACKAGE=texlive-lang-chinese
FONT_DIR=usr/share/texlive/texmf-dist/fonts/opentype/public/fandol
DOC_DIR=usr/share/doc/texlive-doc/fonts/fandol

if fc-list --format '%{file}\n' 2>/dev/null | grep -q "/$FONT\$"; then
  echo "仿宋字体 FandolFang 已安装。"
  exit 0
fi

apt_options=()
if [ "$(id -u)" -eq 0 ]; then
  dest=/usr/local/share/fonts/fandol
  as_root=()
  apt_options=(-o APT::Sandbox::User=root)  # 临时目录只有 root 可写
else
  dest="${XDG_DATA_HOME:-$HOME/.local/share}/fonts/fandol"
  as_root=(sudo -n)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
echo "正在取仿宋字体 FandolFang（Debian 软件包 $PACKAGE，只解出字体文件）"
if ! apt-get download -qq "${apt_options[@]}" "$PACKAGE" 2>/dev/null; then
  # 新机器上软件源列表可能还是空的
  ${as_root[@]+"${as_root[@]}"} apt-get update -qq
  apt-get download -qq "${apt_options[@]}" "$PACKAGE"
fi
deb=$(ls ./"${PACKAGE}"_*.deb)
mkdir extracted
dpkg-deb --fsys-tarfile "$deb" | tar -x -C extracted \
  "./$FONT_DIR/$FONT" "./$DOC_DIR/README" "./$DOC_DIR/COPYING.gz"
install -D -m 644 "extracted/$FONT_DIR/$FONT" "$dest/$FONT"
install -D -m 644 "extracted/$DOC_DIR/README" "$dest/README"
install -D -m 644 "extracted/$DOC_DIR/COPYING.gz" "$dest/COPYING.gz"
fc-cache -f "$dest" >/dev/null
echo "已安装：$dest/$FONT"
