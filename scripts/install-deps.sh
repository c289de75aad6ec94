#!/usr/bin/env bash
# Installs what PartnerDesk needs to build, run and test on Debian 12, idempotently.
#   scripts/install-deps.sh [--test] [--package]
#     --test     adds the test-only tools and the npm peer clients
#     --package  adds what scripts/package.sh needs to make and check the Debian package
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build_packages=(cmake ninja-build g++ ccache pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    linguist-qt6 qt6-svg-dev qt6-charts-dev libqt6opengl6-dev qt6-translations-l10n qt6-qpa-plugins qtkeychain-qt6-dev
    libsimdjson-dev libsqlite3-dev libgl1-mesa-dev fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji help2man gzip)
test_packages=(dbus dbus-x11 gnome-keyring libsecret-tools xvfb xauth x11-utils imagemagick
    awscli python3 clang clang-format libclang-rt-14-dev man-db)
package_packages=(dpkg-dev file lintian desktop-file-utils appstream)

test=0
package=0
for argument in "$@"; do
    case "$argument" in
        --test) test=1 ;;
        --package) package=1 ;;
        *) echo "install-deps: unknown option $argument" >&2; exit 2 ;;
    esac
done

want=("${build_packages[@]}")
[ "$package" -eq 0 ] || want+=("${package_packages[@]}")
if [ "$test" -eq 1 ]; then
    want+=("${test_packages[@]}")
    # Node.js may come from Debian or from another distribution of it that bundles npm (and
    # conflicts with Debian's npm package): only install Debian's when the commands are absent.
    command -v node >/dev/null 2>&1 || want+=(nodejs)
    command -v npm >/dev/null 2>&1 || want+=(npm)
fi

missing=()
for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "install-deps: installing ${missing[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -q
    $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [ "$test" -eq 1 ]; then
    # The official AWS SDK for JavaScript, pinned by tests/peers/package-lock.json.
    if ! [ -d tests/peers/node_modules/@aws-sdk/client-partnercentral-selling ] \
        || ! cmp -s tests/peers/package-lock.json tests/peers/node_modules/.pd-installed-lock 2>/dev/null; then
        (cd tests/peers && npm ci --no-audit --no-fund --loglevel=error \
            && cp package-lock.json node_modules/.pd-installed-lock)
    fi
fi
