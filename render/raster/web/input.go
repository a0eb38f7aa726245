package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"github.com/coder/websocket"

	"github.com/gohmi/gohmi/render/raster"
)

// Limits on what a browser may send.
const (
	maxFingers = 10     // finger ids 0..9
	maxScroll  = 4096.0 // pixels of scroll in one event
	badLogGap  = time.Second
)

// msgKind says what a browser's message is.
type msgKind uint8

const (
	msgAck msgKind = iota + 1
	msgPointer
	msgKey
)

// message is one checked message from a browser.
type message struct {
	kind msgKind
	seq  uint32              // msgAck
	ptr  raster.PointerEvent // msgPointer
	key  raster.KeyEvent     // msgKey
}

// wireMessage is the JSON a browser sends (see the package comment).
type wireMessage struct {
	T     string  `json:"t"`
	Seq   int64   `json:"seq"`
	K     string  `json:"k"`
	ID    int64   `json:"id"`
	X     float64 `json:"x"`
	Y     float64 `json:"y"`
	B     int64   `json:"b"`
	Touch bool    `json:"touch"`
	DX    float64 `json:"dx"`
	DY    float64 `json:"dy"`
	Name  string  `json:"name"`
	Rune  int64   `json:"rune"`
	Up    bool    `json:"up"`
	Mod   int64   `json:"mod"`
}

// parseMessage decodes and checks one message of a browser whose frame is
// w×h pixels. Pointer positions are clamped into the frame.
func parseMessage(p []byte, w, h int) (message, error) {
	if len(p) > MaxMessage {
		return message{}, fmt.Errorf("message of %d bytes, more than %d", len(p), MaxMessage)
	}
	var m wireMessage
	if err := json.Unmarshal(p, &m); err != nil {
		return message{}, fmt.Errorf("malformed message: %v", err)
	}
	switch m.T {
	case "ack":
		if m.Seq < 1 || m.Seq > math.MaxUint32 {
			return message{}, fmt.Errorf("ack: batch %d out of range", m.Seq)
		}
		return message{kind: msgAck, seq: uint32(m.Seq)}, nil
	case "ptr":
		e, err := pointerEvent(&m, w, h)
		return message{kind: msgPointer, ptr: e}, err
	case "key":
		e, err := keyEvent(&m)
		return message{kind: msgKey, key: e}, err
	default:
		return message{}, fmt.Errorf("unknown message kind %q", clip(m.T))
	}
}

// pointerEvent checks a pointer message.
func pointerEvent(m *wireMessage, w, h int) (raster.PointerEvent, error) {
	var e raster.PointerEvent
	switch m.K {
	case "down":
		e.Kind = raster.PointerDown
	case "move":
		e.Kind = raster.PointerMove
	case "up":
		e.Kind = raster.PointerUp
	case "cancel":
		e.Kind = raster.PointerCancel
	case "scroll":
		e.Kind = raster.PointerScroll
	default:
		return e, fmt.Errorf("ptr: unknown pointer kind %q", clip(m.K))
	}
	if w <= 0 || h <= 0 {
		return e, errors.New("ptr: no frame yet")
	}
	if m.ID < 0 || m.ID >= maxFingers {
		return e, fmt.Errorf("ptr: finger %d out of range 0..%d", m.ID, maxFingers-1)
	}
	e.ID = int(m.ID)
	e.X, e.Y = clampPos(m.X, w), clampPos(m.Y, h)
	e.Touch = m.Touch
	switch b := desktop.MouseButton(m.B); b {
	case 0, desktop.MouseButtonPrimary, desktop.MouseButtonSecondary, desktop.MouseButtonTertiary:
		e.Button = b
	default:
		return e, fmt.Errorf("ptr: unknown button %d", m.B)
	}
	if e.Touch {
		e.Button = desktop.MouseButtonPrimary
	}
	if e.Kind == raster.PointerScroll {
		e.DX, e.DY = clampScroll(m.DX), clampScroll(m.DY)
	}
	return e, nil
}

// clampPos clamps a position into [0, n), in pixels.
func clampPos(v float64, n int) float32 {
	return float32(math.Min(math.Max(v, 0), float64(math.Nextafter32(float32(n), 0))))
}

func clampScroll(v float64) float32 {
	return float32(math.Min(math.Max(v, -maxScroll), maxScroll))
}

// keyEvent checks a key message.
func keyEvent(m *wireMessage) (raster.KeyEvent, error) {
	e := raster.KeyEvent{Name: fyne.KeyName(m.Name), Up: m.Up, Modifier: fyne.KeyModifier(m.Mod) & allModifiers}
	if m.Name != "" && !knownKey(e.Name) {
		return e, fmt.Errorf("key: unknown key %q", clip(m.Name))
	}
	if m.Rune != 0 && !m.Up {
		r := rune(m.Rune)
		if int64(r) != m.Rune || !utf8.ValidRune(r) || !(unicode.IsPrint(r) || r == ' ') {
			return e, fmt.Errorf("key: rune %d is not a printable character", m.Rune)
		}
		e.Rune = r
	}
	if e.Name == "" && e.Rune == 0 {
		return e, errors.New("key: neither a key nor a character")
	}
	return e, nil
}

const allModifiers = fyne.KeyModifierShift | fyne.KeyModifierControl | fyne.KeyModifierAlt | fyne.KeyModifierSuper

// knownKey reports whether n is one of Fyne's key names.
func knownKey(n fyne.KeyName) bool {
	switch n {
	case fyne.KeyEscape, fyne.KeyReturn, fyne.KeyTab, fyne.KeyBackspace, fyne.KeyInsert, fyne.KeyDelete,
		fyne.KeyRight, fyne.KeyLeft, fyne.KeyDown, fyne.KeyUp, fyne.KeyPageUp, fyne.KeyPageDown,
		fyne.KeyHome, fyne.KeyEnd, fyne.KeyF1, fyne.KeyF2, fyne.KeyF3, fyne.KeyF4, fyne.KeyF5,
		fyne.KeyF6, fyne.KeyF7, fyne.KeyF8, fyne.KeyF9, fyne.KeyF10, fyne.KeyF11, fyne.KeyF12,
		fyne.KeyEnter, fyne.Key0, fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6,
		fyne.Key7, fyne.Key8, fyne.Key9, fyne.KeySpace, fyne.KeyApostrophe, fyne.KeyComma,
		fyne.KeyMinus, fyne.KeyPeriod, fyne.KeySlash, fyne.KeyBackslash, fyne.KeyLeftBracket,
		fyne.KeyRightBracket, fyne.KeySemicolon, fyne.KeyEqual, fyne.KeyAsterisk, fyne.KeyPlus,
		fyne.KeyBackTick,
		desktop.KeyShiftLeft, desktop.KeyShiftRight, desktop.KeyControlLeft, desktop.KeyControlRight,
		desktop.KeyAltLeft, desktop.KeyAltRight, desktop.KeySuperLeft, desktop.KeySuperRight,
		desktop.KeyMenu, desktop.KeyPrintScreen, desktop.KeyCapsLock:
		return true
	}
	if len(n) == 1 && n[0] >= 'A' && n[0] <= 'Z' {
		return true
	}
	return false
}

// clip shortens a browser's string for a log line.
func clip(s string) string {
	if len(s) > 24 {
		s = s[:24] + "…"
	}
	return s
}

// read reads the viewer's messages until ctx ends or the connection fails.
func (v *viewer) read(ctx context.Context, c *websocket.Conn) error {
	for {
		typ, p, err := c.Read(ctx)
		if err != nil {
			return err
		}
		if typ != websocket.MessageText {
			v.bad(errors.New("binary message"))
			continue
		}
		w, h := v.s.size.load()
		m, err := parseMessage(p, w, h)
		if err != nil {
			v.bad(err)
			continue
		}
		v.handle(m)
	}
}

// handle acts on one checked message.
func (v *viewer) handle(m message) {
	switch m.kind {
	case msgAck:
		if m.seq > v.sent.Load() || m.seq <= v.acked.Load() {
			v.bad(fmt.Errorf("ack of batch %d, sent %d, acknowledged %d", m.seq, v.sent.Load(), v.acked.Load()))
			return
		}
		v.acked.Store(m.seq)
		v.wakeUp()
	case msgPointer, msgKey:
		in := v.s.input
		if !v.control || in == nil {
			if v.dropped == 0 {
				v.s.log.Info("web: view-only: the viewer's input is dropped", "viewer", v.id, "addr", v.addr)
			}
			v.dropped++
			return
		}
		if v.s.active != nil {
			v.s.active(v.req)
		}
		if v.s.origin != nil {
			o := v.s.origin(v.req)
			m.ptr.Origin, m.key.Origin = o, o
		}
		if m.kind == msgPointer {
			in.Pointer(m.ptr)
		} else {
			in.Key(m.key)
		}
	}
}

// bad logs a rejected message, at most once per badLogGap of the clock
// per viewer, with the number left unlogged since the last line.
func (v *viewer) bad(err error) {
	now := v.s.clk.Now()
	if !v.lastLog.IsZero() && now.Sub(v.lastLog) < badLogGap {
		v.suppressed++
		return
	}
	v.s.log.Warn("web: message from a viewer dropped", "viewer", v.id, "addr", v.addr, "err", err, "unlogged", v.suppressed)
	v.lastLog, v.suppressed = now, 0
}
