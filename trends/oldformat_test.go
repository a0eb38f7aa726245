package trends_test

import (
	"compress/gzip"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/gohmi/gohmi/trends"
)

// TestReadsFormatV1 opens testdata/v1/gohmi.db, written by the historian
// before blocks had version 2 (commit f728eb2: sealed blocks in integer
// and XOR mode with chunks, ticks of 1 s and 1.337 s, Bad runs, and open
// blocks left in flush rows), and checks that every point comes back as
// it was stored (want.json.gz, what that code's Samples returned) and
// that queries match the brute force: through a Reader before the
// historian touched it, through the Historian (which seals the flush
// rows into blocks of the current format), and after recording more.
func TestReadsFormatV1(t *testing.T) {
	dir := t.TempDir()
	raw, err := os.ReadFile("testdata/v1/gohmi.db")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "gohmi.db"), raw, 0o644); err != nil {
		t.Fatal(err)
	}
	want := readWant(t, "testdata/v1/want.json.gz")
	names := []string{"Int", "Float", "Ms"}
	qs := randomQueries(rand.New(rand.NewPCG(7, 7)), names, t0, 4000*1337/1000)
	r, err := trends.OpenReader(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, n := range names {
		if got := all(t, r, n); !reflect.DeepEqual(got, want[n]) {
			t.Fatalf("reader, %s: %d points, want %d (or they differ)", n, len(got), len(want[n]))
		}
	}
	checkQueries(t, "v1 reader", r, want, qs)
	h := open(t, dir, trends.Options{})
	for _, n := range names {
		if got := all(t, h, n); !reflect.DeepEqual(got, want[n]) {
			t.Fatalf("historian, %s: %d points, want %d (or they differ)", n, len(got), len(want[n]))
		}
	}
	checkQueries(t, "v1 historian", h, want, qs)
	checkQueries(t, "v1 reader after recovery", r, want, qs)
}

func readWant(t *testing.T, path string) map[string][]trends.Sample {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var want map[string][]trends.Sample
	if err := json.NewDecoder(z).Decode(&want); err != nil {
		t.Fatal(err)
	}
	return want
}
