#!/bin/sh
# Install what the PDF path and the workbook tests need on Debian/Ubuntu: LibreOffice Writer and Calc
# (headless) and Liberation Serif, the metric-compatible twin of Times New Roman. Does nothing when they
# are already there (a full LibreOffice with its GUI counts too).
set -eu
PROGRAM=/usr/lib/libreoffice/program
if command -v soffice >/dev/null 2>&1 && [ -e "$PROGRAM/libswlo.so" ] && [ -e "$PROGRAM/libsclo.so" ] \
        && fc-match -f '%{family}' 'Times New Roman' 2>/dev/null | grep -q -e 'Liberation Serif' -e 'Times New Roman'; then
    exit 0
fi
. "$(dirname "$0")/apt-install.sh"
apt_install "LibreOffice (Writer, Calc) và phông Liberation Serif (hoặc Times New Roman), tải tại https://www.libreoffice.org/download/" \
    libreoffice-writer-nogui libreoffice-calc-nogui fonts-liberation2 fontconfig
