package evdev

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// MaxSlots caps the fingers followed at once: a device that reports more
// slots, or events for a slot beyond, has them ignored.
const MaxSlots = 16

// Layout is the size of one struct input_event, which depends on the
// word size of the process reading it (struct timeval is two longs).
type Layout uint8

// The two layouts of struct input_event.
const (
	Layout64 Layout = 24 // 64-bit: 8-byte seconds, 8-byte microseconds, type, code, value
	Layout32 Layout = 16 // 32-bit (ARMv7 and 386 builds): 4-byte seconds and microseconds

	// NativeLayout is the layout of this build's word size: what a device
	// gives this process.
	NativeLayout Layout = 16 + 8*Layout(^uint(0)>>63)
)

// Size is the layout's bytes per event.
func (l Layout) Size() int { return int(l) }

// String names the layout.
func (l Layout) String() string {
	switch l {
	case Layout64:
		return "64-bit input_event"
	case Layout32:
		return "32-bit input_event"
	}
	return fmt.Sprintf("Layout(%d)", uint8(l))
}

// Axis is the range of a raw axis, as EVIOCGABS reports it.
type Axis struct{ Min, Max int32 }

// Options say how to turn a device's events into window events.
type Options struct {
	// Width and Height are the screen in pixels that touches map onto;
	// required when the device has touch axes.
	Width, Height int

	// X and Y are the raw axis ranges. A zero Axis is read from the device
	// (EVIOCGABS: ABS_MT_POSITION_X/Y, else ABS_X/Y); give them for a
	// recorded stream, or to override a device that reports wrong ones.
	// Both zero on a file: a device without touch, whose touch events are
	// ignored.
	X, Y Axis

	// SwapXY, InvertX and InvertY correct a sensor wired differently from
	// its screen; they apply before Calibration and Rotation.
	SwapXY, InvertX, InvertY bool

	// Calibration is libinput's calibration matrix [a b c d e f] applied to
	// normalised coordinates: x' = a·x + b·y + c, y' = d·x + e·y + f. The
	// zero value is the identity. See ParseCalibration.
	Calibration [6]float32

	// Rotation turns touches clockwise by 0, 90, 180 or 270 degrees, for a
	// sensor mounted turned against its screen; it applies last.
	Rotation int

	// Slots is how many multi-touch slots to follow; 0 is what the device
	// reports (ABS_MT_SLOT), or MaxSlots for a file. At most MaxSlots.
	Slots int

	// Layout is the size of struct input_event; 0 is NativeLayout, the
	// only one a device speaks. Set it to decode a stream recorded on a
	// machine of the other word size.
	Layout Layout

	// Grab takes the device for this process alone (EVIOCGRAB), so that
	// keys do not also reach a console or getty on the same screen.
	Grab bool
}

// ParseCalibration reads libinput's six numbers ("1 0 0 0 1 0"; spaces
// or commas), as LIBINPUT_CALIBRATION_MATRIX writes them.
func ParseCalibration(s string) ([6]float32, error) {
	var m [6]float32
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
	if len(f) != 6 {
		return m, fmt.Errorf("evdev: calibration %q: want 6 numbers (a b c d e f), got %d", s, len(f))
	}
	for i, w := range f {
		v, err := strconv.ParseFloat(w, 32)
		if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
			return m, fmt.Errorf("evdev: calibration %q: number %d (%q) is not a finite number", s, i+1, w)
		}
		m[i] = float32(v)
	}
	return m, nil
}

// transform maps raw positions to window pixels (see the package doc).
type transform struct {
	x, y          Axis
	swap, ix, iy  bool
	m             [6]float64
	rot           int
	width, height float64
	maxX, maxY    float32 // the last representable coordinate inside the screen
}

func newTransform(o *Options) (transform, error) {
	t := transform{x: o.X, y: o.Y, swap: o.SwapXY, ix: o.InvertX, iy: o.InvertY, rot: o.Rotation,
		width: float64(o.Width), height: float64(o.Height)}
	switch o.Rotation {
	case 0, 90, 180, 270:
	default:
		return t, fmt.Errorf("rotation %d: want 0, 90, 180 or 270", o.Rotation)
	}
	t.m = [6]float64{1, 0, 0, 0, 1, 0}
	if o.Calibration != ([6]float32{}) {
		for i, v := range o.Calibration {
			if math.IsInf(float64(v), 0) || math.IsNaN(float64(v)) {
				return t, fmt.Errorf("calibration %v: not finite", o.Calibration)
			}
			t.m[i] = float64(v)
		}
	}
	if !t.hasAxes() {
		return t, nil
	}
	if o.X.Max <= o.X.Min || o.Y.Max <= o.Y.Min {
		return t, fmt.Errorf("axis ranges x %d..%d, y %d..%d: each needs max > min", o.X.Min, o.X.Max, o.Y.Min, o.Y.Max)
	}
	if o.Width <= 0 || o.Height <= 0 {
		return t, fmt.Errorf("screen size %dx%d: touch needs the screen's width and height in pixels", o.Width, o.Height)
	}
	t.maxX = math.Nextafter32(float32(o.Width), 0)
	t.maxY = math.Nextafter32(float32(o.Height), 0)
	return t, nil
}

// hasAxes: the device reports touch positions we can map.
func (t *transform) hasAxes() bool { return t.x != (Axis{}) || t.y != (Axis{}) }

func norm(v int32, a Axis) float64 {
	return (float64(v) - float64(a.Min) + 0.5) / (float64(a.Max) - float64(a.Min) + 1)
}

// pixel maps a raw position to window pixels.
func (t *transform) pixel(rx, ry int32) (float32, float32) {
	x, y := norm(rx, t.x), norm(ry, t.y)
	if t.swap {
		x, y = y, x
	}
	if t.ix {
		x = 1 - x
	}
	if t.iy {
		y = 1 - y
	}
	m := &t.m
	x, y = m[0]*x+m[1]*y+m[2], m[3]*x+m[4]*y+m[5]
	switch t.rot {
	case 90:
		x, y = 1-y, x
	case 180:
		x, y = 1-x, 1-y
	case 270:
		x, y = y, 1-x
	}
	return clamp(float32(x*t.width), t.maxX), clamp(float32(y*t.height), t.maxY)
}

func clamp(v, hi float32) float32 {
	switch {
	case v >= 0 && v <= hi:
		return v
	case v > hi:
		return hi
	}
	return 0 // below zero, or NaN
}
