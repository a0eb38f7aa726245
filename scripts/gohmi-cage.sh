#!/bin/sh
# gohmi-cage.sh: runs `hmi run …` in cage, the Wayland kiosk compositor
# (through Xwayland), for scripts/gohmi-kiosk.service. Usage:
#
#   gohmi-cage.sh /usr/local/bin/hmi run PROJECT --kiosk …
#
# Why not `cage -- hmi …` alone:
# - cage 0.1.4 (Debian 12's) exits 0 whatever its application exited
#   with, so systemd could not tell a crash (status 3) from leaving kiosk
#   mode (0). This script exits with hmi's own status.
# - cage 0.1.4 aborts on SIGTERM (an assertion in wl_display_terminate),
#   and Xwayland's end then kills hmi (Xlib: "X connection broken", status
#   1) before it stops cleanly. On SIGTERM or SIGINT this script stops hmi
#   first (hmi then exits 0 and cage ends with its application), so the
#   unit has KillMode=mixed: systemd's SIGTERM reaches this script only.
#
# The status and pid files live in $RUNTIME_DIRECTORY (the unit's
# RuntimeDirectory=), else in a temporary directory.
set -u
dir=${RUNTIME_DIRECTORY:-}
if [ -z "$dir" ]; then
	dir=$(mktemp -d) || exit 1
	trap 'rm -rf "$dir"' EXIT
fi
GOHMI_PID=$dir/hmi.pid GOHMI_STATUS=$dir/hmi.status
export GOHMI_PID GOHMI_STATUS
rm -f "$GOHMI_PID" "$GOHMI_STATUS"
stop() {
	if [ -s "$GOHMI_PID" ]; then
		kill -TERM "$(cat "$GOHMI_PID")" 2>/dev/null
	else
		kill -TERM "$cage" 2>/dev/null # hmi not started yet
	fi
}
trap stop TERM INT
# -d: no client-side decorations. The inner shell runs hmi as its child,
# says its pid, and writes its exit status when it ends.
${CAGE:-cage} -d -- /bin/sh -c '"$@" & echo $! >"$GOHMI_PID"; wait $!; echo $? >"$GOHMI_STATUS"' gohmi "$@" &
cage=$!
code=0
while kill -0 "$cage" 2>/dev/null; do
	wait "$cage" # returns early on a signal (stop() ran): wait again
	code=$?
done
if [ -s "$GOHMI_STATUS" ]; then
	exit "$(cat "$GOHMI_STATUS")"
fi
echo "gohmi-cage.sh: cage ended (status $code) before hmi said how it ended" >&2
[ "$code" -ne 0 ] || code=1
exit "$code"
