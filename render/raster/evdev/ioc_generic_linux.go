//go:build !(mips || mipsle || mips64 || mips64le || ppc || ppc64 || ppc64le || sparc64)

package evdev

// The asm-generic ioctl encoding (arm, arm64, amd64, 386, riscv64, …).
const (
	iocRead     = 2
	iocWrite    = 1
	iocDirShift = 30
)
