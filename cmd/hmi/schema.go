package main

import (
	"fmt"
	"io"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/hmi/auth"
)

// schemaOf prints the JSON Schema of one kind of project file: screen
// (.gopage, the default), project (hmi.yaml), alarms (alarms/*.yaml) or
// users (users.yaml).
func schemaOf(args []string, stdout, stderr io.Writer) int {
	which := "screen"
	if len(args) > 0 {
		which = args[0]
	}
	switch {
	case len(args) > 1:
	case which == "screen":
		_, _ = stdout.Write(gopage.Schema())
		return 0
	case which == "project":
		_, _ = stdout.Write(hmi.ProjectSchema(kinds()))
		return 0
	case which == "alarms":
		_, _ = stdout.Write(alarms.Schema())
		return 0
	case which == "users":
		_, _ = stdout.Write(auth.Schema())
		return 0
	}
	fmt.Fprintln(stderr, "usage: hmi schema [screen|project|alarms|users]")
	return 2
}
