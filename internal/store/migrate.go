package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

const versionsTable = `CREATE TABLE IF NOT EXISTS schema_versions (
	component TEXT PRIMARY KEY,
	version   INTEGER NOT NULL
) STRICT`

// Version returns the schema version of component's tables: how many of its
// migration steps the database has had; 0 when none.
func (db *DB) Version(ctx context.Context, component string) (int, error) {
	var v int
	err := db.QueryRowContext(ctx, `SELECT version FROM schema_versions WHERE component = ?`, component).Scan(&v)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) || isNoTable(err) {
			return 0, nil
		}
		return 0, fmt.Errorf("store: schema version of %s: %w", component, err)
	}
	return v, nil
}

// Migrate brings component's tables up to date: steps[i] is the SQL (one
// or more statements) that takes the schema from version i to i+1. Steps
// already applied are skipped; each new step runs in its own transaction
// with the version's update, so a crash leaves a whole step or none.
// Steps are append-only: never edit one that has shipped, add another.
func (db *DB) Migrate(ctx context.Context, component string, steps []string) error {
	if db.readOnly {
		return fmt.Errorf("store: migrate %s: database opened read-only", component)
	}
	if _, err := db.ExecContext(ctx, versionsTable); err != nil {
		return fmt.Errorf("store: migrate %s: %w", component, err)
	}
	for {
		done, err := db.step(ctx, component, steps)
		if err != nil || done {
			return err
		}
	}
}

// step applies the next step of component, if any, and reports whether
// the schema was up to date.
func (db *DB) step(ctx context.Context, component string, steps []string) (done bool, err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("store: migrate %s: %w", component, err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	var v int
	err = tx.QueryRowContext(ctx, `SELECT version FROM schema_versions WHERE component = ?`, component).Scan(&v)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("store: migrate %s: %w", component, err)
	}
	switch {
	case v > len(steps):
		return false, fmt.Errorf("store: %s: %s schema version %d is newer than this program's %d", db.path, component, v, len(steps))
	case v == len(steps):
		return true, tx.Rollback()
	}
	if _, err = tx.ExecContext(ctx, steps[v]); err != nil {
		return false, fmt.Errorf("store: migrate %s to version %d: %w", component, v+1, err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO schema_versions (component, version) VALUES (?, ?)
		ON CONFLICT (component) DO UPDATE SET version = excluded.version`, component, v+1)
	if err != nil {
		return false, fmt.Errorf("store: migrate %s: %w", component, err)
	}
	if err = tx.Commit(); err != nil {
		return false, fmt.Errorf("store: migrate %s: %w", component, err)
	}
	return false, nil
}

// isNoTable reports whether err is SQLite's "no such table" (a reader
// opened a database no writer has migrated yet).
func isNoTable(err error) bool {
	return err != nil && strings.Contains(err.Error(), "no such table")
}
