package web

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"image"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"
)

// TestBatchCache: a batch of the same rectangles of the same frame version
// is encoded once (the first to claim it encodes it, the others get its
// bytes numbered as their own batch); another version, other rectangles
// or a full frame instead of damage are claimed anew; the full frame and
// the last damage are kept side by side.
func TestBatchCache(t *testing.T) {
	var c batchCache
	value := []image.Rectangle{image.Rect(10, 20, 130, 52)}
	whole := []image.Rectangle{image.Rect(0, 0, 320, 200)}
	steps := []struct {
		name    string
		version uint64
		full    bool
		rects   []image.Rectangle
		mine    bool
	}{
		{"first damage", 1, false, value, true},
		{"same damage", 1, false, value, false},
		{"next version", 2, false, value, true},
		{"other rectangles", 2, false, whole, true},
		{"full frame", 2, true, whole, true},
		{"same full frame", 2, true, whole, false},
		{"the damage beside it", 2, false, whole, false},
		{"full frame of the next version", 3, true, whole, true},
	}
	for i, st := range steps {
		e, mine := c.claim(st.version, st.full, st.rects)
		if mine != st.mine {
			t.Fatalf("%s: claim says encode %v, want %v", st.name, mine, st.mine)
		}
		if mine {
			msg := make([]byte, batchHeader)
			msg[0] = kindBatch
			msg[batchHeader-1] = byte(i) // which step encoded it
			c.fill(e, msg)
			continue
		}
		msg := e.wait(uint32(40 + i))
		if seq := binary.LittleEndian.Uint32(msg[1:]); seq != uint32(40+i) {
			t.Errorf("%s: shared batch numbered %d, want %d", st.name, seq, 40+i)
		}
		if by := msg[batchHeader-1]; steps[by].version != st.version || steps[by].full != st.full {
			t.Errorf("%s: got the batch of %q", st.name, steps[by].name)
		}
	}
}

// TestBatchCacheWaits: a viewer that claims a batch being encoded waits
// for it.
func TestBatchCacheWaits(t *testing.T) {
	var c batchCache
	rects := []image.Rectangle{image.Rect(0, 0, 8, 8)}
	e, mine := c.claim(5, false, rects)
	if !mine {
		t.Fatal("the first claim is not the encoder's")
	}
	got := make(chan []byte)
	go func() {
		e2, mine := c.claim(5, false, rects)
		if mine {
			got <- nil
			return
		}
		got <- e2.wait(9)
	}()
	msg := make([]byte, batchHeader)
	msg[0] = kindBatch
	c.fill(e, msg)
	if m := <-got; m == nil || binary.LittleEndian.Uint32(m[1:]) != 9 {
		t.Fatalf("the second viewer got %v", m)
	}
}

// TestPageCarriesFullFrame: serving the page encodes the whole frame
// into the page (base64 in its data block, the batch the WebSocket would
// have sent first) and into the cache, with its resume token; HEAD
// encodes nothing.
func TestPageCarriesFullFrame(t *testing.T) {
	s := New(Options{Logger: slog.New(slog.DiscardHandler)})
	defer s.Close()
	frame := image.NewRGBA(image.Rect(0, 0, 64, 40))
	s.Present(frame, []image.Rectangle{frame.Rect})
	s.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodHead, "/", nil))
	if s.cache.full != nil {
		t.Fatal("HEAD encoded the frame")
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /: %d", rec.Code)
	}
	body := rec.Body.String()
	tok := regexp.MustCompile(`<meta name="gohmi-frame" content="([0-9a-f]+\.[0-9]+)">`).FindStringSubmatch(body)
	if tok == nil || tok[1] != s.token(s.version) {
		t.Fatalf("page's token %q, want %q", tok, s.token(s.version))
	}
	m := regexp.MustCompile(`<script type="application/octet-stream" id="gohmi-frame">([A-Za-z0-9+/=]+)</script>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("the page carries no frame")
	}
	msg, err := base64.StdEncoding.DecodeString(m[1])
	if err != nil || len(msg) < batchHeader || msg[0] != kindBatch || msg[9]&flagFull == 0 {
		t.Fatalf("carried batch %x is not a full frame: %v", msg[:min(len(msg), batchHeader)], err)
	}
	if e, mine := s.cache.claim(s.version, true, []image.Rectangle{frame.Rect}); mine || !bytes.Equal(e.wait(0), msg) {
		t.Fatal("the carried frame is not the cached full frame")
	}
}
