package trends

import (
	"encoding/binary"
	"fmt"
	"slices"
)

// chunkPoints is the size of a block's chunks: a stored block of more
// points carries, in its summary, a sub-summary and a restart point (the
// decoder's state) every chunkPoints points, so that a query decodes
// only the chunks that straddle a column boundary and reads the others
// from their sub-summaries. Blocks stored without them (before chunks
// existed) are decoded whole.
const chunkPoints = 64

// chunk is a run of at most chunkPoints points of a block: its summary
// and the decoder's state before its first point (br.buf and q unset).
type chunk struct {
	sum stats
	dec restart
}

// restart is a decoder's state between points, without its buffer.
type restart struct {
	pos         int
	t, delta    int64
	v           uint64
	k           int64
	haveV       bool
	lead, trail int
}

func (d *decoder) state() restart {
	return restart{d.br.pos, d.t, d.delta, d.v, d.k, d.haveV, d.lead, d.trail}
}

// at puts d at r.
func (d *decoder) at(r restart) {
	d.br.pos, d.t, d.delta, d.v, d.k, d.haveV, d.lead, d.trail = r.pos, r.t, r.delta, r.v, r.k, r.haveV, r.lead, r.trail
}

// chunkBlock decodes data and returns its chunks; none when it holds at
// most chunkPoints points.
func chunkBlock(data []byte) ([]chunk, error) {
	n, d, err := openBlock(data)
	if err != nil || n <= chunkPoints {
		return nil, err
	}
	out := make([]chunk, 0, (n+chunkPoints-1)/chunkPoints)
	pts := make([]point, 0, chunkPoints)
	for i := 0; i < n; i += chunkPoints {
		c := chunk{dec: d.state()}
		pts = pts[:0]
		for j := i; j < min(i+chunkPoints, n); j++ {
			p, err := d.next(j)
			if err != nil {
				return nil, fmt.Errorf("%w: point %d: %v", ErrCorrupt, j, err)
			}
			pts = append(pts, p)
		}
		c.sum = summarize(pts).stats
		out = append(out, c)
	}
	return out, nil
}

// appendChunks encodes chunks after a summary: a uvarint count, then per
// chunk the restart point (uvarint bit position, varints of the time
// after the block's first and the previous delta, varint integer value,
// uvarint float bits, a byte of flags: 1 a value was read, and bytes of
// the XOR window's leading zeros + 1 and trailing zeros), the chunk's
// first and last times as varints after the block's first, and its
// summary (appendSummary).
func appendChunks(b []byte, tFirst int64, cs []chunk) []byte {
	b = binary.AppendUvarint(b, uint64(len(cs)))
	for i := range cs {
		c := &cs[i]
		d := &c.dec
		b = binary.AppendUvarint(b, uint64(d.pos))
		b = binary.AppendVarint(b, d.t-tFirst)
		b = binary.AppendVarint(b, d.delta)
		b = binary.AppendVarint(b, d.k)
		b = binary.AppendUvarint(b, d.v)
		flags := byte(0)
		if d.haveV {
			flags = 1
		}
		b = append(b, flags, byte(d.lead+1), byte(d.trail))
		b = binary.AppendVarint(b, c.sum.tFirst-tFirst)
		b = binary.AppendVarint(b, c.sum.tLast-c.sum.tFirst)
		b = appendSummary(b, &c.sum)
	}
	return b
}

var errChunks = fmt.Errorf("%w: bad chunks", ErrCorrupt)

// parseChunks decodes what appendChunks wrote into s.chunks; b empty
// (a summary written before chunks) leaves none. The counts must add up
// to the block's.
func parseChunks(b []byte, s *summary) error {
	if len(b) == 0 {
		return nil
	}
	r := reader{b: b}
	n := r.uvarint()
	if n > MaxBlockPoints/chunkPoints+1 || r.err {
		return errChunks
	}
	cs := slices.Grow(s.chunks[:0], int(n))[:n] // reuses a scan's chunks
	total := 0
	for i := range cs {
		c := &cs[i]
		d := &c.dec
		d.pos = int(min(r.uvarint(), 8*(BlockBytes+MaxBlockPoints)))
		d.t = s.tFirst + r.varint()
		d.delta = r.varint()
		d.k = r.varint()
		d.v = r.uvarint()
		flags, lead, trail := r.byte(), int(r.byte())-1, int(r.byte())
		if lead > 31 || trail > 63 {
			return errChunks
		}
		d.haveV, d.lead, d.trail = flags&1 != 0, lead, trail
		c.sum.tFirst = s.tFirst + r.varint()
		c.sum.tLast = c.sum.tFirst + r.varint()
		if r.err {
			return errChunks
		}
		rest, err := parseSummaryRest(r.b, &c.sum)
		if err != nil {
			return errChunks
		}
		r.b = rest
		total += c.sum.n
	}
	if total != s.n {
		return errChunks
	}
	s.chunks = cs
	return nil
}

// reader reads varints from a byte slice, remembering the first error.
type reader struct {
	b   []byte
	err bool
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = true
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err = true
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) byte() byte {
	if len(r.b) == 0 {
		r.err = true
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}
