// Package store opens the runtime's one SQLite database, DIR/gohmi.db in
// the data directory (by default the project's data/, ignored by git),
// through modernc.org/sqlite: pure Go, so a CGO_ENABLED=0 build keeps
// working and a panel needs no C toolchain.
//
// Every writable connection is set up the same way, by DSN parameters the
// driver applies to each connection as it opens it:
//
//   - journal_mode=WAL: readers (`hmi journal`, the history widget) never
//     block the writer and the writer never blocks them;
//   - synchronous=FULL: in WAL mode every commit fsyncs the log, so a
//     committed transaction survives a kill -9 or a power cut; the alarm
//     journal reports an event as journaled only after its commit returned;
//   - busy_timeout: a writer that meets another one's lock waits for it
//     instead of failing at once;
//   - foreign_keys=ON, and transactions that begin IMMEDIATE, so a write
//     transaction takes its lock up front instead of failing on upgrade.
//
// Several components share the file (the alarm journal today, the audit
// trail and the historian later), each with its own tables. Each keeps its
// own schema version in the table schema_versions, and [DB.Migrate] brings
// that component's tables up to date one step at a time, each step in its
// own transaction. A database written by a newer program (more steps than
// this one knows) is refused rather than guessed at.
//
// [Lock] takes a named exclusive lock in the data directory (flock on
// Unix, LockFileEx on Windows; the system drops it when the process dies):
// the alarm journal holds "alarms" so that a second runtime started on the
// same data directory fails at once instead of colliding.
//
// [OpenReadOnly] is for command-line readers while a runtime writes: it
// opens the file read-only (mode=ro, query_only), never creates it, and
// reads a consistent snapshot per transaction thanks to WAL.
package store
