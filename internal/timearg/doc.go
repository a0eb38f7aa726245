// Package timearg reads the times people give on the command line and in
// URLs (`--since 24h`, `--from -1h`, `to=now`, `2026-11-29 08:00`): the
// alarm journal's and the historian's commands and endpoints share it.
package timearg
