package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/gohmi/gohmi/internal/store"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestOpenPragmas(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "nested")
	db, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm&^0o750 != 0 {
		t.Errorf("data directory mode %o, want at most 0750", perm)
	}
	if db.Path() != filepath.Join(dir, store.FileName) {
		t.Errorf("Path() = %q", db.Path())
	}
	// Several connections: every one of the pool must carry the pragmas.
	ctx := context.Background()
	conns := make([]interface{ Close() error }, 0, 3)
	for range 3 {
		c, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		for _, tc := range []struct{ pragma, want string }{
			{"journal_mode", "wal"},
			{"synchronous", "2"}, // FULL
			{"busy_timeout", "5000"},
			{"foreign_keys", "1"},
			{"cache_size", fmt.Sprint(-store.CacheKiB)},
		} {
			var got string
			if err := c.QueryRowContext(ctx, "PRAGMA "+tc.pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("PRAGMA %s = %q, want %q", tc.pragma, got, tc.want)
			}
		}
	}
	for _, c := range conns {
		c.Close()
	}
}

// TestPoolKeepsOneIdle: after a burst that used several connections at
// once, a pool keeps one open (MaxIdle), so its page caches come back to
// one connection's.
func TestPoolKeepsOneIdle(t *testing.T) {
	dir := t.TempDir()
	w, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	r, err := store.OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		db   *store.DB
		n    int
	}{{"Open", w, 4}, {"OpenReadOnly", r, 2}} {
		t.Run(tc.name, func(t *testing.T) {
			conns := make([]interface{ Close() error }, 0, tc.n)
			for range tc.n {
				c, err := tc.db.Conn(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if err := c.PingContext(ctx); err != nil {
					t.Fatal(err)
				}
				conns = append(conns, c)
			}
			if got := tc.db.Stats().OpenConnections; got != tc.n {
				t.Fatalf("%d connections open in the burst, want %d", got, tc.n)
			}
			for _, c := range conns {
				c.Close()
			}
			if st := tc.db.Stats(); st.OpenConnections != store.MaxIdle || st.Idle != store.MaxIdle {
				t.Errorf("after the burst: %d open, %d idle; want %d", st.OpenConnections, st.Idle, store.MaxIdle)
			}
		})
	}
}

func TestOpenReadOnly(t *testing.T) {
	dir := t.TempDir()
	if _, err := store.OpenReadOnly(dir); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("OpenReadOnly of an empty dir: %v, want ErrNotFound", err)
	}
	if _, err := os.Stat(filepath.Join(dir, store.FileName)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("OpenReadOnly created the database: %v", err)
	}
	w, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	ctx := context.Background()
	if err := w.Migrate(ctx, "test", []string{`CREATE TABLE t (x INTEGER)`}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Exec(`INSERT INTO t VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	r, err := store.OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if !r.ReadOnly() || w.ReadOnly() {
		t.Errorf("ReadOnly: reader %v, writer %v", r.ReadOnly(), w.ReadOnly())
	}
	// The reader sees what the writer committed, also while the writer
	// holds a write transaction open (WAL).
	tx, err := w.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`INSERT INTO t VALUES (2)`); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := r.QueryRow(`SELECT count(*) FROM t`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("reader sees %d rows during the write, want 1", n)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := r.QueryRow(`SELECT count(*) FROM t`).Scan(&n); err != nil || n != 2 {
		t.Errorf("reader sees %d rows (%v) after the commit, want 2", n, err)
	}
	if _, err := r.Exec(`INSERT INTO t VALUES (3)`); err == nil {
		t.Error("a read-only connection wrote")
	}
	if err := r.Migrate(ctx, "test", nil); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("Migrate on a reader: %v", err)
	}
}

func TestMigrate(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	db, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, err := db.Version(ctx, "a"); err != nil || v != 0 {
		t.Fatalf("Version before any migration = %d, %v", v, err)
	}
	stepsA := []string{`CREATE TABLE a1 (x INTEGER)`, `CREATE TABLE a2 (x INTEGER); CREATE INDEX a2x ON a2 (x)`}
	stepsB := []string{`CREATE TABLE b1 (x INTEGER)`}
	for range 2 { // a second run is a no-op
		if err := db.Migrate(ctx, "a", stepsA); err != nil {
			t.Fatal(err)
		}
		if err := db.Migrate(ctx, "b", stepsB); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		component string
		want      int
	}{{"a", 2}, {"b", 1}, {"c", 0}} {
		if v, err := db.Version(ctx, tc.component); err != nil || v != tc.want {
			t.Errorf("Version(%q) = %d, %v; want %d", tc.component, v, err, tc.want)
		}
	}
	// A later program added a step: only it runs.
	if err := db.Migrate(ctx, "b", append(stepsB, `ALTER TABLE b1 ADD COLUMN y TEXT`)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO b1 (x, y) VALUES (1, 'y')`); err != nil {
		t.Fatal(err)
	}
	// An older program meets the newer schema: refused, naming the file.
	err = db.Migrate(ctx, "b", stepsB)
	if err == nil || !strings.Contains(err.Error(), "newer than this program") || !strings.Contains(err.Error(), db.Path()) {
		t.Errorf("Migrate with fewer steps: %v", err)
	}
	// A failing step leaves the version where it was.
	err = db.Migrate(ctx, "a", append(stepsA, `CREATE TABLE a3 (x INTEGER); THIS IS NOT SQL`))
	if err == nil || !strings.Contains(err.Error(), "version 3") {
		t.Errorf("Migrate with a bad step: %v", err)
	}
	if v, _ := db.Version(ctx, "a"); v != 2 {
		t.Errorf("Version after a failed step = %d, want 2", v)
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE name = 'a3'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("the failed step left table a3 behind (%d, %v)", n, err)
	}
}

func TestOpenBadFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, store.FileName), []byte(strings.Repeat("not a database ", 100)), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := store.Open(dir)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, store.FileName)) {
		t.Errorf("Open of a garbage file: %v, want an error naming the file", err)
	}
}

func TestLock(t *testing.T) {
	dir := t.TempDir()
	release, err := store.Lock(dir, "alarms")
	if err != nil {
		t.Fatal(err)
	}
	_, err = store.Lock(dir, "alarms")
	if !errors.Is(err, store.ErrLocked) || !strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), "pid") {
		t.Errorf("second Lock: %v, want ErrLocked naming the directory and the pid", err)
	}
	other, err := store.Lock(dir, "audit") // another name: another lock
	if err != nil {
		t.Fatal(err)
	}
	if err := other(); err != nil {
		t.Fatal(err)
	}
	if err := release(); err != nil {
		t.Fatal(err)
	}
	again, err := store.Lock(dir, "alarms")
	if err != nil {
		t.Fatalf("Lock after release: %v", err)
	}
	again()
}
