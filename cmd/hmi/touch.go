package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"strings"
	"sync"
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
}

func addTouchFlags(fs *flag.FlagSet) touchFlags {
	return touchFlags{
		rotate:      fs.Int("touch-rotate", 0, "raster: turn touches clockwise by 0, 90, 180 or 270 degrees"),
		calibration: fs.String("touch-calibration", "", `raster: libinput's calibration matrix, six numbers "a b c d e f"`),
		swapXY:      fs.Bool("touch-swap-xy", false, "raster: the sensor's axes are swapped"),
		invertX:     fs.Bool("touch-invert-x", false, "raster: the sensor's x axis runs the other way"),
		invertY:     fs.Bool("touch-invert-y", false, "raster: the sensor's y axis runs the other way"),
	}
}

// touchReopen is how long a touch device that went away (unplugged, a
// driver reset) waits before it is opened again.
const touchReopen = time.Second

// openTouches opens the comma-separated evdev devices and feeds their
// events to in, each from a goroutine that wg owns and ctx stops. A
// device that fails later (unplugged) is logged and opened again every
// touchReopen: a panel's touch must come back without a restart. A
// device that cannot be opened at the start is an error.
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
	size := w.Canvas().Size()
	scale := w.Canvas().Scale()
	o.Width, o.Height = int(size.Width*scale+0.5), int(size.Height*scale+0.5)
	var devs []*evdev.Device
	for _, path := range strings.Split(paths, ",") {
		path = strings.TrimSpace(path)
		d, err := evdev.Open(path, o)
		if err != nil {
			for _, d := range devs {
				d.Close()
			}
			return fmt.Errorf("--touch: %w", err)
		}
		log.Info("touch", "device", d.String())
		devs = append(devs, d)
	}
	for i, d := range devs {
		path := strings.TrimSpace(strings.Split(paths, ",")[i])
		wg.Add(1)
		go func() {
			defer wg.Done()
			runTouch(ctx, d, path, o, in, log)
		}()
	}
	return nil
}

func runTouch(ctx context.Context, d *evdev.Device, path string, o evdev.Options, in raster.Input, log *slog.Logger) {
	for {
		err := d.Run(ctx, in)
		if ctx.Err() != nil {
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
