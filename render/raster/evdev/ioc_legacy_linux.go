//go:build mips || mipsle || mips64 || mips64le || ppc || ppc64 || ppc64le || sparc64

package evdev

// The ioctl encoding of MIPS, PowerPC and SPARC: three direction bits.
const (
	iocRead     = 2
	iocWrite    = 4
	iocDirShift = 29
)
