package main

import (
	"context"
	"encoding/binary"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// webFinger operates a panel on the raster backend as a browser started
// with --web-control does: it connects to the web view's WebSocket,
// acknowledges every batch of tiles it is sent (as the page does once it
// has drawn them, so the panel keeps sending) and taps by sending
// pointer messages (see render/raster/web's wire format).
type webFinger struct {
	c      *websocket.Conn
	cancel context.CancelFunc
	wg     sync.WaitGroup // the reader
}

// dialWebFinger connects to the web view at page (its URL as logged, e.g.
// http://127.0.0.1:8081/).
func dialWebFinger(b testing.TB, page string) *webFinger {
	b.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ws := strings.Replace(strings.TrimSuffix(page, "/"), "http", "ws", 1) + "/ws"
	c, _, err := websocket.Dial(ctx, ws, nil)
	if err != nil {
		cancel()
		b.Fatalf("web view %s: %v", ws, err)
	}
	c.SetReadLimit(64 << 20) // a full frame's tiles
	f := &webFinger{c: c, cancel: cancel}
	f.wg.Go(func() { f.read(ctx) })
	b.Cleanup(f.close)
	return f
}

// read acknowledges each batch until the connection ends.
func (f *webFinger) read(ctx context.Context) {
	for {
		typ, p, err := f.c.Read(ctx)
		if err != nil {
			return
		}
		if typ != websocket.MessageBinary || len(p) < 5 || p[0] != 1 {
			continue // the hello
		}
		seq := binary.LittleEndian.Uint32(p[1:])
		if f.c.Write(ctx, websocket.MessageText, fmt.Appendf(nil, `{"t":"ack","seq":%d}`, seq)) != nil {
			return
		}
	}
}

// click taps at (x, y) in panel pixels: a finger down, then up.
func (f *webFinger) click(x, y int) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, k := range []string{"down", "up"} {
		msg := fmt.Appendf(nil, `{"t":"ptr","k":%q,"id":0,"x":%d,"y":%d,"b":1,"touch":true}`, k, x, y)
		if err := f.c.Write(ctx, websocket.MessageText, msg); err != nil {
			return err
		}
	}
	return nil
}

func (f *webFinger) close() {
	f.cancel()
	_ = f.c.CloseNow()
	f.wg.Wait()
}
