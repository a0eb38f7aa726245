// Package trends is the historian: it records tags compactly and durably
// in the data directory and answers range queries in time bounded by the
// screen's width rather than by the number of points. It imports tags for
// values only and never Fyne; the trend widget (render) draws what a
// [Source] returns.
//
// # Recording
//
// hmi.yaml's `history:` section is a list of [Setting]s, read by [Decode]
// and resolved against the project's tags by [Match] (later entries
// override earlier ones; [Check] reports patterns that match nothing):
//
//	history:
//	  - { tags: "*", deviation: 0.5% }
//	  - { tags: "Tank*.Level", deadband: 0.5, deviation: 0.2, max-interval: 10m, keep: 30d }
//	  - { tags: [Pump1.*, Flow.Inlet], deviation: 0.1, max-size: 50MB }
//
// [Historian.Record] takes tag updates and compresses each tag's samples
// as OSIsoft PI does, in two stages:
//
//   - the exception deadband: a sample within Deadband of the last one
//     passed is held back; when a sample passes, the last one held back
//     passes first (so a step after a flat stretch keeps its corner);
//   - the swinging door: the stored line runs from the last stored point
//     (the pivot) to a later sample; every sample between must stay
//     within the deviation of it, which confines the line's slope to an
//     interval that narrows with each sample; when the next sample's slope
//     leaves it, the sample before is stored and becomes the pivot.
//
// A point is stored at least every MaxInterval while samples arrive.
// Stored values are rounded to a power of two at most a quarter of the
// deviation, which makes their XORs short; the door works to the
// deviation less half that step, so the bound holds: every good sample
// lies within Deviation + 2·Deadband of the line through the stored
// points (2·Deadband: the held-back samples may lie on either side of
// the last one passed). Without a deviation values are stored exactly.
//
// Bad quality (or NaN, ±Inf, no value yet) cuts the line: the last good
// point before it is stored, then one gap marker (a point with Good
// false), then the first good point after it. A tag's first sample after
// a restart of the runtime gets a marker 1 ms before it when the tag has
// history, so the span the runtime was down is a gap too. Uncertain
// quality is recorded: a value drawn like a good one, with an Uncertain
// bit; a change between Good and Uncertain cuts the line as Bad does,
// without a gap ([Historian.QueryUncertain] marks the columns holding
// such samples: the [Source] contract has no room for it). Times are
// kept to the millisecond and blocks hold one point a millisecond: of
// samples in the same millisecond the last is recorded, whatever its
// quality (a value written, then the device's readback: the readback; a
// Bad value, then a good one: no gap). The compressor holds a tag's
// newest sample until a later millisecond begins and only then passes it
// to the deadband and the door; flushes and queries count it as held
// back, so a flush that committed the value written is superseded by the
// next. A sample older than the tag's previous one is dropped (the first
// a tag is logged), and so is one in the millisecond of a point already
// archived (the tag's last before a restart or a reload that changed its
// setting); they and the samples replaced are counted ([Historian.Drops]).
//
// # Blocks
//
// A tag's stored points go into blocks of at most [BlockPoints] points,
// [BlockSpan] or a row of [BlockBytes] bytes (data and summary). A block
// is the count and the first time as varints (when the count has bit 13
// set, a uvarint tick in ms follows: see below; bit 14: version 2, bit
// 15: Uncertain bits), the value mode byte, then a bit stream in the
// manner of Gorilla (Facebook's TSDB, as in Prometheus' chunkenc), per
// point (version 1):
//
//	1 bit       quality (1 good, 0 gap marker), then for a good point in
//	            a block with Uncertain bits, 1 for Uncertain
//	time        after the first: the delta-of-delta of its time in ticks
//	            (ms without a tick): '0' for 0, '10'+7 bits, '110'+12,
//	            '1110'+20, '1111'+64
//	value       good points only, in one of two modes (a header byte):
//	            XOR floats: the first 64 bits raw, then the XOR with the
//	            previous good value: '0' when equal, '10' and the bits
//	            within the previous window, or '11', 5 bits of leading
//	            zeros, 6 of length-1 and the bits;
//	            integers of q (a series with a deviation, whose values are
//	            rounded to the power of two q): the first v/q in 64 bits,
//	            then its delta from the previous one, '0' for none,
//	            '10'+7 bits, '110'+12, '1110'+20, '11110'+64, and '11111'
//	            +64 float bits for a value that is not an integer of q
//
// Version 2 (block_v2.go) is what a block in integer mode is sealed in
// when every good value is an integer of q (and it is shorter): three
// parameter bytes after the mode byte, no quality bits when every point
// is good, times as their delta in ticks less the delta 1–4 points back,
// values as their delta less the delta 0–4 values back or less the
// slope of the last two extrapolated, each residual Rice-coded with the
// block's parameter; the sealer tries every lag and parameter (PNG's
// filters per row) and keeps the smallest: a ramp's or a square wave's
// alternating corners cost 3 bits a point instead of 25. Flush rows and
// XOR blocks stay in version 1; every version is read.
//
// The tick is the greatest common divisor of the block's time deltas: a
// sampled signal's stored points lie on its sampling tick, so its
// delta-of-deltas count seconds, not milliseconds. The open block counts
// in the tick of the tag's previous block (a second for its first) and
// is encoded again in a finer one when a point falls between ticks; the
// sealed block is encoded in its exact GCD. Blocks without the flag
// (written before ticks) count in ms.
//
// [DecodeBlock] refuses a count beyond [MaxBlockPoints] or beyond what
// the bytes can hold before it allocates, and times that do not increase.
//
// A sealed block of more than 64 points carries chunks in its summary:
// for every run of 64 points, their stats (first and last times, counts,
// Bad markers, first, last, lowest and highest good points; values in
// integer mode as varints of q) and a restart point (the decoder's state
// before the run: bit position, time, delta, previous value, XOR
// window), about 35 bytes a chunk in integer mode, 68 in XOR mode; in
// version 2 about 20, leaving out what the decoder derives (chunk_v2.go).
// A query decodes only the chunks that straddle a column boundary, from
// their restart points; blocks stored before chunks are decoded whole.
//
// # Store
//
// [Open] keeps its tables in the data directory's gohmi.db
// (internal/store, component "history", its own lock history.lock):
//
//	history_tags    id, name
//	history_blocks  tag, t_first, t_last, summary (n, n_good, flags,
//	                the first, last, min and max good points, then the
//	                chunks), data: one row a sealed block, indexed by
//	                (tag, t_last)
//	history_flushes seq, data: the open blocks' growth, one row a flush
//
// A writer goroutine owned by the Historian commits every
// Options.FlushEvery (1 s): the blocks sealed since the last commit and
// one flush row holding, for each tag that changed, the points archived
// since its previous entry and the points the compressor still holds
// back (the door's held point and the deadband's last sample), which
// the next entry supersedes. Close seals the open blocks. Each tag
// rewrites its whole open block as a
// base entry after each seal and every 60 flushes, so rows older than
// every tag's base are deleted in the same commit. One appended row a
// commit writes few pages: the first design, a row per tag, wrote
// hundreds of scattered pages a second and cost 2.7 % of a core for
// 1,000 tags; this one 0.15 %. After a kill -9 at most the last second is
// lost; the next Open turns the flush rows into blocks (the held-back
// points become stored points: the line up to the last flush stays
// whole) and recording continues. Close stores the held-back points,
// seals the open blocks and commits. While commits fail, at most
// Options.MaxPending sealed blocks and 60 flushes wait in memory; the
// oldest beyond are dropped, counted ([Drops]) and logged.
//
// Retention ([Retention]: MaxAge, MaxBytes per tag) prunes a tag's oldest
// sealed blocks in the background, at most 256 a transaction, every
// Options.PruneEvery. A tag no longer configured keeps its history.
// [Historian.Configure] applies a reload: a changed setting continues the
// tag's history, a removed tag's open block is sealed.
//
// # Queries
//
// [Historian.Query] ([Source]) reduces each tag to Query.Width columns,
// column i covering [From + ⌈i·span/width⌉, From + ⌈(i+1)·span/width⌉):
// the first, last, lowest and highest good points in each (M4: drawing
// them gives the pixels of drawing every point; the earliest of equal
// values). A tag's first query loads an index of its stored blocks (the
// stats and row id of each, 144 bytes a block), kept as blocks are
// committed and pruned. A block that lies inside one column is read from
// the index only; the blocks that straddle a column boundary are fetched
// in one statement by row id, and of each only the chunks that straddle
// a boundary are decoded, the others read from their stats. The blocks
// not yet committed and the open block (held-back points included) are
// read from memory, so history and live data join without a seam.
// GapBefore marks a column whose first good point follows a gap marker
// since the previous good point in the range. Series.Last is the latest
// point at or before To, found from the summaries when none is in range.
// [Historian.Samples] returns the stored points themselves (exports), and
// [Reader] answers the same from a data directory read-only while a
// runtime records into it (what it committed, open blocks included; it
// has no index and reads the rows in the range).
//
// # Numbers
//
// Measured on a shared 2-core VM (go test -bench . ./trends/, see
// bench_test.go):
//
//	recording 1,000 tags at 1 Hz, with the flush every second:
//	  0.15–0.25 % of a core (budget 2 %); over an hour, with the
//	  sealing of version 2 blocks: 0.19 % (0.14 % before)
//	bytes a stored point (a recorded sample), the database's used pages
//	after Close, deviation 0.5 % of the range, 20 tags × 6 h at 1 Hz
//	(budget 2): sine 1.91 (0.29), ramp 0.85 (0.04), square 0.85 (0.09),
//	  counter 0.81 (0.16), random walk 1.49 (1.16); stored: 15 %, 4 %,
//	  10 %, 20 %, 78 % of the samples. Version 1 blocks of an hour, the
//	  open blocks left in flush rows: 3.76, 4.68, 3.60, 3.27, 2.92. Where
//	  the bytes went: lag predictors and Rice codes (ramp, square and
//	  counter data from 2.7, 1.9, 1.8 to 0.3 bytes a point; sine and walk
//	  from 2.0 and 1.8 to 1.4 and 1.1), version 2 chunk sections (35 to
//	  about 20 bytes a chunk), blocks sealed by their row size (three a
//	  page) and their span a day (a ramp's hourly block paid a byte a
//	  point of summary), Close sealing the open blocks (their flush rows
//	  were a fifth of a 6 h file).
//	1,000,000 stored points to 1,280 columns: 8–9 ms wall, 9–10 ms of
//	  CPU with the GC (budget 10 ms; 30–45 ms before the index, the
//	  chunks and a page cache larger than SQLite's 2 MB default, which
//	  made most page reads a pread); full-precision floats the same;
//	  1 % of the range: 1 ms
package trends
