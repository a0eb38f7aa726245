package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"

	"github.com/gohmi/gohmi/hmi/audit"
	"github.com/gohmi/gohmi/internal/store"
)

const auditUsage = "usage: hmi audit PROJECT [--data DIR] [--since 24h] [--until T] [--user U] [--action A] [--json] [--verify [--key FILE]]"

// auditCmd is `hmi audit PROJECT [--data DIR] [--since 24h] [--until T]
// [--user U] [--action A] [--json] [--verify [--key FILE]]`: the audit
// trail's records, newest first, or with --verify the check of its hash
// chain, and with --key of a keyed trail's MACs (exit 1 when it names a
// bad row). Read-only beside a running runtime: no lock.
func auditCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "", "data directory (default PROJECT/data)")
	since := fs.String("since", "24h", "first time: a duration before now (24h, 7d) or a time (RFC 3339, or 2026-11-29 08:00 local)")
	until := fs.String("until", "now", "end time (exclusive), as --since")
	user := fs.String("user", "", "only records of this user")
	action := fs.String("action", "", "only this action ("+actionList()+")")
	asJSON := fs.Bool("json", false, "print one JSON object per line")
	check := fs.Bool("verify", false, "verify the whole hash chain instead: ok, or the first altered, removed or reordered row (exit 1)")
	keyFile := fs.String("key", "", "with --verify: the trail's key file, to check its MACs too")
	if err := parseFlags(fs, args); err != nil {
		return 2
	}
	if *keyFile != "" && !*check {
		fmt.Fprintln(stderr, "hmi audit: --key goes with --verify")
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, auditUsage)
		return 2
	}
	f := audit.Filter{Actor: *user, Action: audit.Action(*action)}
	var err error
	if f.Since, f.Until, err = timeRange(*since, *until, time.Now()); err != nil {
		fmt.Fprintf(stderr, "hmi audit: %v\n", err)
		return 2
	}
	if *action != "" && !slices.Contains(audit.Actions(), f.Action) {
		fmt.Fprintf(stderr, "hmi audit: --action %q: want one of %s\n", *action, actionList())
		return 2
	}
	r, code := openAudit(fs.Arg(0), *data, stderr)
	if r == nil {
		return code
	}
	defer r.Close()
	if *check {
		var key []byte
		if *keyFile != "" {
			if key, err = audit.LoadKey(*keyFile); err != nil {
				fmt.Fprintf(stderr, "hmi audit: %v\n", err)
				return 1
			}
		}
		return verifyAudit(r, key, *asJSON, stdout, stderr)
	}
	write := printAuditTable
	if *asJSON {
		write = printAuditJSON
	}
	if err := eachRecord(r, f, write(stdout)); err != nil {
		fmt.Fprintf(stderr, "hmi audit: %v\n", err)
		return 1
	}
	return 0
}

func actionList() string {
	var names []string
	for _, a := range audit.Actions() {
		names = append(names, string(a))
	}
	return strings.Join(names, ", ")
}

// openAudit opens the project's audit trail read-only; on failure it has
// printed why and returns the exit code.
func openAudit(project, data string, stderr io.Writer) (*audit.Reader, int) {
	if fi, err := os.Stat(project); err != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, "hmi audit: %s: not a project directory\n", project)
		return nil, 1
	}
	if data == "" {
		data = filepath.Join(project, "data")
	}
	r, err := audit.OpenReader(data)
	if errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(stderr, "hmi audit: no audit trail in %s (no runtime has audited there; see --data)\n", data)
		return nil, 1
	}
	if err != nil {
		fmt.Fprintf(stderr, "hmi audit: %v\n", err)
		return nil, 1
	}
	return r, 0
}

// verifyAudit prints "ok: N rows …" and returns 0, or names the first bad
// row and returns 1. With a key it checks the MACs too.
func verifyAudit(r *audit.Reader, key []byte, asJSON bool, stdout, stderr io.Writer) int {
	verify := r.Verify
	if key != nil {
		verify = func(ctx context.Context) (audit.Result, error) { return r.VerifyKey(ctx, key) }
	}
	res, err := verify(context.Background())
	if err != nil {
		fmt.Fprintf(stderr, "hmi audit: %v\n", err)
		return 1
	}
	if asJSON {
		if err := json.NewEncoder(stdout).Encode(jsonResult(res)); err != nil {
			fmt.Fprintf(stderr, "hmi audit: %v\n", err)
			return 1
		}
	} else if res.OK() {
		fmt.Fprintf(stdout, "ok: %d rows%s, head Seq %d %s%s\n", res.Rows, seqRange(res), res.Head, res.HeadHash, keyNote(res))
	} else {
		fmt.Fprintf(stdout, "FAILED: %s\n%d rows intact before it%s\n", res.Problem, res.Rows, seqRange(res))
	}
	if !res.OK() {
		return 1
	}
	return 0
}

func seqRange(res audit.Result) string {
	s := ""
	if res.Rows > 0 {
		s = fmt.Sprintf(" (Seq %d to %d)", res.First, res.Last)
	}
	if res.Anchor > 0 {
		s += fmt.Sprintf(", after the pruned Seq %d", res.Anchor)
	}
	return s
}

// keyNote says whether a keyed trail's MACs were checked.
func keyNote(res audit.Result) string {
	switch {
	case res.Keyed:
		return fmt.Sprintf("; MACs checked with key id %s (keyed from Seq %d)", res.KeyID, res.KeyedFrom)
	case res.KeyID != "":
		return fmt.Sprintf("; MACs not checked: the trail is keyed (key id %s), pass --key FILE", res.KeyID)
	}
	return ""
}

// jsonVerify is `hmi audit --verify --json`.
type jsonVerify struct {
	OK       bool   `json:"ok"`
	Rows     int64  `json:"rows"`
	First    uint64 `json:"first"`
	Last     uint64 `json:"last"`
	Anchor   uint64 `json:"anchor"`
	Head     uint64 `json:"head"`
	HeadHash string `json:"head_hash"`
	KeyID    string `json:"key_id,omitempty"` // the trail's key id when it is keyed
	Keyed    bool   `json:"macs_checked"`
	BadSeq   uint64 `json:"bad_seq,omitempty"`
	Problem  string `json:"problem,omitempty"` // altered, removed, reordered
	Message  string `json:"message,omitempty"`
}

func jsonResult(res audit.Result) jsonVerify {
	j := jsonVerify{OK: res.OK(), Rows: res.Rows, First: res.First, Last: res.Last, Anchor: res.Anchor,
		Head: res.Head, HeadHash: res.HeadHash, KeyID: res.KeyID, Keyed: res.Keyed}
	if p := res.Problem; p != nil {
		j.BadSeq, j.Problem, j.Message = p.Seq, p.Kind.String(), p.Msg
	}
	return j
}

// eachRecord pages through f's records, newest first, by Seq, so that
// records the runtime commits meanwhile shift no page.
func eachRecord(r *audit.Reader, f audit.Filter, write func([]audit.Record) error) error {
	f.Limit = audit.MaxLimit
	for {
		recs, err := r.Query(context.Background(), f)
		if err != nil {
			return err
		}
		if err := write(recs); err != nil {
			return err
		}
		if len(recs) < f.Limit {
			return nil
		}
		f.Before = recs[len(recs)-1].Seq
	}
}

// jsonRecord is one line of `hmi audit --json`.
type jsonRecord struct {
	Seq    uint64    `json:"seq"`
	Time   time.Time `json:"time"`
	User   string    `json:"user"`
	Role   string    `json:"role"`
	Where  string    `json:"where"`
	Host   string    `json:"host"`
	Action string    `json:"action"`
	Target string    `json:"target"`
	Old    string    `json:"old"`
	New    string    `json:"new"`
	Detail string    `json:"detail"`
	Hash   string    `json:"hash"`
}

func printAuditJSON(w io.Writer) func([]audit.Record) error {
	enc := json.NewEncoder(w)
	return func(recs []audit.Record) error {
		for _, r := range recs {
			err := enc.Encode(jsonRecord{Seq: r.Seq, Time: r.Time.UTC(), User: r.Actor, Role: r.Role,
				Where: string(r.Where), Host: r.Host, Action: string(r.Action), Target: r.Target,
				Old: r.Old, New: r.New, Detail: r.Detail, Hash: r.Hash})
			if err != nil {
				return err
			}
		}
		return nil
	}
}

func printAuditTable(w io.Writer) func([]audit.Record) error {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	header := false
	return func(recs []audit.Record) error {
		if !header {
			fmt.Fprintln(tw, "TIME\tSEQ\tUSER\tROLE\tWHERE\tACTION\tTARGET\tOLD → NEW\tDETAIL")
			header = true
		}
		for _, r := range recs {
			where := strings.TrimSpace(string(r.Where) + " " + r.Host)
			change := ""
			if r.Old != "" || r.New != "" {
				change = cell(safe(r.Old)) + " → " + cell(safe(r.New))
			}
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Time.Local().Format("2006-01-02 15:04:05.000"),
				r.Seq, cell(safe(r.Actor)), cell(safe(r.Role)), cell(safe(where)), safe(string(r.Action)),
				cell(safe(r.Target)), cell(change), cell(safe(r.Detail)))
		}
		return tw.Flush()
	}
}

// safe keeps a table cell on one line and shows control and bidi
// characters as U+FFFD: a user name or a value chosen by whoever wrote it
// must not move the terminal's cursor or reorder the text around it.
func safe(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return '\uFFFD'
		}
		return r
	}, oneLine(s))
}
