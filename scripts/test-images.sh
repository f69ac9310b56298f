#!/usr/bin/env bash
# Builds the tiny local images the container tests run (no registry is reachable here).
# tta-test/busybox: a static busybox with sh, sleep, httpd, nc, wget, cat and friends.
set -euo pipefail
image=${TTA_TEST_IMAGE:-tta-test/busybox:latest}
if docker image inspect "$image" >/dev/null 2>&1; then
  exit 0
fi
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/tmp" "$root/www" "$root/etc"
cp /bin/busybox "$root/bin/busybox"
for tool in sh sleep httpd nc wget cat echo ls env true false test mkdir rm printf kill ps hostname tail head grep touch date; do
  ln -s busybox "$root/bin/$tool"
done
echo "root:x:0:0:root:/:/bin/sh" > "$root/etc/passwd"
echo "tta test page" > "$root/www/index.html"
tar -C "$root" -c . | docker import -c 'ENV PATH=/bin' -c 'CMD ["sh"]' - "$image" >/dev/null
echo "[services] built $image"
