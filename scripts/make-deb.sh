#!/usr/bin/env bash
# Builds the Debian package of readiness with dpkg-deb: the binary and its shipped files under /usr, the
# systemd units, /etc/readiness/readiness.conf, and the maintainer scripts that make the readiness user and
# /var/lib/readiness (dist/debian/).
# Usage: [DEB_COMPRESS=gzip] scripts/make-deb.sh BINARY OUTPUT_FOLDER [VERSION]
set -euo pipefail
binary=$1 out=$2 version=${3:-}
here=$(cd "$(dirname "$0")/.." && pwd)
[ -x "$binary" ] || { echo "error: no binary at $binary: build it first" >&2; exit 1; }
if [ -z "$version" ]; then
    # 0.<commits>+g<hash>: grows with every commit, as dpkg compares versions.
    version="0.$(git -C "$here" rev-list --count HEAD 2>/dev/null || echo 0)+g$(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo local)"
fi
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
pkg="$stage/readiness"

"$here/scripts/install-files.sh" "$binary" /usr "$pkg" >/dev/null
# Without its symbol table, as Debian ships binaries (half the size; Swift's metadata stays).
strip "$pkg/usr/bin/readiness"
# The examples' real places in the package.
install -D -m 0644 "$here/dist/readiness.conf" "$pkg/etc/readiness/readiness.conf"
for unit in "$here"/dist/systemd/*; do
    install -D -m 0644 "$unit" "$pkg/lib/systemd/system/$(basename "$unit")"
done
rm -rf "$pkg/usr/share/readiness/systemd" "$pkg/usr/share/readiness/readiness.conf.example"
cat > "$pkg/usr/share/doc/readiness/copyright" <<'TEXT'
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: readiness
Files: *
Copyright: the readiness authors
License: see the project's repository
TEXT

# The shared libraries the binary needs, as Debian's packages provide them (dpkg-shlibdeps). Libraries no
# package provides (a debug build's Swift runtime, found through the toolchain's path) are left out.
shlibs=$(mktemp -d)
mkdir -p "$shlibs/debian"
printf 'Source: readiness\n\nPackage: readiness\nArchitecture: any\n' > "$shlibs/debian/control"
depends=$(cd "$shlibs" && dpkg-shlibdeps --ignore-missing-info -O -e "$pkg/usr/bin/readiness" 2>/dev/null \
    | sed -n 's/^shlibs:Depends=//p')
rm -rf "$shlibs"
[ -n "$depends" ] || depends="libc6"

install -d "$pkg/DEBIAN"
size=$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$(dpkg --print-architecture)/" -e "s/@DEPENDS@/$depends/" \
    -e "s/@SIZE@/$size/" "$here/dist/debian/control.in" > "$pkg/DEBIAN/control"
install -m 0644 "$here/dist/debian/conffiles" "$pkg/DEBIAN/conffiles"
for script in postinst prerm postrm; do install -m 0755 "$here/dist/debian/$script" "$pkg/DEBIAN/$script"; done

mkdir -p "$out"
deb="$out/readiness_${version}_$(dpkg --print-architecture).deb"
# xz as Debian's own packages; DEB_COMPRESS=gzip is quicker for a large debug build (the tests').
dpkg-deb --root-owner-group "-Z${DEB_COMPRESS:-xz}" --build "$pkg" "$deb" >/dev/null
echo "$deb"
