package main

import (
	"errors"
	"flag"
	"fmt"
	"image/png"
	"io"
	"os"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/hmi"
)

func checkCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	users := fs.String("users", "", "users file (default: the project's users.yaml, if any)")
	if err := parseFlags(fs, args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: hmi check PROJECT [--users FILE]")
		return 2
	}
	p, err := hmi.LoadWith(fs.Arg(0), kinds(), hmi.LoadOptions{Users: *users})
	err = p.CheckFiles(err)
	if len(p.Warnings) > 0 {
		printErrors(stderr, p.Warnings) // warnings alone do not fail the check
	}
	if err != nil {
		printErrors(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "%s: ok (%d screens, %d tags, %d widgets, %d alarms)\n", fs.Arg(0), len(p.Screens), len(p.Tags), widgetCount(p), len(p.Alarms))
	return 0
}

func snapshotCmd(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("snapshot", flag.ContinueOnError)
	fs.SetOutput(stderr)
	screen := fs.String("screen", "", "screen to paint (default: the start screen)")
	out := fs.String("out", "", "PNG file to write")
	size := fs.String("size", "", "picture size WxH (default: the screen's design size)")
	fixture := fs.String("fixture", "", "fixture file or name in the project's fixtures/")
	theme := fs.String("theme", "", "@theme of the style sheets (default: the project's)")
	if err := parseFlags(fs, args); err != nil {
		return 2
	}
	if fs.NArg() != 1 || *out == "" {
		fmt.Fprintln(stderr, "usage: hmi snapshot PROJECT --screen NAME --out FILE.png [--size WxH] [--fixture FILE] [--theme NAME]")
		return 2
	}
	opts := hmi.SnapshotOptions{Screen: *screen, Fixture: *fixture, Theme: *theme}
	if *size != "" {
		s, err := gopage.ParseSize(*size)
		if err != nil {
			fmt.Fprintf(stderr, "hmi snapshot: --size: %v\n", err)
			return 2
		}
		opts.Size = fyne.NewSize(float32(s.W), float32(s.H))
	}
	p, err := hmi.Load(fs.Arg(0), kinds())
	if err != nil {
		printErrors(stderr, err)
		return 1
	}
	img, err := hmi.Snapshot(p, opts)
	if err != nil {
		printErrors(stderr, err)
		return 1
	}
	f, err := os.Create(*out)
	if err == nil {
		err = png.Encode(f, img)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "hmi snapshot: %v\n", err)
		return 1
	}
	return 0
}

// parseFlags lets flags come after positional arguments too
// (`hmi run screens/demo --headless`), as the README shows them.
func parseFlags(fs *flag.FlagSet, args []string) error {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	return fs.Parse(append([]string{"--"}, pos...))
}

func printErrors(w io.Writer, err error) {
	var list gopage.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			fmt.Fprintln(w, e)
		}
		return
	}
	fmt.Fprintln(w, err)
}

func widgetCount(p *hmi.Project) int {
	n := 0
	for _, s := range p.Screens {
		s.Page.Walk(func(*gopage.Node) bool { n++; return true })
	}
	return n
}
