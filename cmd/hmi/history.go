package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gohmi/gohmi/internal/store"
	"github.com/gohmi/gohmi/internal/timearg"
	"github.com/gohmi/gohmi/trends"
)

// historyCmd is `hmi history PROJECT [--data DIR] --tag A[,B] [--from T]
// [--to T] [--step D] [--csv | --json]`: recorded history, read-only beside
// a running runtime. Without --step it prints the stored points; with it,
// one row per step and tag: first, last, min and max of the step (M4).
func historyCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("history", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "", "data directory (default PROJECT/data)")
	tagList := fs.String("tag", "", "tags, comma separated")
	from := fs.String("from", "1h", "first time: now, a duration before now (1h, -1h, 7d) or a time (RFC 3339, or 2026-11-29 08:00 local)")
	to := fs.String("to", "now", "end time (exclusive), as --from")
	step := fs.Duration("step", 0, "reduce to one row per step (10s, 1m…); 0 prints the stored points")
	asCSV := fs.Bool("csv", false, "print CSV (the default)")
	asJSON := fs.Bool("json", false, "print one JSON object per line")
	if err := parseFlags(fs, args); err != nil {
		return 2
	}
	const use = "usage: hmi history PROJECT [--data DIR] --tag A[,B] [--from T] [--to T] [--step D] [--csv | --json]"
	if fs.NArg() != 1 || *tagList == "" || (*asCSV && *asJSON) {
		fmt.Fprintln(stderr, use)
		return 2
	}
	now := time.Now()
	t0, err := timearg.ParseTime(*from, now)
	if err == nil {
		var t1 time.Time
		if t1, err = timearg.ParseTime(*to, now); err == nil && !t0.Before(t1) {
			err = fmt.Errorf("--from %s is not before --to %s", t0.Format(time.RFC3339), t1.Format(time.RFC3339))
		}
		now = t1
	}
	if err != nil {
		fmt.Fprintf(stderr, "hmi history: %v\n", err)
		return 2
	}
	q := trends.Query{Tags: strings.Split(*tagList, ","), From: t0, To: now}
	if *step < 0 {
		fmt.Fprintln(stderr, "hmi history: --step must not be negative")
		return 2
	}
	if *step > 0 {
		n := int64(now.Sub(t0) / *step)
		if now.Sub(t0)%*step != 0 {
			n++
		}
		if n > 8192 {
			fmt.Fprintf(stderr, "hmi history: --step %s gives %d rows per tag; at most 8192 (take a longer step)\n", *step, n)
			return 2
		}
		q.Width = int(n)
	}
	project := fs.Arg(0)
	if fi, err := os.Stat(project); err != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, "hmi history: %s: not a project directory\n", project)
		return 1
	}
	if *data == "" {
		*data = filepath.Join(project, "data")
	}
	r, err := trends.OpenReader(*data)
	if errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(stderr, "hmi history: no history in %s (no runtime has recorded there; see --data)\n", *data)
		return 1
	}
	if err != nil {
		fmt.Fprintf(stderr, "hmi history: %v\n", err)
		return 1
	}
	defer r.Close()
	out := historyWriter(stdout, *asJSON, q.Width > 0)
	ctx := context.Background()
	if q.Width > 0 {
		series, unc, err := r.QueryUncertain(ctx, q)
		if err != nil {
			fmt.Fprintf(stderr, "hmi history: %v\n", err)
			return 1
		}
		for i, s := range series {
			for j, c := range s.Columns {
				if c.N > 0 {
					out.column(s.Tag, c, unc[i].Columns[j])
				}
			}
		}
		return out.end(stderr)
	}
	for _, tag := range q.Tags {
		samples, err := r.Samples(ctx, tag, q.From, q.To, 0)
		if err != nil {
			fmt.Fprintf(stderr, "hmi history: %s: %v\n", tag, err)
			return 1
		}
		for _, s := range samples {
			out.sample(tag, s)
		}
	}
	return out.end(stderr)
}

// historyOut writes rows as CSV or as JSON lines.
type historyOut struct {
	csv *csv.Writer
	enc *json.Encoder
}

func historyWriter(w io.Writer, asJSON, columns bool) *historyOut {
	if asJSON {
		return &historyOut{enc: json.NewEncoder(w)}
	}
	o := &historyOut{csv: csv.NewWriter(w)}
	if columns {
		_ = o.csv.Write([]string{"from", "tag", "first", "last", "min", "max", "n", "uncertain"})
	} else {
		_ = o.csv.Write([]string{"time", "tag", "value", "quality"})
	}
	return o
}

func (o *historyOut) sample(tag string, s trends.Sample) {
	q := "good"
	switch {
	case !s.Good:
		q = "bad"
	case s.Uncertain:
		q = "uncertain"
	}
	if o.enc != nil {
		row := map[string]any{"time": s.T.UTC().Format(time.RFC3339Nano), "tag": tag, "quality": q}
		if s.Good {
			row["value"] = s.V
		}
		_ = o.enc.Encode(row)
		return
	}
	v := ""
	if s.Good {
		v = strconv.FormatFloat(s.V, 'g', -1, 64)
	}
	_ = o.csv.Write([]string{s.T.UTC().Format(time.RFC3339Nano), tag, v, q})
}

// column writes one step of a tag; uncertain: a sample in it was of
// Uncertain quality.
func (o *historyOut) column(tag string, c trends.Column, uncertain bool) {
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	if o.enc != nil {
		_ = o.enc.Encode(map[string]any{"from": c.From.UTC().Format(time.RFC3339Nano), "tag": tag,
			"first": c.First.V, "last": c.Last.V, "min": c.Min.V, "max": c.Max.V, "n": c.N, "uncertain": uncertain})
		return
	}
	_ = o.csv.Write([]string{c.From.UTC().Format(time.RFC3339Nano), tag, f(c.First.V), f(c.Last.V), f(c.Min.V), f(c.Max.V), strconv.Itoa(c.N), strconv.FormatBool(uncertain)})
}

// end flushes what is buffered; a write error (a closed pipe) is the exit code.
func (o *historyOut) end(stderr io.Writer) int {
	if o.csv != nil {
		o.csv.Flush()
		if err := o.csv.Error(); err != nil {
			fmt.Fprintf(stderr, "hmi history: %v\n", err)
			return 1
		}
	}
	return 0
}
