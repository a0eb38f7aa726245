package evdev_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/gohmi/gohmi/render/raster"
	"github.com/gohmi/gohmi/render/raster/evdev"
)

// FuzzDecode feeds any bytes, in either layout and under any transform,
// to a decoder, all at once and in pieces. Properties: no panic; the
// same events either way; finger IDs within the slots followed; a
// finger goes down before it moves or ends, and never down twice;
// positions inside the screen.
//
//	go test -tags migrated_fynedo,no_emoji -run '^$' -fuzz FuzzDecode ./render/raster/evdev
func FuzzDecode(f *testing.F) {
	for _, s := range streams {
		rec := readEvemu(f, filepath.Join("testdata", s.name+".evemu"))
		f.Add(encode(rec.events, evdev.Layout64), false, uint8(0))
		f.Add(encode(rec.events, evdev.Layout32), true, uint8(0x25))
	}
	f.Fuzz(func(t *testing.T, data []byte, l32 bool, flags uint8) {
		o := evdev.Options{
			Width: 800, Height: 480, X: evdev.Axis{Min: -10, Max: 4095}, Y: evdev.Axis{Min: 0, Max: 4095},
			Rotation: int(flags&3) * 90, SwapXY: flags&4 != 0, InvertX: flags&8 != 0, InvertY: flags&16 != 0,
			Slots:  int(flags >> 5 * 3), // 0 (all), 3, …, 21 (capped)
			Layout: evdev.Layout64,
		}
		if l32 {
			o.Layout = evdev.Layout32
		}
		if flags&0x80 != 0 {
			o.Calibration = [6]float32{1.2, 0.1, -0.1, 0, 0.9, 0.05}
		}
		whole := &checker{t: t, slots: o.Slots}
		d, err := evdev.NewDecoder(o)
		if err != nil {
			t.Fatal(err)
		}
		d.Decode(data, whole)
		d.Reset(whole)
		for id, down := range whole.down {
			if down {
				t.Fatalf("finger %d still down after Reset", id)
			}
		}
		pieces := &checker{t: t, slots: o.Slots}
		d, _ = evdev.NewDecoder(o)
		step := len(data)%11 + 1
		for p := data; len(p) > 0; p = p[min(step, len(p)):] {
			d.Decode(p[:min(step, len(p))], pieces)
		}
		d.Reset(pieces)
		if len(whole.log) != len(pieces.log) {
			t.Fatalf("%d events at once, %d in pieces of %d", len(whole.log), len(pieces.log), step)
		}
		for i := range whole.log {
			if whole.log[i] != pieces.log[i] {
				t.Fatalf("event %d: %s at once, %s in pieces", i, whole.log[i], pieces.log[i])
			}
		}
	})
}

// checker is a raster.Input checking the fuzz properties.
type checker struct {
	t     *testing.T
	slots int
	down  [evdev.MaxSlots]bool
	log   []string
}

func (c *checker) Pointer(e raster.PointerEvent) {
	limit := evdev.MaxSlots
	if c.slots > 0 && c.slots < limit {
		limit = c.slots
	}
	if e.ID < 0 || e.ID >= limit {
		c.t.Fatalf("finger ID %d, want < %d", e.ID, limit)
	}
	if !(e.X >= 0 && e.X < 800 && e.Y >= 0 && e.Y < 480) {
		c.t.Fatalf("%+v outside the 800x480 screen", e)
	}
	switch e.Kind {
	case raster.PointerDown:
		if c.down[e.ID] {
			c.t.Fatalf("finger %d down twice", e.ID)
		}
		c.down[e.ID] = true
	case raster.PointerMove, raster.PointerUp, raster.PointerCancel:
		if !c.down[e.ID] {
			c.t.Fatalf("%v of finger %d, which is not down", e.Kind, e.ID)
		}
		c.down[e.ID] = e.Kind == raster.PointerMove
	default:
		c.t.Fatalf("event kind %v", e.Kind)
	}
	if len(c.log) < 1<<16 {
		c.log = append(c.log, fmt.Sprintf("%+v", e))
	}
}

func (c *checker) Key(e raster.KeyEvent) {
	if e.Name == "" {
		c.t.Fatalf("key event without a name: %+v", e)
	}
	if len(c.log) < 1<<16 {
		c.log = append(c.log, fmt.Sprintf("%+v", e))
	}
}
