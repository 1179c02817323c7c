#!/bin/sh
# Makes the file tree that the container image adds to the pakt binary:
# the data directory owned by pakt's user (65532), a /tmp for everyone,
# the user in /etc/passwd, and the CA certificates that single sign-on,
# webhooks and the mail server's TLS are checked against. The Dockerfile
# runs it in its build stage; the tests run it to try the image's layout.
set -eu
root=${1:?usage: rootfs.sh DIR}
mkdir -p "$root/data" "$root/tmp" "$root/etc/ssl/certs"
chmod 1777 "$root/tmp"
chmod 0750 "$root/data"
printf 'root:x:0:0:root:/:/sbin/nologin\npakt:x:65532:65532:pakt:/data:/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\npakt:x:65532:\n' >"$root/etc/group"
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
fi
chown 65532:65532 "$root/data" 2>/dev/null || true
