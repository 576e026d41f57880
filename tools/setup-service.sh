#!/bin/sh
# Install what the service's tests need on Debian/Ubuntu, besides LibreOffice (tools/setup-libreoffice.sh):
# Chromium and its chromedriver (the page driven in a real browser), redis-server (the scale-out test) and
# poppler-utils (pdftoppm: the first-page preview) and python3-uno (the workers' resident LibreOffice,
# driven from Debian's own python3). Does nothing when they are already there.
set -eu
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 \
        && command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 \
        && command -v pdftoppm >/dev/null 2>&1 && /usr/bin/python3 -c "import uno" >/dev/null 2>&1; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "Cần Chromium, chromedriver, redis-server, poppler-utils (pdftoppm) và python3-uno; máy này không có apt-get:" \
         "cài bằng tay." >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium chromium-driver redis-server redis-tools poppler-utils \
    python3-uno
