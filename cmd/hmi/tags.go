package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/gohmi/gohmi/hmi"
)

// tagsCmd is `hmi tags PROJECT [--once] [--json]`: connect, read every tag,
// print name, value, quality with reason, and time.
func tagsCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("tags", flag.ContinueOnError)
	fs.SetOutput(stderr)
	once := fs.Bool("once", false, "read once and exit (default: keep reading every --every)")
	asJSON := fs.Bool("json", false, "print JSON")
	every := fs.Duration("every", 2*time.Second, "period between readings without --once")
	wait := fs.Duration("wait", 5*time.Second, "how long to wait for every tag's first value")
	if err := parseFlags(fs, args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: hmi tags PROJECT [--once] [--json]")
		return 2
	}
	p, err := hmi.Load(fs.Arg(0), kinds())
	if err != nil {
		printErrors(stderr, err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	opts := hmi.ProbeOptions{Logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})), Wait: *wait}
	if !*once {
		opts.Every = *every
	}
	err = hmi.ProbeTags(ctx, p, opts, func(rs []hmi.Reading) {
		if *asJSON {
			enc := json.NewEncoder(stdout)
			enc.SetIndent("", "  ")
			_ = enc.Encode(rs)
			return
		}
		tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tVALUE\tQUALITY\tTIME")
		for _, r := range rs {
			q := r.Quality
			if r.Reason != "" {
				q += " (" + r.Reason + ")"
			}
			v := "—"
			if r.Value != nil {
				v = fmt.Sprint(r.Value)
				if r.Unit != "" {
					v += " " + r.Unit
				}
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Name, v, q, r.Time.Format("15:04:05.000"))
		}
		_ = tw.Flush()
	})
	if err != nil {
		fmt.Fprintf(stderr, "hmi tags: %v\n", err)
		return 1
	}
	return 0
}
