//go:build linux

package fb

import (
	"strings"
	"testing"
	"unsafe"
)

// TestScreenInfoLayout: the structs match <linux/fb.h> on this machine's
// word size (fb_fix_screeninfo has two unsigned longs).
func TestScreenInfoLayout(t *testing.T) {
	if got := unsafe.Sizeof(varScreenInfo{}); got != 160 {
		t.Errorf("fb_var_screeninfo is %d bytes, want 160", got)
	}
	want := uintptr(80)
	if unsafe.Sizeof(uintptr(0)) == 4 {
		want = 68
	}
	if got := unsafe.Sizeof(fixScreenInfo{}); got != want {
		t.Errorf("fb_fix_screeninfo is %d bytes, want %d", got, want)
	}
	if got := unsafe.Offsetof(fixScreenInfo{}.LineLength); got != want-32 && want == 80 {
		t.Errorf("line_length at %d, want 48", got)
	}
}

func TestDeviceFormat(t *testing.T) {
	bf := func(o, l uint32) bitfield { return bitfield{Offset: o, Length: l} }
	for _, tc := range []struct {
		name string
		v    varScreenInfo
		typ  uint32
		want Format
		err  string
	}{
		{"xrgb8888", varScreenInfo{BitsPerPixel: 32, Red: bf(16, 8), Green: bf(8, 8), Blue: bf(0, 8)}, 0, XRGB8888, ""},
		{"argb8888", varScreenInfo{BitsPerPixel: 32, Red: bf(16, 8), Green: bf(8, 8), Blue: bf(0, 8), Transp: bf(24, 8)}, 0, XRGB8888, ""},
		{"xbgr8888", varScreenInfo{BitsPerPixel: 32, Red: bf(0, 8), Green: bf(8, 8), Blue: bf(16, 8)}, 0, XBGR8888, ""},
		{"rgb565", varScreenInfo{BitsPerPixel: 16, Red: bf(11, 5), Green: bf(5, 6), Blue: bf(0, 5)}, 0, RGB565, ""},
		{"bgr565", varScreenInfo{BitsPerPixel: 16, Red: bf(0, 5), Green: bf(5, 6), Blue: bf(11, 5)}, 0, BGR565, ""},
		{"rgb888", varScreenInfo{BitsPerPixel: 24, Red: bf(16, 8), Green: bf(8, 8), Blue: bf(0, 8)}, 0, 0, "24 bits per pixel, red 16/8 green 8/8 blue 0/8"},
		{"rgbx8888", varScreenInfo{BitsPerPixel: 32, Red: bf(24, 8), Green: bf(16, 8), Blue: bf(8, 8)}, 0, 0, "32 bits per pixel, red 24/8"},
		{"rgb555", varScreenInfo{BitsPerPixel: 16, Red: bf(10, 5), Green: bf(5, 5), Blue: bf(0, 5)}, 0, 0, "16 bits per pixel, red 10/5 green 5/5"},
		{"planes", varScreenInfo{BitsPerPixel: 16, Red: bf(11, 5), Green: bf(5, 6), Blue: bf(0, 5)}, 1, 0, "type 1"},
		{"gray", varScreenInfo{BitsPerPixel: 16, Red: bf(11, 5), Green: bf(5, 6), Blue: bf(0, 5), Grayscale: 1}, 0, 0, "grayscale 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := fixScreenInfo{Type: tc.typ}
			copy(x.ID[:], "testfb\x00junk")
			got, err := deviceFormat("/dev/fb9", &tc.v, &x)
			if got != tc.want {
				t.Errorf("format %v, want %v", got, tc.want)
			}
			if tc.err == "" && err != nil {
				t.Errorf("error %v", err)
			}
			if tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), "/dev/fb9 (testfb) reports an unsupported pixel format")) {
				t.Errorf("error %v, want one naming /dev/fb9 (testfb) and saying %q", err, tc.err)
			}
		})
	}
}
