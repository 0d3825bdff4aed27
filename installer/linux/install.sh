#!/bin/sh
# Installs Fengwang from this unpacked folder: for this user (~/.local/opt/fengwang), or for
# everyone when run as root (/opt/fengwang). Running it again upgrades in place. The data (database,
# backups) lives in ~/.local/share/Fengwang and is never touched, not even by --uninstall.
#
#   sh install.sh                 install or upgrade
#   sh install.sh --uninstall     remove the program and its launcher, keep the data
#   sh install.sh --user          for this user even when run as root
#   sh install.sh --prefix DIR    install into DIR (launcher and command links as usual)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
everyone=false
[ "$(id -u)" = 0 ] && everyone=true
for argument in "$@"; do
    [ "$argument" = --user ] && everyone=false
done
if [ "$everyone" = true ]; then
    prefix=/opt/fengwang
    apps=/usr/share/applications
    bin=/usr/local/bin
else
    prefix="$HOME/.local/opt/fengwang"
    apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
    bin="$HOME/.local/bin"
fi
action=install
while [ $# -gt 0 ]; do
    case "$1" in
        --uninstall) action=uninstall ;;
        --user) ;;
        --prefix) prefix="$2"; shift ;;
        *) echo "用法：sh install.sh [--uninstall] [--user] [--prefix 目录]" >&2; exit 2 ;;
    esac
    shift
done

if [ "$action" = uninstall ]; then
    rm -rf "$prefix"
    rm -f "$apps/fengwang.desktop" "$bin/fengwang" "$bin/fengwang-cli"
    echo "已卸载枫网程序；数据仍在 ~/.local/share/Fengwang"
    exit 0
fi

if [ ! -x "$here/fengwang" ] || [ ! -d "$here/_internal" ]; then
    echo "请在解压后的枫网文件夹里运行 install.sh" >&2
    exit 2
fi
# Copied beside the old program first, then swapped, so that a failed copy leaves it working.
mkdir -p "$(dirname "$prefix")" "$apps" "$bin"
rm -rf "$prefix.new"
mkdir -p "$prefix.new"
cp -R "$here/fengwang" "$here/fengwang-cli" "$here/_internal" "$prefix.new/"
rm -rf "$prefix.old"
if [ -e "$prefix" ]; then mv "$prefix" "$prefix.old"; fi
mv "$prefix.new" "$prefix"
rm -rf "$prefix.old"
sed "s|@PREFIX@|$prefix|g" "$here/fengwang.desktop" > "$apps/fengwang.desktop"
ln -sf "$prefix/fengwang" "$bin/fengwang"
ln -sf "$prefix/fengwang-cli" "$bin/fengwang-cli"
echo "已安装枫网到 $prefix；在应用菜单“办公”中可找到“枫网”"
