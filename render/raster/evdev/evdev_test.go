package evdev_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2/driver/desktop"
	"go.uber.org/goleak"

	"github.com/gohmi/gohmi/render/raster"
	"github.com/gohmi/gohmi/render/raster/evdev"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var update = flag.Bool("update", false, "rewrite testdata's binary streams (.ev64, .ev32) and goldens from the .evemu sources")

// rawEvent is one struct input_event.
type rawEvent struct {
	sec, usec int64
	typ, code uint16
	value     int32
}

// recording is a stream in evemu-record's text format: its axes (A:
// lines) and events (E: lines).
type recording struct {
	events []rawEvent
	axes   map[uint16]evdev.Axis
}

func readEvemu(t testing.TB, path string) recording {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rec := recording{axes: map[uint16]evdev.Axis{}}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text, _, _ := strings.Cut(sc.Text(), "#")
		fields := strings.Fields(text)
		if len(fields) == 0 {
			continue
		}
		bad := func(err error) { t.Fatalf("%s:%d: %v", path, line, err) }
		switch fields[0] {
		case "A:":
			code, err1 := strconv.ParseUint(fields[1], 16, 16)
			lo, err2 := strconv.ParseInt(fields[2], 10, 32)
			hi, err3 := strconv.ParseInt(fields[3], 10, 32)
			if err := errors.Join(err1, err2, err3); err != nil {
				bad(err)
			}
			rec.axes[uint16(code)] = evdev.Axis{Min: int32(lo), Max: int32(hi)}
		case "E:":
			sec, usec, _ := strings.Cut(fields[1], ".")
			s, err1 := strconv.ParseInt(sec, 10, 64)
			us, err2 := strconv.ParseInt(usec, 10, 64)
			typ, err3 := strconv.ParseUint(fields[2], 16, 16)
			code, err4 := strconv.ParseUint(fields[3], 16, 16)
			v, err5 := strconv.ParseInt(fields[4], 10, 32)
			if err := errors.Join(err1, err2, err3, err4, err5); err != nil {
				bad(err)
			}
			rec.events = append(rec.events, rawEvent{s, us, uint16(typ), uint16(code), int32(v)})
		}
	}
	return rec
}

// options are the device's ranges and slots as the recording's A: lines
// say (as EVIOCGABS would), over o.
func (r recording) options(o evdev.Options) evdev.Options {
	x, y := uint16(0x35), uint16(0x36)
	if _, ok := r.axes[x]; !ok {
		x, y = 0, 1
	}
	o.X, o.Y = r.axes[x], r.axes[y]
	if s, ok := r.axes[0x2f]; ok {
		o.Slots = int(s.Max) + 1
	}
	return o
}

// encode writes events as struct input_event of layout l, in the
// machine's byte order, as the kernel does.
func encode(evs []rawEvent, l evdev.Layout) []byte {
	out := make([]byte, 0, len(evs)*l.Size())
	ne := binary.NativeEndian
	for _, e := range evs {
		if l == evdev.Layout64 {
			out = ne.AppendUint64(out, uint64(e.sec))
			out = ne.AppendUint64(out, uint64(e.usec))
		} else {
			out = ne.AppendUint32(out, uint32(e.sec))
			out = ne.AppendUint32(out, uint32(e.usec))
		}
		out = ne.AppendUint16(out, e.typ)
		out = ne.AppendUint16(out, e.code)
		out = ne.AppendUint32(out, uint32(e.value))
	}
	return out
}

// recorder is a raster.Input writing one line per event.
type recorder struct {
	mu    sync.Mutex
	lines []string
	down  chan struct{} // gets a value at each PointerDown, if not nil
}

var kinds = map[raster.PointerKind]string{raster.PointerDown: "down", raster.PointerMove: "move",
	raster.PointerUp: "up", raster.PointerCancel: "cancel"}

func (r *recorder) Pointer(e raster.PointerEvent) {
	line := fmt.Sprintf("%s %d %.3f,%.3f", kinds[e.Kind], e.ID, e.X, e.Y)
	if !e.Touch || e.Button != desktop.MouseButtonPrimary || e.DX != 0 || e.DY != 0 {
		line += fmt.Sprintf(" BAD %+v", e)
	}
	r.mu.Lock()
	r.lines = append(r.lines, line)
	r.mu.Unlock()
	if e.Kind == raster.PointerDown && r.down != nil {
		r.down <- struct{}{}
	}
}

func (r *recorder) Key(e raster.KeyEvent) {
	dir := "down"
	if e.Up {
		dir = "up"
	}
	line := fmt.Sprintf("key %-4s %q", dir, string(e.Name))
	if e.Rune != 0 {
		line += fmt.Sprintf(" %q", e.Rune)
	}
	if e.Modifier != 0 {
		line += fmt.Sprintf(" mod=%d", e.Modifier)
	}
	r.mu.Lock()
	r.lines = append(r.lines, line)
	r.mu.Unlock()
}

func (r *recorder) text() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.lines, "\n") + "\n"
}

// streams are the recordings in testdata, with the screen each maps onto.
var streams = []struct {
	name string
	o    evdev.Options
}{
	{"tap", evdev.Options{Width: 800, Height: 480}},
	{"drag", evdev.Options{Width: 800, Height: 480}},
	{"twofingers", evdev.Options{Width: 1280, Height: 800}},
	{"dropped", evdev.Options{Width: 1280, Height: 800}},
	{"single", evdev.Options{Width: 800, Height: 480, InvertY: true}},
	{"protoa", evdev.Options{Width: 1024, Height: 600}},
	{"keyboard", evdev.Options{}},
}

var layouts = []struct {
	ext string
	l   evdev.Layout
}{{"ev64", evdev.Layout64}, {"ev32", evdev.Layout32}}

// TestRecordings reads each recorded stream, in both layouts, through
// Open and Run from its file, and compares the window events with the
// golden. The binary files must be the .evemu source's events: a real
// capture (`cat /dev/input/eventN > x.ev64`, on a 64-bit machine) can
// take their place.
func TestRecordings(t *testing.T) {
	for _, s := range streams {
		rec := readEvemu(t, filepath.Join("testdata", s.name+".evemu"))
		golden := filepath.Join("testdata", s.name+".golden")
		for _, l := range layouts {
			t.Run(s.name+"/"+l.ext, func(t *testing.T) {
				bin := filepath.Join("testdata", s.name+"."+l.ext)
				want := encode(rec.events, l.l)
				if *update {
					if err := os.WriteFile(bin, want, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				if got, err := os.ReadFile(bin); err != nil || !bytes.Equal(got, want) {
					t.Fatalf("%s does not hold the events of its .evemu source (run with -update): %v", bin, err)
				}
				o := rec.options(s.o)
				o.Layout = l.l
				got := runFile(t, bin, o)
				if *update && l.l == evdev.Layout64 {
					os.WriteFile(golden, []byte(got), 0o644)
				}
				wantText, err := os.ReadFile(golden)
				if err != nil {
					t.Fatal(err)
				}
				if got != string(wantText) {
					t.Errorf("events differ from %s:\n got:\n%s\nwant:\n%s", golden, got, wantText)
				}
			})
		}
	}
}

// runFile runs a Device on a file to its end and returns its events.
func runFile(t *testing.T, path string, o evdev.Options) string {
	t.Helper()
	dev, err := evdev.Open(path, o)
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()
	var r recorder
	err = dev.Run(context.Background(), &r)
	if !errors.Is(err, io.EOF) || !strings.Contains(err.Error(), path) {
		t.Errorf("Run: %v, want an error naming %s and wrapping io.EOF", err, path)
	}
	return r.text()
}

// TestDecodeChunked: the decoder gives the same events whether the bytes
// come all at once or one at a time.
func TestDecodeChunked(t *testing.T) {
	for _, s := range streams {
		rec := readEvemu(t, filepath.Join("testdata", s.name+".evemu"))
		for _, l := range layouts {
			o := rec.options(s.o)
			o.Layout = l.l
			data := encode(rec.events, l.l)
			var whole, bytewise recorder
			d1, err := evdev.NewDecoder(o)
			if err != nil {
				t.Fatal(err)
			}
			d1.Decode(data, &whole)
			d2, _ := evdev.NewDecoder(o)
			for i := range data {
				d2.Decode(data[i:i+1], &bytewise)
			}
			if whole.text() != bytewise.text() {
				t.Errorf("%s/%s: byte by byte:\n%s\nwhole:\n%s", s.name, l.ext, bytewise.text(), whole.text())
			}
		}
	}
}

// frame is one touch at raw (x, y) in protocol B, then a lift.
func frame(x, y int32) []rawEvent {
	return []rawEvent{
		{typ: 3, code: 0x39, value: 1}, {typ: 3, code: 0x35, value: x}, {typ: 3, code: 0x36, value: y}, {},
		{typ: 3, code: 0x39, value: -1}, {},
	}
}

// TestTransform: where a raw position lands on a 200x100 screen, for
// axes 0..99, through swaps, inversions, calibration matrices and
// rotations. A raw value is the centre of its cell: 24 is 0.245.
func TestTransform(t *testing.T) {
	cal := func(s string) [6]float32 {
		m, err := evdev.ParseCalibration(s)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	for _, tc := range []struct {
		name   string
		o      evdev.Options
		rx, ry int32
		x, y   float32
	}{
		{"identity", evdev.Options{}, 24, 74, 49, 74.5},
		{"swap", evdev.Options{SwapXY: true}, 24, 74, 149, 24.5},
		{"invert x", evdev.Options{InvertX: true}, 24, 74, 151, 74.5},
		{"invert y", evdev.Options{InvertY: true}, 24, 74, 49, 25.5},
		{"rotate 90", evdev.Options{Rotation: 90}, 24, 74, 51, 24.5},
		{"rotate 180", evdev.Options{Rotation: 180}, 24, 74, 151, 25.5},
		{"rotate 270", evdev.Options{Rotation: 270}, 24, 74, 149, 75.5},
		{"libinput 90° matrix", evdev.Options{Calibration: cal("0 -1 1 1 0 0")}, 24, 74, 51, 24.5},
		{"scale and offset", evdev.Options{Calibration: cal("0.5,0,0.25,0,0.5,0.25")}, 24, 74, 74.5, 62.25},
		{"swap, invert x, rotate 90", evdev.Options{SwapXY: true, InvertX: true, Rotation: 90}, 24, 74, 151, 25.5},
		{"calibration before rotation", evdev.Options{Calibration: cal("1 0 0.1 0 1 0"), Rotation: 180}, 24, 74, 131, 25.5},
		{"clamped inside", evdev.Options{}, 150, -20, 199.99998, 0},
		{"corner", evdev.Options{}, 99, 99, 199, 99.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := tc.o
			o.Width, o.Height = 200, 100
			o.X, o.Y = evdev.Axis{Min: 0, Max: 99}, evdev.Axis{Min: 0, Max: 99}
			d, err := evdev.NewDecoder(o)
			if err != nil {
				t.Fatal(err)
			}
			var r recorder
			d.Decode(encode(frame(tc.rx, tc.ry), evdev.NativeLayout), &r)
			want := fmt.Sprintf("down 0 %.3f,%.3f\nup 0 %.3f,%.3f\n", tc.x, tc.y, tc.x, tc.y)
			if got := r.text(); got != want {
				t.Errorf("got\n%swant\n%s", got, want)
			}
		})
	}
}

// TestSlotsCapped: slots beyond the limit are ignored, and so are their
// positions; the current slot comes back with a valid ABS_MT_SLOT.
func TestSlotsCapped(t *testing.T) {
	o := evdev.Options{Width: 100, Height: 100, X: evdev.Axis{Max: 99}, Y: evdev.Axis{Max: 99}, Slots: 2}
	d, _ := evdev.NewDecoder(o)
	var r recorder
	d.Decode(encode([]rawEvent{
		{typ: 3, code: 0x2f, value: 5}, {typ: 3, code: 0x39, value: 1}, {typ: 3, code: 0x35, value: 10}, {},
		{typ: 3, code: 0x2f, value: 1000000}, {typ: 3, code: 0x39, value: 2}, {},
		{typ: 3, code: 0x2f, value: -3}, {typ: 3, code: 0x39, value: 3}, {},
		{typ: 3, code: 0x2f, value: 1}, {typ: 3, code: 0x39, value: 4}, {typ: 3, code: 0x36, value: 20}, {},
	}, evdev.NativeLayout), &r)
	if got, want := r.text(), "down 1 0.500,20.500\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestOptionErrors(t *testing.T) {
	ax := evdev.Axis{Max: 99}
	for _, tc := range []struct {
		name string
		o    evdev.Options
		want string
	}{
		{"rotation", evdev.Options{Rotation: 45}, "rotation 45: want 0, 90, 180 or 270"},
		{"empty range", evdev.Options{Width: 1, Height: 1, X: ax, Y: evdev.Axis{Min: 5, Max: 5}}, "axis ranges x 0..99, y 5..5: each needs max > min"},
		{"one range", evdev.Options{Width: 1, Height: 1, X: ax}, "axis ranges x 0..99, y 0..0: each needs max > min"},
		{"no screen", evdev.Options{X: ax, Y: ax}, "screen size 0x0: touch needs the screen's width and height"},
		{"layout", evdev.Options{Layout: 20}, "Layout(20): want Layout64 or Layout32"},
		{"slots", evdev.Options{Slots: -1}, "-1 slots"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := evdev.NewDecoder(tc.o)
			if err == nil || !strings.HasPrefix(err.Error(), "evdev: "+tc.want) {
				t.Errorf("error %v, want %q", err, "evdev: "+tc.want)
			}
		})
	}
}

func TestParseCalibration(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want [6]float32
		err  string
	}{
		{"1 0 0 0 1 0", [6]float32{1, 0, 0, 0, 1, 0}, ""},
		{" 0,-1, 1 1\t0 0 ", [6]float32{0, -1, 1, 1, 0, 0}, ""},
		{"1.5e-1 0 0 0 1 0", [6]float32{0.15, 0, 0, 0, 1, 0}, ""},
		{"1 0 0 0 1", [6]float32{}, `calibration "1 0 0 0 1": want 6 numbers (a b c d e f), got 5`},
		{"1 0 0 0 1 x", [6]float32{}, `number 6 ("x") is not a finite number`},
		{"1 0 0 0 1 NaN", [6]float32{}, `number 6 ("NaN") is not a finite number`},
	} {
		got, err := evdev.ParseCalibration(tc.in)
		if tc.err == "" && (err != nil || got != tc.want) {
			t.Errorf("ParseCalibration(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
		if tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("ParseCalibration(%q): error %v, want %q", tc.in, err, tc.err)
		}
	}
}

// BenchmarkDecode decodes two fingers dragging, 2 × 10,000 frames.
//
//	CGO_ENABLED=0 go test -tags migrated_fynedo,no_emoji -run '^$' -bench Decode ./render/raster/evdev
func BenchmarkDecode(b *testing.B) {
	var evs []rawEvent
	for i := range int32(10000) {
		evs = append(evs,
			rawEvent{typ: 3, code: 0x2f, value: 0}, rawEvent{typ: 3, code: 0x35, value: i % 1000}, rawEvent{typ: 3, code: 0x36, value: i % 700},
			rawEvent{typ: 3, code: 0x2f, value: 1}, rawEvent{typ: 3, code: 0x35, value: 999 - i%1000},
			rawEvent{typ: 1, code: 0x14a, value: 1}, rawEvent{typ: 3, code: 0, value: i % 1000}, rawEvent{})
	}
	evs = append([]rawEvent{{typ: 3, code: 0x39, value: 1}, {typ: 3, code: 0x2f, value: 1}, {typ: 3, code: 0x39, value: 2}}, evs...)
	data := encode(evs, evdev.NativeLayout)
	d, _ := evdev.NewDecoder(evdev.Options{Width: 1280, Height: 800, X: evdev.Axis{Max: 999}, Y: evdev.Axis{Max: 699}})
	var n counter
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		d.Decode(data, &n)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(len(evs)*b.N), "ns/input_event")
}

type counter struct{ n int }

func (c *counter) Pointer(raster.PointerEvent) { c.n++ }
func (c *counter) Key(raster.KeyEvent)         { c.n++ }
