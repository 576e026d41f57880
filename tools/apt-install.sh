#!/bin/sh
# Shared by the setup scripts: apt_install "what is missing, in Vietnamese" PACKAGE… installs Debian packages
# (with sudo when not root), or says what to install by hand on a machine without apt-get.
apt_install() {
    missing=$1
    shift
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "Cần $missing; máy này không có apt-get: cài bằng tay." >&2
        exit 1
    fi
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -q
    $SUDO apt-get install -y -q --no-install-recommends "$@"
}
