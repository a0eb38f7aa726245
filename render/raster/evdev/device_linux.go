package evdev

import (
	"fmt"
	"unsafe"

	"golang.org/x/sys/unix"
)

func ioc(dir, nr, size uintptr) uintptr {
	return dir<<iocDirShift | size<<16 | 'E'<<8 | nr
}

// absInfo is struct input_absinfo.
type absInfo struct{ Value, Min, Max, Fuzz, Flat, Resolution int32 }

// The evdev ioctls of <linux/input.h>.
func eviocgversion() uintptr       { return ioc(iocRead, 0x01, 4) }
func eviocgname(n uintptr) uintptr { return ioc(iocRead, 0x06, n) }
func eviocgbit(ev, n uintptr) uintptr {
	return ioc(iocRead, 0x20+ev, n)
}
func eviocgabs(abs uintptr) uintptr { return ioc(iocRead, 0x40+abs, unsafe.Sizeof(absInfo{})) }
func eviocgrab() uintptr            { return ioc(iocWrite, 0x90, 4) }

// probe reads what the options leave open from the device: its name, the
// ranges of its touch axes, its slots; and grabs it if asked. It goes
// through SyscallConn, not Fd, which would put the descriptor in blocking
// mode, where Close no longer interrupts a Read.
func (d *Device) probe(o *Options) error {
	rc, err := d.f.SyscallConn()
	if err != nil {
		return fmt.Errorf("evdev: %s: %w", d.path, err)
	}
	var perr error
	if err := rc.Control(func(fd uintptr) { perr = d.probeFD(fd, o) }); err != nil {
		return fmt.Errorf("evdev: %s: %w", d.path, err)
	}
	return perr
}

func (d *Device) probeFD(fd uintptr, o *Options) error {
	version := new(int32)
	if err := ioctl(fd, eviocgversion(), unsafe.Pointer(version)); err != nil {
		return fmt.Errorf("evdev: %s is not an input event device (EVIOCGVERSION: %w)", d.path, err)
	}
	name := make([]byte, 256)
	if ioctl(fd, eviocgname(uintptr(len(name))), unsafe.Pointer(&name[0])) == nil {
		d.name = cstring(name)
	}
	abs := new([absCount / 8]byte)
	if err := ioctl(fd, eviocgbit(evAbs, uintptr(len(abs))), unsafe.Pointer(abs)); err != nil {
		return fmt.Errorf("%s: EVIOCGBIT(EV_ABS): %w", d, err)
	}
	has := func(code int) bool { return abs[code/8]&(1<<(code%8)) != 0 }
	xCode, yCode := absX, absY
	if has(absMTPositionX) && has(absMTPositionY) {
		xCode, yCode = absMTPositionX, absMTPositionY
		d.mt = true
	}
	if has(xCode) && has(yCode) {
		for _, a := range []struct {
			code int
			axis *Axis
		}{{xCode, &o.X}, {yCode, &o.Y}} {
			if *a.axis != (Axis{}) {
				continue
			}
			info, err := d.absInfo(fd, a.code)
			if err != nil {
				return err
			}
			*a.axis = Axis{info.Min, info.Max}
		}
	}
	if has(absMTSlot) {
		info, err := d.absInfo(fd, absMTSlot)
		if err != nil {
			return err
		}
		if o.Slots == 0 {
			o.Slots = int(min(max(info.Max+1, 1), MaxSlots))
		}
		d.slot = int(info.Value)
	}
	if o.Grab {
		if _, _, e := unix.Syscall(unix.SYS_IOCTL, fd, eviocgrab(), 1); e != 0 {
			return fmt.Errorf("%s: EVIOCGRAB: %w (another program has it?)", d, e)
		}
	}
	return nil
}

func (d *Device) absInfo(fd uintptr, code int) (*absInfo, error) {
	info := new(absInfo)
	if err := ioctl(fd, eviocgabs(uintptr(code)), unsafe.Pointer(info)); err != nil {
		return nil, fmt.Errorf("%s: EVIOCGABS(%#x): %w", d, code, err)
	}
	return info, nil
}

func ioctl(fd, req uintptr, arg unsafe.Pointer) error {
	if _, _, e := unix.Syscall(unix.SYS_IOCTL, fd, req, uintptr(arg)); e != 0 {
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
