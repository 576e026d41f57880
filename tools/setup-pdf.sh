#!/bin/sh
# Install what the PDF path needs on Debian/Ubuntu: LibreOffice Writer (headless) and Liberation Serif,
# the metric-compatible twin of Times New Roman. Does nothing when both are already there.
set -eu
if command -v soffice >/dev/null 2>&1 && fc-match -f '%{family}' 'Times New Roman' 2>/dev/null \
        | grep -q -e 'Liberation Serif' -e 'Times New Roman'; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "Cần LibreOffice và phông Liberation Serif (hoặc Times New Roman); máy này không có apt-get:" \
         "cài bằng tay từ https://www.libreoffice.org/download/." >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends libreoffice-writer-nogui fonts-liberation2 fontconfig
