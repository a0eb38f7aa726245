// Package audit is the runtime's audit trail: who logged in or failed to,
// who wrote which tag from what to what and from where, who acknowledged,
// shelved or took an alarm out of service, which files a reload took and
// when the runtime started and stopped. Each [Record] is stored in the
// table audit of the data directory's SQLite database (gohmi.db, package
// internal/store: WAL, synchronous=FULL), with the durability of the
// alarm journal, and chained by hashes so that editing the file shows.
//
// # Writing: group commit
//
// [Trail.Append] stamps the record, gives it the next Seq (continuing the
// file's numbering), puts it on a bounded queue and returns; it does not
// touch the disk, so the UI or a driver never waits on an fsync. One
// writer goroutine, owned by the Trail (started by [Open], stopped and
// waited for by [Trail.Close], which commits what is queued first), takes
// everything queued (up to 4,096 records) and commits it in one
// transaction: the records that arrive during one commit share the next
// one's fsync.
//
// A record is in the trail when its commit has returned: [Trail.Durable]
// is the highest Seq committed, and with synchronous=FULL every Seq up to
// it survives a kill -9 or a power cut (TestKill9 kills an appending child
// process three times and checks exactly that, and that the chain
// verifies after each crash). [Trail.Wait] waits for one record (a caller
// that must not act before its record is on disk appends, then waits);
// [Trail.Flush] for everything appended so far.
//
// The queue holds Options.Queue records (default 16,384), the writer at
// most 4,096 more: memory is bounded, and each text field is cut to
// [MaxField] bytes. A full queue makes Append wait for the writer's next
// take; if it stays full for Options.MaxBlock (default 2 s: the disk
// failed or stalled) Append drops the record rather than stall its caller,
// returns Seq 0, counts it ([Trail.Dropped]) and logs it in full, so the
// record is at least in the log. A failing commit is retried with backoff
// (50 ms doubling to 5 s); Close makes one last attempt and returns what
// could not be committed.
//
// One Trail at a time may hold a data directory: Open takes the lock
// DIR/audit.lock (store.Lock), so a second runtime on the same directory
// fails at start rather than hand out the same Seqs and fork the chain.
// [OpenReader] (`hmi audit`) opens the file read-only and takes no lock.
//
// # The chain
//
// Each row stores prev, the hash of the row before it, and hash:
//
//	hash = SHA-256(prev || seq || time || len(actor) || actor || len(role) || role ||
//	               len(where) || where || len(host) || host || len(action) || action ||
//	               len(target) || target || len(old) || old || len(new) || new ||
//	               len(detail) || detail)
//
// with seq, time (UTC nanoseconds since 1970) and every length as 8 bytes
// big-endian and the texts as stored (valid UTF-8). The lengths make the
// encoding injective: moving text from one field to the next changes the
// hash. The first row links to [Genesis], SHA-256("gohmi audit trail v1").
// The table audit_chain records the head (the last Seq and its hash, moved
// in the same transaction as the rows it commits) and the anchor (the Seq
// and hash the first remaining row links to: 0 and Genesis until retention
// prunes).
//
// [Reader.Verify] walks the rows in Seq order inside one read transaction
// and names the first problem ([Problem]: the Seq, a [Kind], why):
//
//   - a row whose fields or link no longer hash to its hash: Altered;
//   - a row rewritten together with its hash: the next row no longer links
//     to it, and Verify names the rewritten row: Altered;
//   - a Seq missing between rows, before the first or after the last one
//     up to the head (a cut tail): Removed;
//   - a row that links to the hash of a row other than its predecessor
//     (two rows' Seqs swapped, or their contents): Reordered;
//   - rows after the head, a head that is not the last row's hash, an
//     anchor moved past kept rows: Altered.
//
// It reports how many rows it checked, the anchor and the head's hash.
//
// # What the chain does not protect against
//
// The chain is tamper-evident against an edit made with a database tool
// by someone who does not also recompute hashes: a changed value, a
// deleted or inserted row, rows moved, a cut tail. It is not a signature.
// The algorithm is public (above) and uses no secret, so someone who can
// write the data directory and has read this comment can edit a row,
// recompute its hash and every later row's, move the head, and the chain
// verifies again (TestVerifyForgedWithTheCode shows it). The same person
// can replace the whole file with an older copy, or delete it. What helps:
//
//   - noting the head hash elsewhere: `hmi audit --verify` prints it (the
//     Result's HeadHash); a later head that no longer descends from a noted
//     one, or a chain that verifies to a different hash at the noted Seq,
//     gives the rewrite away;
//   - shipping rows off the panel (syslog, a central database) as they are
//     committed: the runtime's logger can do it;
//   - file permissions on the data directory: the runtime's user only.
//
// A keyed chain (an HMAC with a key kept outside the data directory, so
// that a rewrite needs the key) is not built yet; the table would carry
// one more column and Verify a key.
//
// # Retention
//
// With Options.Retention set (off by default: many sites keep audit trails
// for years), the writer prunes every Options.PruneEvery (and once at
// open): records older than MaxAge, then the oldest beyond MaxRows. It
// deletes in transactions of at most 512 rows, each moving the anchor to
// the last row it deleted, and commits queued records between them. The
// chain then verifies from the anchor; the audit_chain row also counts the
// rows pruned and when. Someone who deletes old rows and moves the anchor
// the same way is indistinguishable from retention: the limit above.
//
// # Reading
//
// [Reader.Query] returns records by time range, actor, action, target and
// kind of place, newest first, in pages (Filter.Before: the last Seq of the
// previous page), each with its hash. A [Trail] embeds a Reader over its
// own database.
package audit
