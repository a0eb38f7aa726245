package evdev

import (
	"encoding/binary"
	"fmt"

	"fyne.io/fyne/v2/driver/desktop"

	"github.com/gohmi/gohmi/render/raster"
)

// Decoder turns a stream of struct input_event into window events. It is
// not safe for concurrent use; its state is bounded whatever it reads.
type Decoder struct {
	size  int // bytes per event
	t     transform
	kb    keyboard
	part  [24]byte // a partial event carried to the next Decode
	npart int

	slots  [MaxSlots]slot
	nslots int
	cur    int  // the current protocol B slot; -1: one beyond nslots
	mt     bool // the device sent multi-touch events: ignore single-touch ones

	protoA     bool // the device separates contacts with SYN_MT_REPORT
	aIndex     int  // contacts listed so far in this protocol A frame
	aX, aY     int32
	aHasX      bool
	aHasY      bool
	stX, stY   int32 // single-touch position and contact
	stTouch    bool
	dropping   bool // after SYN_DROPPED, until the next SYN_REPORT
	anyTouches bool // t has axes
}

// slot is one finger.
type slot struct {
	x, y    int32   // the raw position the device last reported
	contact bool    // the device says a finger is on
	renew   bool    // a new finger replaced the one we reported down, in this frame
	down    bool    // we sent PointerDown and no Up or Cancel since
	px, py  float32 // the window position we last sent
}

// NewDecoder checks the options and returns a decoder in the state of a
// device just opened: no finger down, slot 0 current, num lock on.
func NewDecoder(o Options) (*Decoder, error) {
	d, err := newDecoder(o)
	if err != nil {
		return nil, fmt.Errorf("evdev: %w", err)
	}
	return d, nil
}

func newDecoder(o Options) (*Decoder, error) {
	if o.Layout == 0 {
		o.Layout = NativeLayout
	}
	if o.Layout != Layout64 && o.Layout != Layout32 {
		return nil, fmt.Errorf("%v: want Layout64 or Layout32", o.Layout)
	}
	if o.Slots < 0 {
		return nil, fmt.Errorf("%d slots", o.Slots)
	}
	t, err := newTransform(&o)
	if err != nil {
		return nil, err
	}
	d := &Decoder{size: o.Layout.Size(), t: t, nslots: MaxSlots, anyTouches: t.hasAxes()}
	if o.Slots > 0 && o.Slots < MaxSlots {
		d.nslots = o.Slots
	}
	d.kb.num = true
	return d, nil
}

// Decode reads the events in p and sends what they mean to in. p need not
// hold whole events: the rest of one waits for the next call.
func (d *Decoder) Decode(p []byte, in raster.Input) {
	if d.npart > 0 {
		n := copy(d.part[d.npart:d.size], p)
		d.npart += n
		p = p[n:]
		if d.npart < d.size {
			return
		}
		d.event(d.part[:d.size], in)
		d.npart = 0
	}
	for len(p) >= d.size {
		d.event(p[:d.size], in)
		p = p[d.size:]
	}
	d.npart = copy(d.part[:], p)
}

// Reset cancels every finger down (PointerCancel) and forgets held
// modifiers and a partial event: for when the stream broke (Run calls it
// when it returns).
func (d *Decoder) Reset(in raster.Input) {
	d.cancelAll(in)
	d.npart = 0
}

// event handles one struct input_event: the time (one or two longs)
// is skipped; type, code and value are the last 8 bytes.
func (d *Decoder) event(b []byte, in raster.Input) {
	b = b[len(b)-8:]
	typ := binary.NativeEndian.Uint16(b[0:])
	code := binary.NativeEndian.Uint16(b[2:])
	value := int32(binary.NativeEndian.Uint32(b[4:]))
	if d.dropping {
		if typ == evSyn && code == synReport {
			d.dropping = false
		}
		return
	}
	switch typ {
	case evSyn:
		d.syn(code, in)
	case evKey:
		switch {
		case code == btnTouch:
			d.stTouch = value != 0
		case code < keyMax:
			d.kb.key(code, value, in)
		}
	case evAbs:
		d.abs(code, value)
	}
}

func (d *Decoder) syn(code uint16, in raster.Input) {
	switch code {
	case synReport:
		d.frame(in)
	case synMTReport:
		d.protoA = true
		if d.aHasX || d.aHasY {
			if d.aIndex < d.nslots {
				s := &d.slots[d.aIndex]
				if d.aHasX {
					s.x = d.aX
				}
				if d.aHasY {
					s.y = d.aY
				}
				s.contact = true
			}
			d.aIndex++
		}
		d.aHasX, d.aHasY = false, false
	case synDropped:
		// The kernel's buffer overflowed: the state we hold is wrong.
		// Cancel every finger, and ignore the rest of this frame; a finger
		// still on the screen comes back with its next new tracking ID.
		d.cancelAll(in)
		d.dropping = true
	}
}

func (d *Decoder) abs(code uint16, v int32) {
	var s *slot
	if d.cur >= 0 && d.cur < d.nslots {
		s = &d.slots[d.cur]
	}
	switch code {
	case absX:
		d.stX = v
	case absY:
		d.stY = v
	case absMTSlot:
		d.mt = true
		d.cur = -1
		if v >= 0 && int(v) < d.nslots {
			d.cur = int(v)
		}
	case absMTTracking:
		d.mt = true
		if s != nil && !d.protoA {
			s.contact = v >= 0
			s.renew = v >= 0 && s.down
		}
	case absMTPositionX:
		d.mt = true
		d.aX, d.aHasX = v, true
		if s != nil && !d.protoA {
			s.x = v
		}
	case absMTPositionY:
		d.mt = true
		d.aY, d.aHasY = v, true
		if s != nil && !d.protoA {
			s.y = v
		}
	}
}

// frame ends a SYN_REPORT frame: what changed in each slot becomes
// pointer events, in slot order.
func (d *Decoder) frame(in raster.Input) {
	if d.protoA {
		for i := min(d.aIndex, d.nslots); i < d.nslots; i++ {
			d.slots[i].contact = false
		}
		d.aIndex, d.aHasX, d.aHasY = 0, false, false
	} else if !d.mt {
		s := &d.slots[0]
		s.x, s.y, s.contact = d.stX, d.stY, d.stTouch
	}
	if !d.anyTouches {
		return
	}
	for i := range d.slots[:d.nslots] {
		s := &d.slots[i]
		x, y := d.t.pixel(s.x, s.y)
		if s.down && (!s.contact || s.renew) {
			ux, uy := x, y
			if s.renew {
				ux, uy = s.px, s.py
			}
			d.send(in, raster.PointerUp, i, ux, uy)
			s.down = false
		}
		s.renew = false
		switch {
		case s.contact && !s.down:
			d.send(in, raster.PointerDown, i, x, y)
			s.down, s.px, s.py = true, x, y
		case s.contact && (x != s.px || y != s.py):
			d.send(in, raster.PointerMove, i, x, y)
			s.px, s.py = x, y
		}
	}
}

// cancelAll cancels the fingers down and forgets every contact.
func (d *Decoder) cancelAll(in raster.Input) {
	for i := range d.slots[:d.nslots] {
		s := &d.slots[i]
		if s.down {
			d.send(in, raster.PointerCancel, i, s.px, s.py)
		}
		s.down, s.contact, s.renew = false, false, false
	}
	d.aIndex, d.aHasX, d.aHasY = 0, false, false
	d.stTouch = false
	d.kb.reset()
}

func (d *Decoder) send(in raster.Input, k raster.PointerKind, id int, x, y float32) {
	in.Pointer(raster.PointerEvent{Kind: k, ID: id, X: x, Y: y, Button: desktop.MouseButtonPrimary, Touch: true})
}
