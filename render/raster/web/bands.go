package web

import (
	"image"
	"sync"
)

// bandStore keeps the encoded tiles of the whole frame's bands between
// full frames, each with the frame version it shows, so that a full frame
// (a new viewer, a reconnect) encodes only the bands damaged since they
// were last encoded and copies the others' bytes. On a live panel a
// changed value damages one band of sixteen at 1280x800: a new viewer's
// frame costs about one band's encoding, not the whole frame's, however
// often values change between the page's request and its WebSocket.
//
// The versions are the frame's (Server.version): Present marks the bands
// it damages under the server's lock; senders read the marks under its
// shared lock and keep the bytes under the store's own.
type bandStore struct {
	// Guarded by the server's mu (written by Present, read by senders
	// under the shared lock).
	size    image.Point // the frame size the bands cut
	rows    int         // rows a band, as bands cuts the whole frame
	damaged []uint64    // per band: the frame version that last damaged it

	mu    sync.Mutex // guards kept, total and keptSize
	kept  []keptBand // per band: its last encoding; nil bytes when none
	total int        // bytes in kept
	// keptSize is the frame size kept's bands are of: an encoding made
	// before a resize and stored after it is dropped.
	keptSize image.Point
}

// keptBand is the encoded tile (header and PNG, as in a batch) of one band
// of the frame as it was at version.
type keptBand struct {
	version uint64
	tile    []byte
}

// maxStored is the most encoded bytes the band store keeps: an operator
// screen's bands take about 40 KB; a frame of noise (a camera picture)
// could take several MB, and its bands are then encoded anew.
const maxStored = 1 << 20

// reset cuts a frame of size into bands, all damaged at version, and
// drops what was kept. Called with the server's lock held.
func (b *bandStore) reset(size image.Point, version uint64) {
	b.size = size
	b.rows = max(1, bandPixels/max(1, size.X))
	n := (size.Y + b.rows - 1) / b.rows
	b.damaged = make([]uint64, n)
	for i := range b.damaged {
		b.damaged[i] = version
	}
	b.mu.Lock()
	b.kept, b.total, b.keptSize = make([]keptBand, n), 0, size
	b.mu.Unlock()
}

// damage marks the bands that r (frame coordinates) touches as damaged at
// version. Called with the server's lock held.
func (b *bandStore) damage(r image.Rectangle, version uint64) {
	if r.Empty() || b.rows == 0 {
		return
	}
	last := min(len(b.damaged)-1, (r.Max.Y-1)/b.rows)
	for i := max(0, r.Min.Y/b.rows); i <= last; i++ {
		b.damaged[i] = version
	}
}

// band returns which band r is, when it is exactly one of the whole
// frame's bands, else -1.
func (b *bandStore) band(r image.Rectangle) int {
	if b.rows == 0 || r.Min.X != 0 || r.Dx() != b.size.X || r.Min.Y%b.rows != 0 {
		return -1
	}
	i := r.Min.Y / b.rows
	if i >= len(b.damaged) || r.Max.Y != min(b.size.Y, r.Min.Y+b.rows) {
		return -1
	}
	return i
}

// lookup returns band i's encoded tile when it shows the frame as it is
// (not damaged since), else nil. Called with the server's shared lock.
func (b *bandStore) lookup(i int) []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	if i >= len(b.kept) || b.keptSize != b.size || b.kept[i].version != b.damaged[i] {
		return nil
	}
	return b.kept[i].tile
}

// store keeps tile as band i's encoding of the frame of size at version,
// unless a newer one is kept, the frame was resized since, or the store
// is full. The store keeps its own copy.
func (b *bandStore) store(size image.Point, i int, version uint64, tile []byte) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if size != b.keptSize || i >= len(b.kept) || b.kept[i].version > version {
		return
	}
	old := len(b.kept[i].tile)
	if b.total-old+len(tile) > maxStored {
		return
	}
	b.kept[i] = keptBand{version: version, tile: append(b.kept[i].tile[:0:0], tile...)}
	b.total += len(tile) - old
}
