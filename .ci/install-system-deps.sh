#!/usr/bin/env bash
# Install the Debian packages the tests need (Debian 12, as root), idempotently.
#
# - dovecot-imapd, dovecot-lmtpd, postfix, openssl: the real mail servers that
#   tests/support/mail-servers.ts runs privately per test (own config, temp dir,
#   127.0.0.1 high ports). The harness needs no /etc changes: it runs Postfix
#   with `postfix -c <tempdir>` (allowed for root without
#   alternate_config_directories) and Dovecot with `dovecot -c <tempdir>/...`.
# - dnsmasq-base: the DNS server server-discovery tests run on 127.0.0.1
#   (tests/support/discovery-servers.ts; the binary only, no system service).
# - chromium: the browser the end-to-end tests drive.
# - ca-certificates: TLS roots for npm.
#
# Postfix is preseeded to "No configuration", so apt neither prompts nor
# writes a live /etc/postfix/main.cf. Any system-wide dovecot/postfix that apt
# started is stopped afterwards: they would only hold ports 25/143/993.
set -euo pipefail

PACKAGES=(dovecot-imapd dovecot-lmtpd postfix openssl dnsmasq-base chromium ca-certificates)

log() { printf '[install-system-deps] %s\n' "$*"; }

if [ "$(id -u)" -ne 0 ]; then
  echo "install-system-deps.sh must run as root (it uses apt-get)" >&2
  exit 1
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  log "all packages already installed: ${PACKAGES[*]}"
else
  log "installing: ${missing[*]}"
  echo 'postfix postfix/main_mailer_type select No configuration' | debconf-set-selections
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends "${missing[@]}"
  log "installed: ${missing[*]}"
fi

# The system-wide daemons must not run: tests start private instances.
if [ -f /run/dovecot/master.pid ] && kill -0 "$(cat /run/dovecot/master.pid)" 2>/dev/null; then
  log "stopping system-wide dovecot"
  service dovecot stop >/dev/null 2>&1 || doveadm stop >/dev/null 2>&1 || true
else
  log "system-wide dovecot is not running"
fi
if [ -f /etc/postfix/main.cf ] && postfix status >/dev/null 2>&1; then
  log "stopping system-wide postfix"
  service postfix stop >/dev/null 2>&1 || postfix stop >/dev/null 2>&1 || true
else
  log "system-wide postfix is not running"
fi

log "versions: dovecot $(dovecot --version 2>/dev/null | cut -d' ' -f1), $(postconf -d mail_version 2>/dev/null || echo 'postfix ?'), $(openssl version)"
log "no /etc changes needed by the mail-server harness"
