package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gohmi/gohmi/render/raster"
	"github.com/gohmi/gohmi/render/raster/evdev"
)

// touchFlags are the corrections for a touch sensor mounted or wired
// differently from its screen.
type touchFlags struct {
	rotate      *int
	calibration *string
	swapXY      *bool
	invertX     *bool
	invertY     *bool
	axes        *string
}

func addTouchFlags(fs *flag.FlagSet) touchFlags {
	return touchFlags{
		rotate:      fs.Int("touch-rotate", 0, "raster: turn touches clockwise by 0, 90, 180 or 270 degrees"),
		calibration: fs.String("touch-calibration", "", `raster: libinput's calibration matrix, six numbers "a b c d e f"`),
		swapXY:      fs.Bool("touch-swap-xy", false, "raster: the sensor's axes are swapped"),
		invertX:     fs.Bool("touch-invert-x", false, "raster: the sensor's x axis runs the other way"),
		invertY:     fs.Bool("touch-invert-y", false, "raster: the sensor's y axis runs the other way"),
		axes:        fs.String("touch-axes", "", "raster: the raw axis ranges XMIN:XMAX,YMIN:YMAX, e.g. 0:4095,0:4095 (default: what the device reports; needed for a recorded file or a pipe)"),
	}
}

// set names the first correction given, or is empty: a correction
// without --touch would silently do nothing.
func (tf touchFlags) set() string {
	switch {
	case *tf.rotate != 0:
		return "--touch-rotate"
	case *tf.calibration != "":
		return "--touch-calibration"
	case *tf.swapXY:
		return "--touch-swap-xy"
	case *tf.invertX:
		return "--touch-invert-x"
	case *tf.invertY:
		return "--touch-invert-y"
	case *tf.axes != "":
		return "--touch-axes"
	}
	return ""
}

// touchReopen is how long a touch device that went away (unplugged, a
// driver reset) waits before it is opened again.
const touchReopen = time.Second

// openTouches opens the comma-separated evdev devices and feeds their
// events to in, each from a goroutine that wg owns and ctx stops. A
// device that fails later (unplugged) is logged and opened again every
// touchReopen: a panel's touch must come back without a restart. A file
// or a pipe that ends (io.EOF) is done. A device or file that cannot be
// opened at the start is an error; a named pipe is opened by its
// goroutine, as its writer comes (its open waits for one).
// Its events go to in: the window, wrapped so that the runtime knows a
// write came from the panel (not the web view) and resets the idle logout.
func openTouches(ctx context.Context, paths string, tf touchFlags, w *raster.Window, in raster.Input, log *slog.Logger, wg *sync.WaitGroup) error {
	if paths == "" {
		return nil
	}
	o := evdev.Options{Rotation: *tf.rotate, SwapXY: *tf.swapXY, InvertX: *tf.invertX, InvertY: *tf.invertY}
	if *tf.calibration != "" {
		c, err := evdev.ParseCalibration(*tf.calibration)
		if err != nil {
			return fmt.Errorf("--touch-calibration: %w", err)
		}
		o.Calibration = c
	}
	if *tf.axes != "" {
		var err error
		if o.X, o.Y, err = parseTouchAxes(*tf.axes); err != nil {
			return fmt.Errorf("--touch-axes: %w", err)
		}
	}
	size := w.Canvas().Size()
	scale := w.Canvas().Scale()
	o.Width, o.Height = int(size.Width*scale+0.5), int(size.Height*scale+0.5)
	type touch struct {
		path string
		d    *evdev.Device // nil for a named pipe: runTouch opens it
	}
	var devs []touch
	for _, path := range strings.Split(paths, ",") {
		path = strings.TrimSpace(path)
		if isPipe(path) {
			devs = append(devs, touch{path: path})
			continue
		}
		d, err := evdev.Open(path, o)
		if err != nil {
			for _, t := range devs {
				if t.d != nil {
					t.d.Close()
				}
			}
			return fmt.Errorf("--touch: %w", err)
		}
		logTouch(log, d, o)
		devs = append(devs, touch{path, d})
	}
	for _, t := range devs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			runTouch(ctx, t.d, t.path, o, in, log)
		}()
	}
	return nil
}

func logTouch(log *slog.Logger, d *evdev.Device, o evdev.Options) {
	log.Info("touch", "device", d.String(), "screen", fmt.Sprintf("%dx%d", o.Width, o.Height))
}

// isPipe reports whether path is a named pipe: opening its reading end
// waits for a writer, so it is opened by its goroutine, not at the start.
func isPipe(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode()&fs.ModeNamedPipe != 0
}

// openPipe opens the named pipe at path, which waits in open(2) until a
// writer comes, and gives up when ctx ends: it then opens the writing end
// itself, so that the open in its goroutine returns and is waited for.
func openPipe(ctx context.Context, path string, o evdev.Options) (*evdev.Device, error) {
	type opened struct {
		d   *evdev.Device
		err error
	}
	res := make(chan opened, 1)
	go func() {
		d, err := evdev.Open(path, o)
		res <- opened{d, err}
	}()
	select {
	case r := <-res:
		return r.d, r.err
	case <-ctx.Done():
	}
	tick := time.NewTicker(10 * time.Millisecond) // until the goroutine is in open(2)
	defer tick.Stop()
	for {
		if w, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
		}
		select {
		case r := <-res:
			if r.d != nil {
				r.d.Close()
			}
			return nil, ctx.Err()
		case <-tick.C:
		}
	}
}

// runTouch feeds d's events to in until ctx ends; d nil is a named pipe
// to open first.
func runTouch(ctx context.Context, d *evdev.Device, path string, o evdev.Options, in raster.Input, log *slog.Logger) {
	if d == nil {
		var err error
		if d, err = openPipe(ctx, path, o); err != nil {
			if ctx.Err() == nil {
				log.Error("touch", "err", err)
			}
			return
		}
		logTouch(log, d, o)
	}
	for {
		err := d.Run(ctx, in)
		if ctx.Err() != nil {
			return
		}
		if errors.Is(err, io.EOF) {
			// A recorded file or a pipe whose writer closed: opened again,
			// a file would replay its touches every touchReopen, and a
			// pipe would block in open until a writer comes, deaf to ctx.
			log.Info("touch: end of input", "device", d.String())
			return
		}
		log.Error("touch", "err", err)
		for {
			t := time.NewTimer(touchReopen)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			}
			if d, err = evdev.Open(path, o); err == nil {
				log.Info("touch back", "device", d.String())
				break
			}
		}
	}
}

// parseTouchAxes reads XMIN:XMAX,YMIN:YMAX, the raw ranges of a touch
// sensor's axes (as evtest prints them).
func parseTouchAxes(s string) (x, y evdev.Axis, err error) {
	var n int
	n, err = fmt.Sscanf(s, "%d:%d,%d:%d", &x.Min, &x.Max, &y.Min, &y.Max)
	if err != nil || n != 4 || fmt.Sprintf("%d:%d,%d:%d", x.Min, x.Max, y.Min, y.Max) != strings.ReplaceAll(s, " ", "") {
		return x, y, fmt.Errorf("%q: want XMIN:XMAX,YMIN:YMAX, e.g. 0:4095,0:4095", s)
	}
	if x.Max <= x.Min || y.Max <= y.Min {
		return x, y, fmt.Errorf("%q: each axis's maximum must be above its minimum", s)
	}
	return x, y, nil
}
