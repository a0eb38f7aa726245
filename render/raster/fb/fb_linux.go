package fb

import (
	"fmt"
	"os"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The framebuffer ioctls and constants of <linux/fb.h>.
const (
	ioctlGetVScreenInfo = 0x4600 // FBIOGET_VSCREENINFO
	ioctlGetFScreenInfo = 0x4602 // FBIOGET_FSCREENINFO
	ioctlBlank          = 0x4611 // FBIOBLANK
	blankUnblank        = 0      // FB_BLANK_UNBLANK
	typePackedPixels    = 0      // FB_TYPE_PACKED_PIXELS
)

// bitfield is struct fb_bitfield.
type bitfield struct{ Offset, Length, MSBRight uint32 }

// varScreenInfo is struct fb_var_screeninfo (160 bytes).
type varScreenInfo struct {
	XRes, YRes, XResVirtual, YResVirtual uint32
	XOffset, YOffset                     uint32
	BitsPerPixel, Grayscale              uint32
	Red, Green, Blue, Transp             bitfield
	NonStd, Activate                     uint32
	Height, Width                        uint32 // millimetres
	AccelFlags, PixClock                 uint32
	LeftMargin, RightMargin              uint32
	UpperMargin, LowerMargin             uint32
	HSyncLen, VSyncLen, Sync, VMode      uint32
	Rotate, Colorspace                   uint32
	Reserved                             [4]uint32
}

// fixScreenInfo is struct fb_fix_screeninfo; unsigned long is uintptr, so
// Go lays it out as C does on 32- and 64-bit machines.
type fixScreenInfo struct {
	ID                             [16]byte
	SmemStart                      uintptr
	SmemLen, Type, TypeAux, Visual uint32
	XPanStep, YPanStep, YWrapStep  uint16
	LineLength                     uint32
	MMIOStart                      uintptr
	MMIOLen, Accel                 uint32
	Capabilities                   uint16
	Reserved                       [2]uint16
}

// Open maps the framebuffer at path: a device (/dev/fb0), whose geometry,
// pixel format and line length come from its ioctls, or a regular file
// described by o, which is extended to its size if shorter (it is never
// created: a mistyped device path must not become a file). Open also
// unblanks a device (FBIOBLANK), which a console screensaver may have
// blanked; a driver that does not support blanking is not an error.
func Open(path string, o Options) (*FB, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("fb: %w", err)
	}
	defer f.Close() // the mapping outlives the descriptor
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("fb: %w", err)
	}
	switch {
	case st.Mode()&os.ModeCharDevice != 0:
		return openDevice(path, f)
	case st.Mode().IsRegular():
		return openFile(path, f, st.Size(), o)
	}
	return nil, fmt.Errorf("fb: %s is neither a framebuffer device nor a regular file (%s)", path, st.Mode().Type())
}

func openDevice(path string, f *os.File) (*FB, error) {
	fd := int(f.Fd())
	v, x := new(varScreenInfo), new(fixScreenInfo)
	if err := ioctl(fd, ioctlGetVScreenInfo, unsafe.Pointer(v)); err != nil {
		return nil, fmt.Errorf("fb: %s is not a framebuffer (FBIOGET_VSCREENINFO: %w)", path, err)
	}
	if err := ioctl(fd, ioctlGetFScreenInfo, unsafe.Pointer(x)); err != nil {
		return nil, fmt.Errorf("fb: %s: FBIOGET_FSCREENINFO: %w", path, err)
	}
	format, err := deviceFormat(path, v, x)
	if err != nil {
		return nil, err
	}
	bpp := format.BytesPerPixel()
	stride := int(x.LineLength)
	if stride == 0 {
		stride = int(v.XResVirtual) * bpp
	}
	size := int(x.SmemLen)
	if size == 0 {
		size = stride * int(v.YResVirtual)
	}
	off := int(v.YOffset)*stride + int(v.XOffset)*bpp
	mem, err := unix.Mmap(fd, 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		return nil, fmt.Errorf("fb: %s: mmap %d bytes: %w", path, size, err)
	}
	fb, err := newFB(path, mem, off, int(v.XRes), int(v.YRes), stride, format)
	if err != nil {
		unix.Munmap(mem)
		return nil, err
	}
	_ = unix.IoctlSetInt(fd, ioctlBlank, blankUnblank) // best effort: see Open
	return fb, nil
}

// deviceFormat reads the pixel format from the screen infos, or says
// what the device reported that is not supported.
func deviceFormat(path string, v *varScreenInfo, x *fixScreenInfo) (Format, error) {
	r, g, b := v.Red, v.Green, v.Blue
	var f Format
	switch {
	case x.Type != typePackedPixels || v.Grayscale != 0 || v.NonStd != 0:
	case v.BitsPerPixel == 32 && r.Length == 8 && g.Length == 8 && b.Length == 8 && g.Offset == 8:
		switch {
		case r.Offset == 16 && b.Offset == 0:
			f = XRGB8888
		case r.Offset == 0 && b.Offset == 16:
			f = XBGR8888
		}
	case v.BitsPerPixel == 16 && r.Length == 5 && g.Length == 6 && b.Length == 5 && g.Offset == 5:
		switch {
		case r.Offset == 11 && b.Offset == 0:
			f = RGB565
		case r.Offset == 0 && b.Offset == 11:
			f = BGR565
		}
	}
	if f == 0 {
		return 0, fmt.Errorf("fb: %s (%s) reports an unsupported pixel format: %d bits per pixel, red %d/%d green %d/%d blue %d/%d (offset/length), type %d, grayscale %d, nonstd %d; supported: XRGB8888, XBGR8888, RGB565, BGR565 (try `fbset -depth 32` or `-depth 16`)",
			path, cstring(x.ID[:]), v.BitsPerPixel, r.Offset, r.Length, g.Offset, g.Length, b.Offset, b.Length, x.Type, v.Grayscale, v.NonStd)
	}
	return f, nil
}

func openFile(path string, f *os.File, size int64, o Options) (*FB, error) {
	bpp := o.Format.BytesPerPixel()
	if bpp == 0 || o.Width <= 0 || o.Height <= 0 {
		return nil, fmt.Errorf("fb: %s is a regular file: give its width, height and pixel format (got %dx%d %s)", path, o.Width, o.Height, o.Format)
	}
	stride := o.Stride
	if stride == 0 {
		stride = o.Width * bpp
	}
	if stride < o.Width*bpp {
		return nil, fmt.Errorf("fb: %s: a row of %d %s pixels needs %d bytes, the stride is %d", path, o.Width, o.Format, o.Width*bpp, stride)
	}
	need := int64(stride) * int64(o.Height)
	if size < need {
		if err := f.Truncate(need); err != nil {
			return nil, fmt.Errorf("fb: %w", err)
		}
	}
	mem, err := unix.Mmap(int(f.Fd()), 0, int(need), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		return nil, fmt.Errorf("fb: %s: mmap %d bytes: %w", path, need, err)
	}
	fb, err := newFB(path, mem, 0, o.Width, o.Height, stride, o.Format)
	if err != nil {
		unix.Munmap(mem)
		return nil, err
	}
	return fb, nil
}

func unmap(mem []byte) error { return unix.Munmap(mem) }

func ioctl(fd int, req uintptr, arg unsafe.Pointer) error {
	_, _, e := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), req, uintptr(arg))
	if e != 0 {
		return e
	}
	return nil
}

func cstring(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}
