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
// verifies again (TestVerifyForgedWithTheCode shows it); likewise delete
// the oldest rows and move the anchor as retention would.
//
// # A keyed trail
//
// With Options.Key (at least 32 random bytes from a file kept outside the
// data directory, readable by the runtime's user only: [LoadKey]) every
// row also stores mac = HMAC-SHA-256(key, "gohmi audit row" || hash), and
// audit_chain the key's id (8 bytes of an HMAC, not the key), the first
// keyed Seq, and MACs of the head (its Seq and hash and the first keyed
// Seq) and of the anchor. [Reader.VerifyKey] (`hmi audit --verify --key
// FILE`) then also checks those: a rewrite with recomputed hashes, a cut
// tail with the head moved back, old rows deleted with the anchor moved,
// MACs or the key id stripped, all show without the key
// (TestKeyedVerify). A trail keyed after it had unkeyed rows is keyed from
// the next Seq on; its earlier rows are still covered, since the first
// keyed row's hash depends on all of them. Once keyed, [Open] refuses the
// trail without its key or with another one (no key rotation yet).
//
// What remains, keyed or not: whoever has the key (or the runtime's
// memory) can forge; anyone who can write the directory can delete the
// file or put back an older copy of it, which verifies. Against those,
// note the head hash `hmi audit --verify` prints somewhere else and check
// that later heads descend from it, ship the records off the panel
// (syslog, a central database) as they are committed, and keep the data
// directory writable by the runtime's user only.
//
// # Retention
//
// With Options.Retention set (off by default: many sites keep audit trails
// for years), the writer prunes every Options.PruneEvery (and once at
// open): records older than MaxAge, then the oldest beyond MaxRows. It
// deletes in transactions of at most 512 rows, each moving the anchor to
// the last row it deleted, and commits queued records between them. The
// chain then verifies from the anchor; the audit_chain row also counts the
// rows pruned and when. Without a key, someone who deletes old rows and
// moves the anchor the same way looks like retention; with one, the
// anchor's MAC gives them away.
//
// # Reading
//
// [Reader.Query] returns records by time range, actor, action, target and
// kind of place, newest first, in pages (Filter.Before: the last Seq of the
// previous page), each with its hash. A [Trail] embeds a Reader over its
// own database.
package audit
