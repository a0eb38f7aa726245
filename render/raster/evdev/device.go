package evdev

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sync"
	"syscall"

	"github.com/gohmi/gohmi/render/raster"
)

// readEvents is how many events one read asks for.
const readEvents = 64

// Device is an open input device, recorded stream or pipe.
type Device struct {
	path string
	name string // the device's name (EVIOCGNAME), or "" for a file
	f    *os.File
	dec  *Decoder
	mt   bool // the device has multi-touch axes (probe)
	slot int  // its current slot when opened (probe)
}

// Open opens an input device (/dev/input/eventN, or a stable link under
// /dev/input/by-path or by-id): the axis ranges and slot count not given
// in o come from the device's ioctls; or a regular file or a named pipe
// holding struct input_event, whose ranges o must give. The device is
// only read; Grab in o takes it for this process alone.
func Open(path string, o Options) (*Device, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("evdev: %w", err)
	}
	d := &Device{path: path, f: f}
	if err := d.open(&o); err != nil {
		f.Close()
		return nil, err
	}
	return d, nil
}

func (d *Device) open(o *Options) error {
	st, err := d.f.Stat()
	if err != nil {
		return fmt.Errorf("evdev: %w", err)
	}
	switch m := st.Mode(); {
	case m&fs.ModeCharDevice != 0:
		if o.Layout != 0 && o.Layout != NativeLayout {
			return fmt.Errorf("evdev: %s: a device speaks the %v of this build, not the %v", d.path, NativeLayout, o.Layout)
		}
		if err := d.probe(o); err != nil {
			return err
		}
	case m.IsRegular(), m&fs.ModeNamedPipe != 0:
	default:
		return fmt.Errorf("evdev: %s is neither an input device, a file nor a pipe (%s)", d.path, m.Type())
	}
	dec, err := newDecoder(*o)
	if err != nil {
		return fmt.Errorf("%s: %w", d, err)
	}
	if d.mt {
		dec.mt = true // ignore the single-touch emulation from the start
	}
	if d.slot > 0 && d.slot < dec.nslots {
		dec.cur = d.slot
	}
	d.dec = dec
	return nil
}

// Name returns the device's name as its driver gives it ("" for a file).
func (d *Device) Name() string { return d.name }

// String is the path and, for a device, its name: for logs and errors.
func (d *Device) String() string {
	if d.name == "" {
		return "evdev: " + d.path
	}
	return fmt.Sprintf("evdev: %s (%s)", d.path, d.name)
}

// Run reads events and sends them to in until ctx ends (then it returns
// nil), the stream ends (an error wrapping io.EOF) or the device fails
// (an error; a device unplugged says it disappeared). Whatever ends it,
// Run cancels the fingers still down first, so no button stays pressed,
// and closes the device: to go on after an error, Open it again (the
// caller decides whether and how often; a USB panel comes back under the
// same /dev/input/by-path link). Run is called once; the goroutine it
// starts to close the device at ctx's end is stopped and waited for
// before it returns.
func (d *Device) Run(ctx context.Context, in raster.Input) (err error) {
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		select {
		case <-ctx.Done():
			d.f.Close() // unblocks the read
		case <-stop:
		}
	}()
	defer func() {
		close(stop)
		wg.Wait()
		d.dec.Reset(in)
		d.f.Close()
	}()
	buf := make([]byte, readEvents*d.dec.size)
	for {
		n, err := d.f.Read(buf)
		d.dec.Decode(buf[:n], in)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return d.readError(err)
		}
	}
}

func (d *Device) readError(err error) error {
	switch {
	case errors.Is(err, io.EOF):
		return fmt.Errorf("%s: end of input: %w", d, io.EOF)
	case errors.Is(err, syscall.ENODEV):
		return fmt.Errorf("%s: the device disappeared (unplugged?): %w; open it again to go on", d, err)
	}
	return fmt.Errorf("%s: read: %w", d, err)
}

// Close closes the device; Run closes it too when it returns. Closing
// twice is harmless.
func (d *Device) Close() error {
	if err := d.f.Close(); err != nil && !errors.Is(err, os.ErrClosed) {
		return fmt.Errorf("%s: %w", d, err)
	}
	return nil
}
