#!/usr/bin/env bash
# Checks the Debian package made by scripts/package.sh without installing it: lintian reports no
# error, the control fields and the file list are the expected ones (modes and owners included),
# and the programs run from the unpacked package.
#   tests/package_check.sh <partnerdesk_<version>_<arch>.deb>
set -euo pipefail
deb=$1
fail() {
    echo "package_check: $*" >&2
    exit 1
}

version=$(dpkg-deb -f "$deb" Version)
architecture=$(dpkg --print-architecture)
[ "$(basename "$deb")" = "partnerdesk_${version}_${architecture}.deb" ] ||
    fail "$(basename "$deb") is not named partnerdesk_${version}_${architecture}.deb"
[ "$(dpkg-deb -f "$deb" Package)" = partnerdesk ] || fail "the package is not called partnerdesk"
for field in Maintainer Section Homepage Description Depends; do
    [ -n "$(dpkg-deb -f "$deb" "$field")" ] || fail "no $field field"
done
# Depends comes from dpkg-shlibdeps: the Qt libraries must be among them.
for library in libqt6core6 libqt6gui6 libqt6widgets6 libqt6network6 libqt6keychain1; do
    dpkg-deb -f "$deb" Depends | grep -qE "(^|, )$library( |,|$)" || fail "Depends lacks $library"
done

lintian --fail-on error --no-tag-display-limit "$deb" || fail "lintian reports errors"

id=io.github.partnerdesk.PartnerDesk
expected="-rwxr-xr-x root/root ./usr/bin/partnerdesk
-rwxr-xr-x root/root ./usr/bin/partnerdesk-cli
-rwxr-xr-x root/root ./usr/bin/partnerdesk-emulator
-rw-r--r-- root/root ./usr/share/applications/$id.desktop
-rw-r--r-- root/root ./usr/share/bash-completion/completions/partnerdesk-cli
-rw-r--r-- root/root ./usr/share/doc/partnerdesk/changelog.gz
-rw-r--r-- root/root ./usr/share/doc/partnerdesk/copyright
-rw-r--r-- root/root ./usr/share/icons/hicolor/scalable/apps/partnerdesk.svg
-rw-r--r-- root/root ./usr/share/man/man1/partnerdesk-cli.1.gz
-rw-r--r-- root/root ./usr/share/man/man1/partnerdesk-emulator.1.gz
-rw-r--r-- root/root ./usr/share/man/man1/partnerdesk.1.gz
-rw-r--r-- root/root ./usr/share/metainfo/$id.metainfo.xml"
contents=$(dpkg-deb -c "$deb")
files=$(awk '$1 !~ /^d/ { print $1, $2, $6 }' <<<"$contents" | sort)
[ "$files" = "$(sort <<<"$expected")" ] ||
    fail "unexpected files:$(diff <(sort <<<"$expected") <(echo "$files") | sed -n 's/^[<>]/\n  &/p')"
directories=$(awk '$1 ~ /^d/ && ($1 != "drwxr-xr-x" || $2 != "root/root") { print }' <<<"$contents")
[ -z "$directories" ] || fail "directories not drwxr-xr-x root/root: $directories"

unpacked=$(mktemp -d)
trap 'rm -rf "$unpacked"' EXIT
dpkg-deb -x "$deb" "$unpacked"
# run PROGRAM ARGUMENT...: the unpacked program, with no library path and no display.
run() {
    local program=$1
    shift
    env -u LD_LIBRARY_PATH -u QT_PLUGIN_PATH -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM \
        HOME="$unpacked/home" XDG_CONFIG_HOME="$unpacked/home/config" \
        "$unpacked/usr/bin/$program" "$@"
}
run partnerdesk-cli --version | grep -q "^partnerdesk-cli/$version " || fail "partnerdesk-cli --version"
run partnerdesk --version | grep -qx "PartnerDesk $version" || fail "partnerdesk --version"
run partnerdesk-emulator --version | grep -qx "partnerdesk-emulator $version" ||
    fail "partnerdesk-emulator --version"
rows=$(run partnerdesk-cli list-opportunities --demo --catalog AWS --max-items 5 --output csv \
    2>/dev/null | wc -l)
[ "$rows" -eq 6 ] || fail "the demo listing of the unpacked partnerdesk-cli has $rows lines, not 6"
echo "package_check: $(basename "$deb") passes (lintian, fields, $(wc -l <<<"$files") files, programs)"
