//go:build linux

package fb_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/goleak"
	"golang.org/x/sys/unix"

	"github.com/gohmi/gohmi/render/raster/fb"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var formats = []fb.Format{fb.XRGB8888, fb.XBGR8888, fb.RGB565, fb.BGR565}

// refPixel is the slow reference conversion: each component's top bits at
// its offset in a pixel value, stored in the machine's byte order.
func refPixel(f fb.Format, r, g, b uint8) []byte {
	type comp struct {
		v           uint8
		off, length uint
	}
	var cs [3]comp
	var x uint32 // the unused bits
	switch f {
	case fb.XRGB8888:
		cs, x = [3]comp{{r, 16, 8}, {g, 8, 8}, {b, 0, 8}}, 0xff<<24
	case fb.XBGR8888:
		cs, x = [3]comp{{r, 0, 8}, {g, 8, 8}, {b, 16, 8}}, 0xff<<24
	case fb.RGB565:
		cs = [3]comp{{r, 11, 5}, {g, 5, 6}, {b, 0, 5}}
	case fb.BGR565:
		cs = [3]comp{{r, 0, 5}, {g, 5, 6}, {b, 11, 5}}
	}
	v := x
	for _, c := range cs {
		v |= uint32(c.v>>(8-c.length)) << c.off
	}
	out := make([]byte, f.BytesPerPixel())
	if len(out) == 4 {
		binary.NativeEndian.PutUint32(out, v)
	} else {
		binary.NativeEndian.PutUint16(out, uint16(v))
	}
	return out
}

func randomFrame(rng *rand.Rand, w, h int) *image.RGBA {
	// A sub-image, so that frame.Rect.Min is not (0, 0) and rows have
	// a stride larger than the width.
	ox, oy := rng.IntN(5), rng.IntN(5)
	full := image.NewRGBA(image.Rect(-3, -2, ox+w+7, oy+h+1))
	for i := range full.Pix {
		full.Pix[i] = uint8(rng.Uint32())
	}
	return full.SubImage(image.Rect(ox, oy, ox+w, oy+h)).(*image.RGBA)
}

func randomRect(rng *rand.Rand, frame image.Rectangle) image.Rectangle {
	x0 := frame.Min.X - 5 + rng.IntN(frame.Dx()+10)
	y0 := frame.Min.Y - 5 + rng.IntN(frame.Dy()+10)
	return image.Rect(x0, y0, x0+rng.IntN(frame.Dx()), y0+rng.IntN(frame.Dy()))
}

// TestPresentFileBacked presents random damage of random frames (smaller
// and larger than the screen, not at the origin) to a file-backed
// framebuffer with padded rows, and checks after every Present that the
// file holds the reference conversion of the frame inside the damage,
// clipped to the screen, and its old bytes everywhere else.
func TestPresentFileBacked(t *testing.T) {
	for _, f := range formats {
		t.Run(f.String(), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, uint64(f)))
			const w, h = 37, 23
			bpp := f.BytesPerPixel()
			stride := w*bpp + 12
			want := make([]byte, stride*h)
			for i := range want {
				want[i] = uint8(rng.Uint32())
			}
			path := filepath.Join(t.TempDir(), "fb")
			if err := os.WriteFile(path, want, 0o600); err != nil {
				t.Fatal(err)
			}
			dev, err := fb.Open(path, fb.Options{Width: w, Height: h, Format: f, Stride: stride})
			if err != nil {
				t.Fatal(err)
			}
			defer dev.Close()
			if got := dev.Bounds(); got != image.Rect(0, 0, w, h) || dev.Format() != f || dev.Stride() != stride {
				t.Fatalf("Bounds %v Format %v Stride %d, want %dx%d %v %d", got, dev.Format(), dev.Stride(), w, h, f, stride)
			}
			for iter := range 200 {
				frame := randomFrame(rng, w-10+rng.IntN(20), h-10+rng.IntN(20))
				damage := make([]image.Rectangle, rng.IntN(5))
				for i := range damage {
					damage[i] = randomRect(rng, frame.Rect)
				}
				if iter == 0 {
					damage = []image.Rectangle{frame.Rect}
				}
				if err := dev.Present(frame, damage); err != nil {
					t.Fatal(err)
				}
				for _, r := range damage {
					r = r.Intersect(frame.Rect)
					for y := r.Min.Y; y < r.Max.Y; y++ {
						for x := r.Min.X; x < r.Max.X; x++ {
							fx, fy := x-frame.Rect.Min.X, y-frame.Rect.Min.Y
							if fx >= w || fy >= h {
								continue
							}
							c := frame.RGBAAt(x, y)
							copy(want[fy*stride+fx*bpp:], refPixel(f, c.R, c.G, c.B))
						}
					}
				}
				got, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if i := firstDiff(got, want); i >= 0 {
					t.Fatalf("iteration %d (frame %v, damage %v): byte %d (row %d, column byte %d) is %#x, want %#x",
						iter, frame.Rect, damage, i, i/stride, i%stride, got[i], want[i])
				}
			}
			if err := dev.Close(); err != nil {
				t.Fatal(err)
			}
			if got, _ := os.ReadFile(path); !bytes.Equal(got, want) {
				t.Fatal("the file changed at Close")
			}
		})
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	if len(a) != len(b) {
		return min(len(a), len(b))
	}
	return -1
}

// TestFormatRef pins the reference itself to known pixel values, so that
// the fast path and the reference cannot agree on a wrong conversion.
func TestFormatRef(t *testing.T) {
	for _, tc := range []struct {
		f       fb.Format
		r, g, b uint8
		want    uint32
	}{
		{fb.XRGB8888, 0x12, 0x34, 0x56, 0xff123456},
		{fb.XBGR8888, 0x12, 0x34, 0x56, 0xff563412},
		{fb.RGB565, 0xff, 0x00, 0x00, 0xf800},
		{fb.RGB565, 0x00, 0xff, 0x00, 0x07e0},
		{fb.RGB565, 0x00, 0x00, 0xff, 0x001f},
		{fb.RGB565, 0x87, 0x86, 0x0f, 0x8421},
		{fb.BGR565, 0xff, 0x00, 0x08, 0x081f},
	} {
		t.Run(fmt.Sprintf("%v/%02x%02x%02x", tc.f, tc.r, tc.g, tc.b), func(t *testing.T) {
			frame := image.NewRGBA(image.Rect(0, 0, 1, 1))
			copy(frame.Pix, []byte{tc.r, tc.g, tc.b, 0x80})
			path := filepath.Join(t.TempDir(), "fb")
			if err := os.WriteFile(path, nil, 0o600); err != nil {
				t.Fatal(err)
			}
			dev, err := fb.Open(path, fb.Options{Width: 1, Height: 1, Format: tc.f})
			if err != nil {
				t.Fatal(err)
			}
			if err := dev.Present(frame, []image.Rectangle{frame.Rect}); err != nil {
				t.Fatal(err)
			}
			dev.Close()
			got, _ := os.ReadFile(path)
			var v uint32
			if len(got) == 4 {
				v = binary.NativeEndian.Uint32(got)
			} else if len(got) == 2 {
				v = uint32(binary.NativeEndian.Uint16(got))
			}
			if v != tc.want || !bytes.Equal(got, refPixel(tc.f, tc.r, tc.g, tc.b)) {
				t.Errorf("pixel %#x (% x), want %#x (reference % x)", v, got, tc.want, refPixel(tc.f, tc.r, tc.g, tc.b))
			}
		})
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	short := filepath.Join(dir, "short")
	os.WriteFile(short, []byte{1, 2, 3}, 0o600)
	fifo := filepath.Join(dir, "fifo")
	if err := unix.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, path string
		o          fb.Options
		want       string
	}{
		{"missing", filepath.Join(dir, "fb0"), fb.Options{Width: 4, Height: 4, Format: fb.RGB565}, "no such file"},
		{"directory", dir, fb.Options{}, "is a directory"},
		{"fifo", fifo, fb.Options{Width: 4, Height: 4, Format: fb.RGB565}, "neither a framebuffer device nor a regular file"},
		{"no geometry", short, fb.Options{}, "is a regular file: give its width, height and pixel format"},
		{"no format", short, fb.Options{Width: 4, Height: 4}, "give its width"},
		{"short stride", short, fb.Options{Width: 4, Height: 4, Format: fb.XRGB8888, Stride: 15}, "needs 16 bytes, the stride is 15"},
		{"not a framebuffer", "/dev/null", fb.Options{}, "/dev/null is not a framebuffer (FBIOGET_VSCREENINFO"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dev, err := fb.Open(tc.path, tc.o)
			if err == nil {
				dev.Close()
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.path) {
				t.Errorf("error %q, want it to name %s and say %q", err, tc.path, tc.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "fb0")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Open created the missing path: %v", err)
	}
}

// TestFileExtendedAndClosed: a short file grows to the screen's size, and
// Present after Close is an error, not a crash on unmapped memory.
func TestFileExtendedAndClosed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fb")
	os.WriteFile(path, []byte{1, 2, 3}, 0o600)
	dev, err := fb.Open(path, fb.Options{Width: 10, Height: 3, Format: fb.RGB565})
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(path); st.Size() != 60 {
		t.Errorf("file is %d bytes, want 60", st.Size())
	}
	if got := dev.String(); got != path+" 10x3 RGB565" {
		t.Errorf("String() = %q", got)
	}
	frame := image.NewRGBA(image.Rect(0, 0, 10, 3))
	if err := dev.Close(); err != nil {
		t.Fatal(err)
	}
	if err := dev.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if err := dev.Present(frame, []image.Rectangle{frame.Rect}); !errors.Is(err, fb.ErrClosed) {
		t.Errorf("Present after Close: %v, want ErrClosed", err)
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range formats {
		if got, err := fb.ParseFormat(strings.ToLower(f.String())); got != f || err != nil {
			t.Errorf("ParseFormat(%q) = %v, %v", f, got, err)
		}
	}
	if _, err := fb.ParseFormat("RGB888"); err == nil || !strings.Contains(err.Error(), `"RGB888"`) {
		t.Errorf("ParseFormat(RGB888): %v", err)
	}
}

// BenchmarkPresent copies one 200x40 damaged rectangle and a full
// 1280x800 frame into a file-backed framebuffer.
//
//	CGO_ENABLED=0 go test -tags migrated_fynedo,no_emoji -run '^$' -bench Present ./render/raster/fb
func BenchmarkPresent(b *testing.B) {
	for _, f := range []fb.Format{fb.XRGB8888, fb.RGB565} {
		for _, r := range []image.Rectangle{image.Rect(500, 300, 700, 340), image.Rect(0, 0, 1280, 800)} {
			b.Run(fmt.Sprintf("%v/%dx%d", f, r.Dx(), r.Dy()), func(b *testing.B) {
				path := filepath.Join(shmDir(b), "fb")
				os.WriteFile(path, nil, 0o600)
				dev, err := fb.Open(path, fb.Options{Width: 1280, Height: 800, Format: f})
				if err != nil {
					b.Fatal(err)
				}
				defer dev.Close()
				frame := randomFrame(rand.New(rand.NewPCG(1, 2)), 1280, 800)
				damage := []image.Rectangle{r.Add(frame.Rect.Min)}
				b.SetBytes(int64(4 * r.Dx() * r.Dy()))
				b.ReportAllocs()
				for b.Loop() {
					dev.Present(frame, damage)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/1e3/float64(b.N), "µs/present")
			})
		}
	}
}

// shmDir is a directory in memory when there is one: a file on disk is
// written back behind the benchmark, and every page written after that
// faults again, which a framebuffer's memory does not.
func shmDir(b *testing.B) string {
	dir, err := os.MkdirTemp("/dev/shm", "fbbench")
	if err != nil {
		return b.TempDir()
	}
	b.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}
