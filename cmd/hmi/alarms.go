package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// alarmsCmd is `hmi alarms report PROJECT [--data DIR] [--since 24h]
// [--until T] [--json]`: the ISA-18.2 alarm performance from the journal.
func alarmsCmd(args []string, stdout, stderr io.Writer) int {
	const usage = "usage: hmi alarms report PROJECT [--data DIR] [--since 24h] [--until T] [--json]"
	if len(args) == 0 || args[0] != "report" {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	fs := flag.NewFlagSet("alarms report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "", "data directory (default PROJECT/data)")
	since := fs.String("since", "24h", "start: a duration before now (24h, 30d) or a time (RFC 3339, or 2026-11-29 08:00 local)")
	until := fs.String("until", "now", "end (exclusive), as --since")
	asJSON := fs.Bool("json", false, "print the report as one JSON object")
	if err := parseFlags(fs, args[1:]); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	from, to, err := timeRange(*since, *until, time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "hmi alarms report: %v\n", err)
		return 2
	}
	r, code := openJournal("alarms report", fs.Arg(0), *data, stderr)
	if r == nil {
		return code
	}
	defer r.Close()
	rep, err := r.Report(context.Background(), from, to)
	if err != nil {
		fmt.Fprintf(stderr, "hmi alarms report: %v\n", err)
		return 1
	}
	if *asJSON {
		if err := json.NewEncoder(stdout).Encode(rep); err != nil {
			fmt.Fprintf(stderr, "hmi alarms report: %v\n", err)
			return 1
		}
		return 0
	}
	const layout = "2006-01-02 15:04"
	fmt.Fprintf(stdout, "Alarm performance %s – %s: %d activations, %d windows of 10 min\n\n",
		rep.Since.Local().Format(layout), rep.Until.Local().Format(layout), rep.Activations, rep.Windows)
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "METRIC\tVALUE\tISA-18.2 TARGET\tVERDICT")
	for _, k := range rep.KPIs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", k.Name, k.Value, k.Target, k.Verdict)
	}
	_ = tw.Flush()
	section := func(title string, rows []string) {
		if len(rows) > 0 {
			fmt.Fprintf(stdout, "\n%s:\n  %s\n", title, strings.Join(rows, "\n  "))
		}
	}
	var top, chatter, stale []string
	for _, c := range rep.Top {
		top = append(top, fmt.Sprintf("%6d  %s", c.Count, c.Alarm))
	}
	for _, c := range rep.Chattering {
		chatter = append(chatter, fmt.Sprintf("%6d  %s", c.Count, c.Alarm))
	}
	for _, s := range rep.Stale {
		stale = append(stale, fmt.Sprintf("%s  active since %s", s.Alarm, s.ActiveSince.Local().Format(layout)))
	}
	section("Top 10 most frequent", top)
	section("Chattering", chatter)
	section("Stale", stale)
	if rep.PeakPerWindow > 0 {
		fmt.Fprintf(stdout, "\nPeak: %d activations in the 10 minutes from %s\n", rep.PeakPerWindow, rep.PeakAt.Local().Format(layout))
	}
	return 0
}
