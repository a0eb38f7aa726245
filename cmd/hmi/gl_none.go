//go:build !cgo

package main

import (
	"context"
	"errors"

	"github.com/gohmi/gohmi/hmi"
)

// haveGL says this build has Fyne's GL window: a CGO_ENABLED=0 build (a
// panel's static binary) has the raster backend only.
const haveGL = false

func runWindow(context.Context, *hmi.Project, hmi.Options, kioskFlags) error {
	return errors.New("this hmi was built without cgo and has no GL window: use --backend raster")
}
