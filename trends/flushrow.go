package trends

import (
	"context"
	"encoding/binary"
	"fmt"
)

// A flush row (history_flushes.data) is a list of entries, one per tag
// that changed since the previous flush:
//
//	uvarint tag id
//	uvarint flags<<16 | tentative   flags 1: base
//	uvarint length, then a block of that many bytes
//
// A base entry holds the tag's whole open block; any other entry the
// points archived since the tag's previous entry. Either ends with
// `tentative` points the compressor held back at the flush: they are
// superseded by the tag's next entry. A tag's open block is its last base
// entry and the entries after it. A tag writes a base entry first, after
// each seal (an empty one when nothing follows) and every rebaseEvery
// flushes, so rows older than every tag's last base are dropped.
const rebaseEvery = 60

const flagBase = 1

// appendEntry appends one entry to a flush row.
func appendEntry(row []byte, id int64, base bool, tentative int, block []byte) []byte {
	flags := 0
	if base {
		flags = flagBase
	}
	row = binary.AppendUvarint(row, uint64(id))
	row = binary.AppendUvarint(row, uint64(flags<<16|tentative))
	row = binary.AppendUvarint(row, uint64(len(block)))
	return append(row, block...)
}

// openBlocks rebuilds open blocks from flush rows, in seq order.
type openBlocks struct {
	pts  map[int64][]point
	tent map[int64]int     // tentative points at the end of pts[id]
	q    map[int64]float64 // the value quantum of the last entry of id
	only int64             // when not 0, the one tag wanted
}

func newOpenBlocks(only int64) *openBlocks {
	return &openBlocks{pts: map[int64][]point{}, tent: map[int64]int{}, q: map[int64]float64{}, only: only}
}

// add applies one row.
func (o *openBlocks) add(row []byte) error {
	for len(row) > 0 {
		var hdr [3]uint64
		for i := range hdr {
			v, n := binary.Uvarint(row)
			if n <= 0 {
				return fmt.Errorf("%w: bad flush row entry", ErrCorrupt)
			}
			hdr[i], row = v, row[n:]
		}
		id, flags, size := int64(hdr[0]), hdr[1]>>16, hdr[2]
		if size > uint64(len(row)) {
			return fmt.Errorf("%w: flush row entry of %d bytes in %d", ErrCorrupt, size, len(row))
		}
		block := row[:size]
		row = row[size:]
		if o.only != 0 && id != o.only {
			continue
		}
		pts := o.pts[id]
		if flags&flagBase != 0 {
			pts = pts[:0]
		} else {
			pts = pts[:len(pts)-o.tent[id]]
		}
		start := len(pts)
		var err error
		if size > 0 {
			pts, err = decodeBlock(block, pts)
			o.q[id] = blockMode(block).q
		}
		if err != nil {
			return fmt.Errorf("tag %d: %w", id, err)
		}
		if start > 0 && len(pts) > start && pts[start].t <= pts[start-1].t {
			return fmt.Errorf("tag %d: %w: goes back in time", id, ErrCorrupt)
		}
		o.pts[id], o.tent[id] = pts, min(int(hdr[1]&0xffff), len(pts)-start)
	}
	return nil
}

// readOpen reads the open blocks from the flush rows; with only ≠ 0, only
// that tag's. It returns them and the last row's seq.
func readOpen(ctx context.Context, db querier, only int64) (*openBlocks, int64, error) {
	rows, err := db.QueryContext(ctx, `SELECT seq, data FROM history_flushes ORDER BY seq`)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	o := newOpenBlocks(only)
	var last int64
	for rows.Next() {
		var data []byte
		if err := rows.Scan(&last, &data); err != nil {
			return nil, 0, err
		}
		if err := o.add(data); err != nil {
			return nil, 0, fmt.Errorf("flush %d: %w", last, err)
		}
	}
	return o, last, rows.Err()
}
