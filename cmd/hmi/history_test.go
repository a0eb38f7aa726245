package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/trends"
)

// TestHistoryCLI: `hmi history` prints what a historian recorded in the
// data directory, as CSV, as JSON lines, and reduced to steps.
func TestHistoryCLI(t *testing.T) {
	project, data := t.TempDir(), t.TempDir()
	h, err := trends.Open(data, trends.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h.Configure(map[string]trends.Setting{"T.A": {Tag: "T.A"}})
	t0 := time.Now().Add(-30 * time.Minute).Truncate(time.Second)
	for i := range 10 {
		q := tags.Good
		if i == 5 {
			q = tags.Uncertain // a substituted or stale value: shown, marked
		}
		h.Record([]tags.Update{{Name: "T.A", Value: tags.Value{V: float64(i * i), Quality: q, Time: t0.Add(time.Duration(i) * time.Minute)}}})
	}
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	runHist := func(args ...string) (string, string, int) {
		var out, errb bytes.Buffer
		code := run(append([]string{"history", project, "--data", data}, args...), &out, &errb)
		return out.String(), errb.String(), code
	}
	out, errs, code := runHist("--tag", "T.A", "--from", "-1h")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if lines[0] != "time,tag,value,quality" || len(lines) < 3 || !strings.HasSuffix(lines[len(lines)-1], ",T.A,81,good") ||
		!strings.Contains(out, ",T.A,25,uncertain\n") || strings.Count(out, "uncertain") != 1 {
		t.Errorf("CSV:\n%s", out)
	}
	out, _, _ = runHist("--tag", "T.A", "--from", "-1h", "--step", "10m")
	if !strings.HasPrefix(out, "from,tag,first,last,min,max,n,uncertain\n") || strings.Count(out, ",true\n") != 1 {
		t.Errorf("steps as CSV, one of them Uncertain:\n%s", out)
	}
	out, _, code = runHist("--tag", "T.A", "--from", "-1h", "--step", "10m", "--json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	maxSeen, uncertain := 0.0, 0
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var row struct {
			Tag       string  `json:"tag"`
			Min       float64 `json:"min"`
			Max       float64 `json:"max"`
			N         int     `json:"n"`
			Uncertain bool    `json:"uncertain"`
		}
		if err := json.Unmarshal([]byte(l), &row); err != nil || row.Tag != "T.A" || row.N == 0 {
			t.Fatalf("JSON line %q: %v", l, err)
		}
		maxSeen = max(maxSeen, row.Max)
		if row.Uncertain {
			uncertain++
			if row.Min > 25 || row.Max < 25 {
				t.Errorf("JSON line %q: Uncertain without the Uncertain 25", l)
			}
		}
	}
	if uncertain != 1 {
		t.Errorf("%d steps Uncertain, want 1:\n%s", uncertain, out)
	}
	if maxSeen != 81 {
		t.Errorf("steps reach %v, want 81:\n%s", maxSeen, out)
	}
	for _, bad := range [][]string{{"--from", "yesterday", "--tag", "T.A"}, {"--step", "1ms", "--tag", "T.A"}, {}} {
		if _, errs, code := runHist(bad...); code != 2 || errs == "" {
			t.Errorf("%v: exit %d, stderr %q", bad, code, errs)
		}
	}
}
