#!/bin/sh
# Install the Debian packages listed in tests/deps.txt that are not installed
# yet.  Runs `apt-get update` once, only when something is missing; never
# reads stdin.  Usage: tests/install-deps.sh [DEPS-FILE]
set -eu

here=$(cd "$(dirname "$0")" && pwd)
list=${1:-$here/deps.txt}

missing=
for pkg in $(sed -e 's/#.*//' "$list"); do
	st=$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)
	case $st in
	ii*) ;;
	*) missing="$missing $pkg" ;;
	esac
done

[ -z "$missing" ] && exit 0

echo "install-deps: missing:$missing"
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO="sudo -n"
	else
		echo "install-deps: not root and no sudo; install:$missing" >&2
		exit 1
	fi
else
	SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q </dev/null
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing </dev/null
