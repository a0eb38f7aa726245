package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver, pure Go
)

// FileName is the database's name inside the data directory.
const FileName = "gohmi.db"

// BusyTimeout is how long a connection waits for another one's lock before
// an operation fails with SQLITE_BUSY.
const BusyTimeout = 5 * time.Second

// ErrNotFound is returned by [OpenReadOnly] when the data directory holds no
// database yet (no runtime has written there).
var ErrNotFound = errors.New("no database")

// DB is the data directory's database. It embeds the *sql.DB pool; use its
// methods for queries and transactions.
type DB struct {
	*sql.DB
	path     string
	readOnly bool
}

// CacheKiB is the most page cache a connection keeps, in KiB (SQLite's
// default is 2,000): the historian's queries read thousands of rows, and
// with the default most of their pages came through pread again. 16 MiB
// holds the blocks of a million points stored at the worst case (raw
// doubles, 7.6 MB): BenchmarkQuery1M/raw-float/all, A/B in one run on a
// loaded machine (load 9–10), took 9.6–10.6 ms of CPU a query with 32 MiB,
// 11.3–12.6 with 8 MiB, and 16 MiB was as fast as 32 within the noise.
// It was 32 MiB. The cache lives outside the Go heap, in the resident
// memory a panel budgets (README, Memory), and grows with what queries
// read: see MaxIdle.
const CacheKiB = 16 << 10

// MaxIdle is how many connections a pool keeps open between uses: one,
// so that a pool's page caches come to one connection's when it is
// quiet, whatever bursts opened more (up to 4; the data directory has
// three pools: history, alarm journal, audit trail).
const MaxIdle = 1

// Path returns the database file of the data directory dir.
func Path(dir string) string { return filepath.Join(dir, FileName) }

// Open opens (creating when needed) the database of the data directory dir,
// creating dir with mode 0o750 first. The pool is small: SQLite has one
// writer at a time, and each connection costs a page cache.
func Open(dir string) (*DB, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("store: data directory: %w", err)
	}
	path := Path(dir)
	q := url.Values{}
	q.Set("_busy_timeout", fmt.Sprint(BusyTimeout.Milliseconds()))
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL")
	q.Set("_foreign_keys", "1")
	q.Set("_txlock", "immediate")
	db, err := open(path, q, false)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(MaxIdle)
	return db, nil
}

// OpenReadOnly opens the database of the data directory dir for reading
// only, while a runtime may be writing it. It returns an error wrapping
// [ErrNotFound] when there is no database in dir.
func OpenReadOnly(dir string) (*DB, error) {
	path := Path(dir)
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("store: %s: %w", path, ErrNotFound)
		}
		return nil, fmt.Errorf("store: %w", err)
	}
	q := url.Values{}
	q.Set("mode", "ro")
	q.Set("_busy_timeout", fmt.Sprint(BusyTimeout.Milliseconds()))
	q.Set("_query_only", "1")
	db, err := open(path, q, true)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(2)
	db.SetMaxIdleConns(MaxIdle)
	return db, nil
}

func open(path string, q url.Values, readOnly bool) (*DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	// An absolute URI path: "file:/C:/..." on Windows.
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	// A page cache that holds the pages queries read again (see CacheKiB).
	q.Add("_pragma", fmt.Sprintf("cache_size(-%d)", CacheKiB))
	u := url.URL{Scheme: "file", OmitHost: true, Path: p, RawQuery: q.Encode()}
	sdb, err := sql.Open("sqlite", u.String())
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	// Connect now, so that a bad file or a pragma that cannot apply fails
	// here, with the path, and not at the first query.
	ctx, cancel := context.WithTimeout(context.Background(), BusyTimeout+time.Second)
	defer cancel()
	if err := sdb.PingContext(ctx); err != nil {
		_ = sdb.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return &DB{DB: sdb, path: path, readOnly: readOnly}, nil
}

// Path returns the database file's path.
func (db *DB) Path() string { return db.path }

// ReadOnly reports whether db was opened by [OpenReadOnly].
func (db *DB) ReadOnly() bool { return db.readOnly }
