#!/bin/sh
# The lab Active Directory (a Samba AD DC on 127.0.0.1) for tests, e2e and the CLI.
# All the work is in lab-dc.mjs, next to this file; its header documents the interface:
#   scripts/lab-dc.sh ensure   install if missing, provision once, start, wait for LDAPS (fast when already up)
#   scripts/lab-dc.sh env      one JSON document: url, caFile, serverName, bindDn, passwordFile, baseDn, ...
#   scripts/lab-dc.sh status   JSON {state: running|stopped|not-provisioned, ...}; exit 0 only when running
#   scripts/lab-dc.sh stop     stop the DC (exit 0 when it was not running)
exec node "$(dirname "$0")/lab-dc.mjs" "$@"
