package web

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"github.com/gohmi/gohmi/internal/clock"
)

// errStalled ends a viewer that left a batch unacknowledged too long.
var errStalled = errors.New("no acknowledgement within the stall timeout")

// viewer is one browser connection: the handler's goroutine reads its
// messages, a sender goroutine owned by the Server writes its batches.
type viewer struct {
	s    *Server
	id   int
	addr string
	wake chan struct{} // capacity 1: pending damage or an acknowledgement

	control bool          // this viewer's input is taken: Options.Control and Options.Allow's answer
	req     *http.Request // the upgrade request, for Options.Active

	mu      sync.Mutex // guards pending and full
	pending region     // damage since the last batch taken
	full    bool       // the next batch is the whole frame

	sent  atomic.Uint32 // the last batch number sent (the sender writes it)
	acked atomic.Uint32 // the last batch number drawn (the reader writes it)

	// The sender's alone.
	sentSize image.Point       // the frame size of the last batch
	version  uint64            // the frame version of the last batch made (it shows at least that one's Presents)
	rects    []image.Rectangle // the rectangles of the batch being made
	pix      []byte            // the pixels of the tile being encoded
	enc      encoder

	// The reader's alone.
	lastLog    time.Time // the last bad-message log line
	suppressed int       // bad messages not logged since
	dropped    int       // events dropped because the view is view-only
}

// damaged adds a frame's damage to the viewer's pending damage and wakes
// its sender. Called with s.mu held.
func (v *viewer) damaged(rects []image.Rectangle, full bool) {
	v.mu.Lock()
	if full {
		v.full = true
		v.pending.rects = v.pending.rects[:0]
	} else if !v.full {
		for _, r := range rects {
			v.pending.add(r)
		}
	}
	v.mu.Unlock()
	v.wakeUp()
}

// wakeUp wakes the sender without blocking.
func (v *viewer) wakeUp() {
	select {
	case v.wake <- struct{}{}:
	default:
	}
}

// serveViewer runs one viewer: it upgrades the request, starts the
// viewer's sender and reads the viewer's messages until either ends, the
// request ends or the server closes.
func (s *Server) serveViewer(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	control := s.control
	if s.allow != nil {
		c, ok := s.allow(r)
		if !ok {
			s.log.Warn("web: viewer refused: not allowed", "addr", r.RemoteAddr)
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		control = control && c
	}
	v, n, err := s.join(r.RemoteAddr)
	if err != nil {
		s.log.Warn("web: viewer refused", "addr", r.RemoteAddr, "err", err)
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return
	}
	defer s.leave(v)
	v.control, v.req = control, r
	s.resume(v, r.URL.Query().Get("v"))
	c, err := websocket.Accept(w, r, nil) // same origin only
	if err != nil {
		s.log.Warn("web: viewer refused", "viewer", v.id, "addr", v.addr, "err", err)
		return
	}
	defer c.CloseNow()
	c.SetReadLimit(MaxMessage)

	ctx, cancel := context.WithCancel(s.ctx)
	defer cancel()
	defer context.AfterFunc(r.Context(), cancel)()
	s.log.Info("web: viewer connected", "viewer", v.id, "addr", v.addr, "viewers", n, "control", v.control)

	sendErr := make(chan error, 1)
	s.wg.Go(func() {
		err := v.send(ctx, c)
		cancel() // the reader stops too
		sendErr <- err
	})
	readErr := v.read(ctx, c)
	cancel()
	err = <-sendErr
	if errors.Is(err, errStalled) {
		s.log.Warn("web: viewer stalled, disconnected", "viewer", v.id, "addr", v.addr, "timeout", StallTimeout)
		return
	}
	attrs := []any{"viewer", v.id, "addr", v.addr, "reason", disconnectReason(readErr, s.ctx)}
	if err != nil {
		attrs = append(attrs, "send", err) // a write that failed, or one cut short by the reader's end
	}
	s.log.Info("web: viewer disconnected", attrs...)
}

// join admits a viewer unless the server is closed or full, and counts its
// handler in s.wg. It returns the viewer and how many are connected.
func (s *Server) join(addr string) (*viewer, int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, 0, errors.New("web: the view is closed")
	}
	if len(s.viewers) >= s.max {
		return nil, 0, fmt.Errorf("web: too many viewers (at most %d)", s.max)
	}
	s.nextID++
	v := &viewer{s: s, id: s.nextID, addr: addr, wake: make(chan struct{}, 1), full: true}
	v.enc.init()
	s.viewers[v] = struct{}{}
	s.wg.Add(1)
	return v, len(s.viewers), nil
}

// leave forgets a viewer whose handler is ending.
func (s *Server) leave(v *viewer) {
	s.mu.Lock()
	delete(s.viewers, v)
	s.mu.Unlock()
	s.wg.Done()
}

// disconnectReason says why a viewer's reading ended, for the log.
func disconnectReason(err error, server context.Context) string {
	switch {
	case server.Err() != nil:
		return "the view closed"
	case websocket.CloseStatus(err) == websocket.StatusMessageTooBig:
		return fmt.Sprintf("a message larger than %d bytes", MaxMessage)
	case websocket.CloseStatus(err) != -1:
		return "the page closed"
	case err == nil:
		return "done"
	default:
		return err.Error()
	}
}

// hello is the first message to a page.
type hello struct {
	V       int  `json:"v"`
	Control bool `json:"control"`
}

// window is how many batches a viewer may have unacknowledged: the next
// change is sent while the browser still draws the last one (it decodes
// the two in parallel) instead of a round trip later, and a browser that
// is slower than the frames still coalesces them, with at most this many
// batches queued in front of the newest.
const window = 2

// send writes the hello, then a batch whenever there is damage and fewer
// than window batches await their acknowledgement, until ctx ends, a
// write fails or the page stalls: the stall timer runs while a batch is
// unacknowledged and restarts when an acknowledgement comes.
func (v *viewer) send(ctx context.Context, c *websocket.Conn) error {
	h, _ := json.Marshal(hello{V: 1, Control: v.control})
	if err := c.Write(ctx, websocket.MessageText, h); err != nil {
		return err
	}
	var stall clock.Timer
	var stallC <-chan time.Time // stall's channel while a batch awaits its ack
	var armedAt uint32          // the acknowledged batch when stall was armed
	defer func() {
		if stall != nil {
			stall.Stop()
		}
	}()
	arm := func(acked uint32) {
		if stall == nil {
			stall = v.s.clk.NewTimer(StallTimeout)
		} else {
			stall.Reset(StallTimeout)
		}
		stallC, armedAt = stall.C(), acked
	}
	for {
		acked, sent := v.acked.Load(), v.sent.Load()
		switch {
		case acked == sent && stallC != nil:
			stall.Stop()
			stallC = nil
		case acked != sent && stallC != nil && acked != armedAt:
			arm(acked) // progress: the oldest batch left has a whole timeout
		}
		if sent-acked < window {
			if msg := v.next(sent + 1); msg != nil {
				v.sent.Store(sent + 1) // before the write: the ack may come back before Write returns
				if err := c.Write(ctx, websocket.MessageBinary, msg); err != nil {
					return err
				}
				if stallC == nil {
					arm(acked)
				}
				continue
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-v.wake:
		case <-stallC:
			return errStalled
		}
	}
}

// next takes the viewer's pending damage and returns the batch that sends
// it from the newest frame, numbered seq, or nil when there is nothing to
// send. The pixels are copied under the server's shared lock; the
// encoding happens after it, so Present waits at most for a copy. Viewers
// that send the same rectangles of the same frame share one encoding.
func (v *viewer) next(seq uint32) []byte {
	s := v.s
	s.mu.RLock()
	if s.frame == nil {
		s.mu.RUnlock()
		return nil
	}
	size := s.frame.Rect.Size()
	v.mu.Lock()
	full := v.full || size != v.sentSize
	rects := append(v.rects[:0], v.pending.rects...)
	v.rects = rects
	v.full = false
	v.pending.rects = v.pending.rects[:0]
	v.mu.Unlock()
	if !full && len(rects) == 0 {
		s.mu.RUnlock()
		return nil
	}
	sum := 0
	for _, r := range rects {
		sum += area(r)
	}
	if full || 2*sum >= area(s.frame.Rect) { // one image of the whole frame compresses better
		full, rects = true, append(rects[:0], s.frame.Rect)
		v.rects = rects
	}
	v.sentSize = size
	v.version = s.version
	e, mine := s.cache.claim(s.version, full, rects)
	if !mine {
		s.mu.RUnlock() // not held while waiting: a Present would wait too
		return e.wait(seq)
	}
	rects = bands(rects)
	v.rects = rects
	s.mu.RUnlock()

	// One tile at a time: its pixels copied under the shared lock, then
	// encoded without it, in one buffer of a tile's size (bandPixels at
	// most). A copy of all the batch's pixels first was a frame's 4 MB
	// for each full batch: the demo's trends screen, whose two plots
	// change at 10 Hz, made one ten times a second. A Present between two
	// tiles may show in the later ones only: its damage is pending for
	// the next batch, which sends it whole. In a full frame, a band the
	// server's band store kept as it is takes its encoding instead; a
	// band encoded anew is kept for the next viewer.
	v.enc.begin(seq, size, full, len(rects))
	for _, r := range rects {
		t := v.takeTile(r, full)
		if t.enc != nil {
			v.enc.out.Write(t.enc)
			continue
		}
		at := v.enc.out.Len()
		v.enc.tile(t)
		if t.band >= 0 {
			s.bands.store(size, t.band, t.ver, v.enc.out.Bytes()[at:])
		}
	}
	msg := v.enc.out.Bytes()
	s.cache.fill(e, msg)
	return msg
}

// takeTile returns the tile of r from the server's frame: in a full
// frame, a band the band store kept as it is (its encoding, to copy), else
// r's pixels copied into the viewer's tile buffer, under the server's
// shared lock. Where the frame no longer covers r (a new size since the
// batch began: every viewer gets a full frame next), the tile is left
// black.
func (v *viewer) takeTile(r image.Rectangle, full bool) tile {
	t := tile{r: r, band: -1}
	s := v.s
	s.mu.RLock()
	defer s.mu.RUnlock()
	if full && s.bands.size == s.frame.Rect.Size() {
		if t.band = s.bands.band(r); t.band >= 0 {
			t.ver = s.bands.damaged[t.band]
			if t.enc = s.bands.lookup(t.band); t.enc != nil {
				return t
			}
		}
	}
	n := area(r) * 4
	if cap(v.pix) < n {
		v.pix = make([]byte, n)
	}
	t.img = &image.RGBA{Pix: v.pix[:n:n], Stride: r.Dx() * 4, Rect: r}
	s.pix.RLock() // the driver paints a shared frame under it (PaintLock)
	in := r.Intersect(s.frame.Rect)
	if in != r {
		clear(t.img.Pix)
	}
	if !in.Empty() {
		copyRect(t.img, in, s.frame, in.Min)
	}
	s.pix.RUnlock()
	return t
}

// batchCache shares encodings between viewers: the last full frame
// encoded, for viewers that connect together (a reconnect storm after a
// restart or a network blip costs one encoding of the frame, not one
// each), and the last batch of damage, which every viewer that keeps up
// sends alike (two viewers cost one encoding per change, and the CPU
// the second would take is not taken from the panel's own loop).
type batchCache struct {
	mu   sync.Mutex  // guards the entries and their fields but done
	full *cacheEntry // the last full frame; nil when none
	part *cacheEntry // the last batch of damage; nil when none
}

// cacheEntry is one encoded batch. Its viewer encodes it outside the
// lock; others wait on done.
type cacheEntry struct {
	version uint64            // the frame version it shows
	rects   []image.Rectangle // what it sends (before bands)
	done    chan struct{}     // closed once msg is set
	msg     []byte            // the batch, seq aside; read after done
}

// claim returns the entry for the batch of rects (the whole frame when
// full) of the frame's version, and true when the caller is to encode
// it (and then fill it).
func (c *batchCache) claim(version uint64, full bool, rects []image.Rectangle) (*cacheEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	slot := &c.part
	if full {
		slot = &c.full
	}
	if e := *slot; e != nil && e.version == version && slices.Equal(e.rects, rects) {
		return e, false
	}
	e := &cacheEntry{version: version, rects: slices.Clone(rects), done: make(chan struct{})}
	*slot = e
	return e, true
}

// fill sets the entry's batch and wakes the viewers waiting for it.
func (c *batchCache) fill(e *cacheEntry, msg []byte) {
	e.msg = slices.Clone(msg)
	close(e.done)
}

// wait returns a copy of the entry's batch numbered seq, once encoded.
func (e *cacheEntry) wait(seq uint32) []byte {
	<-e.done
	msg := slices.Clone(e.msg)
	binary.LittleEndian.PutUint32(msg[1:], seq)
	return msg
}

// maxKept is the largest buffer (bytes) a viewer keeps between batches
// for the message: a larger one (a full frame's) is dropped, so an idle
// viewer costs little. Its pixel buffer is one tile's, bandPixels at most:
// 256 KB.
const maxKept = 256 << 10

// bandPixels is the most pixels in one tile: larger rectangles are cut
// into horizontal bands. A band of few colours is encoded paletted even
// where the whole frame has more, and the browser decodes bands in
// parallel.
const bandPixels = 64 * 1024

// bands cuts the rectangles larger than bandPixels into bands of whole
// rows, in place when none is.
func bands(rects []image.Rectangle) []image.Rectangle {
	if !slices.ContainsFunc(rects, func(r image.Rectangle) bool { return area(r) > bandPixels }) {
		return rects
	}
	var out []image.Rectangle
	for _, r := range rects {
		rows := max(1, bandPixels/r.Dx())
		for y := r.Min.Y; y < r.Max.Y; y += rows {
			out = append(out, image.Rect(r.Min.X, y, r.Max.X, min(y+rows, r.Max.Y)))
		}
	}
	return out
}
