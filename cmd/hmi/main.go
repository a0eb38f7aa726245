// Command hmi runs, checks and snapshots gohmi projects.
//
//	hmi run [PROJECT] [--headless] [--status-addr 127.0.0.1:PORT] [--watch notify|poll|off] [--kiosk] [--hide-pointer]
//	hmi check PROJECT [--users FILE]
//	hmi snapshot PROJECT --screen NAME --out FILE.png [--size WxH] [--fixture FILE] [--theme NAME]
//	hmi schema [screen|project|alarms|users]
//	hmi passwd [--pin]
//	hmi tags PROJECT [--once] [--json]
//	hmi journal PROJECT [--data DIR] [--since 24h] [--until T] [--alarm NAME] [--json]
//	hmi alarms report PROJECT [--data DIR] [--since 24h] [--json]
//	hmi audit PROJECT [--data DIR] [--since 24h] [--until T] [--user U] [--action A] [--json] [--verify [--key FILE]]
package main

import (
	"fmt"
	"io"
	"os"

	// Before Fyne reads the locale: a quiet English for "C.UTF-8".
	_ "github.com/gohmi/gohmi/cmd/hmi/internal/fynelocale"
)

const usage = `usage:
  hmi run [PROJECT] [--headless] [--status-addr 127.0.0.1:PORT] [--watch notify|poll|off] [--data DIR] [--kiosk]
                                                                    open a project (default screens/demo); hmi run -h: exit statuses
  hmi check PROJECT [--users FILE]                                  validate every file, print every error
  hmi snapshot PROJECT --screen NAME --out FILE.png [--size WxH] [--fixture FILE] [--theme NAME]
  hmi schema [screen|project|alarms|users]                          print the JSON Schema of .gopage files, hmi.yaml, alarms/*.yaml or users.yaml
  hmi passwd [--pin]                                                read a password (or PIN) twice, print its Argon2id hash line for users.yaml
  hmi tags PROJECT [--once] [--json]                                connect and print every tag: value, quality, time
  hmi journal PROJECT [--data DIR] [--since 24h] [--until T] [--alarm NAME] [--json]   print the alarm journal, newest first
  hmi alarms report PROJECT [--data DIR] [--since 24h] [--json]     alarm performance beside the ISA-18.2 targets
  hmi audit PROJECT [--data DIR] [--since 24h] [--user U] [--action A] [--json] [--verify [--key FILE]]   who did what; --verify checks the chain
  hmi history PROJECT [--data DIR] --tag A[,B] [--from -1h] [--to now] [--step D] [--csv | --json]   recorded history
  hmi browse ENDPOINT [--node ID] [--policy P --mode M] [--user U --password P]   list an OPC UA server's nodes
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "run":
		return runCmd(rest, stderr)
	case "check":
		return checkCmd(rest, stdout, stderr)
	case "snapshot":
		return snapshotCmd(rest, stderr)
	case "schema":
		return schemaOf(rest, stdout, stderr)
	case "tags":
		return tagsCmd(rest, stdout, stderr)
	case "journal":
		return journalCmd(rest, stdout, stderr)
	case "audit":
		return auditCmd(rest, stdout, stderr)
	case "history":
		return historyCmd(rest, stdout, stderr)
	case "alarms":
		return alarmsCmd(rest, stdout, stderr)
	case "browse":
		return browseCmd(rest, stdout, stderr)
	case "passwd":
		return passwdCmd(rest, os.Stdin, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "hmi: unknown command %q\n%s", cmd, usage)
	return 2
}
