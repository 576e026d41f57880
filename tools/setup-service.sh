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
. "$(dirname "$0")/apt-install.sh"
apt_install "Chromium, chromedriver, redis-server, poppler-utils (pdftoppm) và python3-uno" \
    chromium chromium-driver redis-server redis-tools poppler-utils python3-uno
