// Package web shows the panel in web browsers: a [raster.Output] that
// keeps a copy of the last frame (or, under the raster driver, reads the
// driver's own: [Server.PaintLock], [raster.FrameSharer]) and an
// [http.Handler] that serves a small page (GET /) and a WebSocket
// (GET /ws) to every viewer.
//
// A viewer gets the whole frame when it connects, then only what changed:
// each [Server.Present] copies its damaged rectangles into the server's
// frame, adds them to every viewer's pending damage and wakes the viewers'
// sender goroutines; Present never waits on the network. A sender keeps at
// most two batches unacknowledged (the browser acknowledges each once
// drawn): a change goes out while the browser still draws the one before,
// not a round trip later, and a slow viewer coalesces: its next batch
// carries the union of the damage since its last one, taken from the
// newest frame. Pending damage is at most [raster.MaxRects] rectangles (more
// merge into their bounding box), so memory stays bounded whatever a
// viewer does. A viewer that has not acknowledged a batch for
// [StallTimeout] (on the injected clock) is disconnected; its page
// reconnects and, like every new or reconnected viewer, gets a full frame.
// A resize sends every viewer a full frame with the new size.
//
// A batch is a list of PNG tiles: each damaged rectangle, cut into bands of
// at most 64 K pixels when larger (a band of few colours is paletted even
// where the frame has many, and the browser decodes bands in parallel).
// Each tile is copied out of the frame under the lock and encoded after
// it, one at a time, in one buffer of a tile's size: a change presented
// meanwhile may show in the later tiles only, and its damage goes out in
// the next batch.
// More than half the frame damaged sends the whole frame. Tiles are
// compressed at the fastest level (3 % more bytes than the default, a
// third of the time). Viewers that send the same rectangles of the same
// frame share one encoding (every viewer that keeps up sends each change
// alike; viewers that connect together get one full frame). The
// whole frame's bands stay encoded between full frames, each marked by
// the Presents that damage it: a full frame encodes only the bands
// damaged since the last one and copies the others, so a new viewer of a
// live panel, whose values change between the page's request and its
// WebSocket, waits for about one band's encoding, not the frame's.
// Measured on a 1280x800 operator screen: about 1.1 KB on the wire for a
// changed value (120x32 pixels), 40 KB for a full frame
// (BenchmarkValueChangeBytes, BenchmarkFirstFrameBytes).
//
// The page carries its first frame: serving it encodes the whole frame
// (from the band store) as a batch, base64 in a data block of the page,
// and writes that frame's version as a resume token in a <meta> above the
// page's first script. The page draws the batch as soon as its script
// runs, without waiting for its WebSocket's handshake and first message
// (at 1280x800 the script → the frame received took 38 ms at the median
// over the socket, 80 under load; the page takes the frame it carries
// 12–30 ms after its first script). Measured from the navigation's start,
// in turns with the frame over the socket, three runs under load 4–7:
// mean 163 / 255 / 266 ms against 177 / 285 / 277 (its decoding now
// overlaps the page's own load). It opens its
// WebSocket first, from a small inline script at the top of its <head>,
// with the token (ws?v=TOKEN): the server then sends the bands damaged
// since that version (the whole frame when it was resized since, or when
// the token is not this server's: a restart), or nothing until the next
// change; without a token the hello and the whole frame go out as soon
// as the socket is upgraded, with no request from the page. The page's
// script adopts the early socket and what it saw by then.
//
// The page decodes the tiles of a small batch (up to 128 K pixels: a
// change) with its own PNG decoder, synchronously as the message arrives,
// and puts their pixels: about 0.2 ms for a changed value where the
// browser's createImageBitmap took 2 to 10 ms (a Blob and decoder threads
// between the page and the pixels). A larger batch (a full frame) goes to
// the browser's decoders, which decode its bands in parallel: WebCodecs'
// ImageDecoder where the browser has it (in the page's process), else
// createImageBitmap of a Blob (through the browser's process: measured
// under load, a new viewer's bands decoded in 61 ms instead of 46). A
// batch is decoded as it arrives and drawn in order after the one
// before. Once the first frame is drawn the page runs its own decoder on
// the smallest band of each kind (paletted, RGB) and drops the result: V8
// then runs the decoder compiled, and the first change after the page
// loads is not the slowest by far (cold, a click's tiles took 30 to 120
// ms to decode; warm, 1 to 3). The page keeps a trace of its last batches (gohmi.trace:
// received, decoded, drawn, on the wall clock) for tests and benchmarks.
//
// The page scales the canvas to fit the browser window (by whole device
// pixels when it is larger than the panel, so pixels stay crisp) and maps
// pointer positions back to panel pixels. With [Options.Control] it sends
// the pointer (mouse, pen and touch, through Pointer Events), the wheel and
// the keyboard to [Options.Input]; without it the page says "view-only" and
// the server drops any event a viewer sends anyway.
//
// # Wire format
//
// The page's first frame, when it carries one, is a batch numbered 0 (not
// acknowledged). Server to browser, first a text message
// {"v":1,"control":bool}, then binary batches, all integers
// little-endian:
//
//	u8  kind (1: batch)
//	u32 seq      batch number of this connection, from 1
//	u16 w, h     frame size; the page resizes its canvas when it changes
//	u8  flags    bit 0: the batch covers the whole frame
//	u16 n        rectangles, then n times:
//	  u16 x, y, w, h   where (frame pixels)
//	  u8  encoding     1: PNG (opaque; palette when it has ≤ 256 colours)
//	  u32 len, then len bytes
//
// Browser to server, small JSON text messages (at most [MaxMessage] bytes;
// a larger one closes the connection):
//
//	{"t":"ack","seq":N}                               batch N is drawn
//	{"t":"ptr","k":"down|move|up|cancel|scroll","id":0,"x":10.5,"y":4,
//	 "b":1,"touch":false,"dx":0,"dy":0}               pointer, panel pixels
//	{"t":"key","name":"Return","rune":0,"up":false,"mod":0}
//
// Everything a browser sends is network input and is checked: malformed or
// unknown messages are dropped with a log line (rate-limited per viewer on
// the clock), coordinates are clamped to the frame, finger ids, buttons,
// modifiers and scroll amounts to their ranges, key names must be Fyne's
// and runes printable.
//
// # Security
//
// The server binds nothing: the caller mounts it on its own listener
// (hmi's --web ADDR, loopback by default). The WebSocket accepts only
// same-origin pages, and the page is served with a content security policy
// that allows its own inline script and nothing else. The server has no
// login of its own: [Options.Allow] decides per viewer at the upgrade
// (refuse, watch, or control when Control is set) and [Options.Active]
// hears a controlling viewer's input. `hmi run` binds loopback as it is
// and any other address through package hmi/netsec: TLS, a login with
// the project's users, Allow from the session's web-control permission.
// On https the page reloads (to the login) when its WebSocket is lost and
// the page itself answers with a redirect or 401: the session ended.
package web
