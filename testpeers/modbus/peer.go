// Package modbuspeer builds and runs the libmodbus test device (server.c in
// this directory) for gohmi's Modbus tests: over TCP on 127.0.0.1, or as
// an RTU slave on one end of a socat pty pair, waiting for its READY line.
//
// The device is compiled once per test process (cc and pkg-config
// libmodbus). When cc, libmodbus or socat is missing, tests are skipped,
// or fail when the environment variable CI is set (`make deps` installs
// them).
package modbuspeer

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Peer is a running (or stopped) device.
type Peer struct {
	Addr string // 127.0.0.1:PORT for TCP, "" for RTU
	Port int    // 0 for RTU

	t    testing.TB
	args []string

	mu  sync.Mutex // guards cmd
	cmd *exec.Cmd
}

// Start starts the device on a free port of 127.0.0.1 with server.c's
// options (-s START:COUNT, -e START:COUNT:CODE) and stops it when t ends.
func Start(t testing.TB, opts ...string) *Peer {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	p := &Peer{t: t, Port: port, Addr: "127.0.0.1:" + strconv.Itoa(port),
		args: append([]string{"tcp", strconv.Itoa(port)}, opts...)}
	p.Restart()
	t.Cleanup(p.Stop)
	return p
}

// StartRTU starts the device as an RTU slave (unit 1, 19200 8E1) on device,
// one end of a [PtyPair], and stops it when t ends.
func StartRTU(t testing.TB, device string, opts ...string) *Peer {
	t.Helper()
	p := &Peer{t: t, args: append([]string{"rtu", device, "-b", "19200"}, opts...)}
	p.Restart()
	t.Cleanup(p.Stop)
	return p
}

// Restart starts the device again, on the same port or device, after Stop;
// it waits for READY and fails t if the device does not start.
func (p *Peer) Restart() {
	p.t.Helper()
	bin := Build(p.t)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd != nil {
		p.t.Fatalf("modbuspeer %v: already running", p.args)
	}
	cmd := exec.Command(bin, p.args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		p.t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		p.t.Fatal(err)
	}
	ready := make(chan bool, 1)
	go func() {
		line, _ := bufio.NewReader(out).ReadString('\n')
		ready <- line == "READY\n"
	}()
	select {
	case ok := <-ready:
		if ok {
			p.cmd = cmd
			return
		}
		kill(cmd)
		p.t.Fatalf("modbuspeer %v did not start", p.args)
	case <-time.After(10 * time.Second):
		kill(cmd)
		p.t.Fatalf("modbuspeer %v: no READY within 10s", p.args)
	}
}

// Stop kills the device, as a power loss would, and waits for it. It is a
// no-op when the device is not running.
func (p *Peer) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd != nil {
		kill(p.cmd)
		p.cmd = nil
	}
}

// Signal sends sig to the running device: SIGSTOP makes it hang with its
// connections open, SIGCONT lets it go on.
func (p *Peer) Signal(sig syscall.Signal) {
	p.t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd == nil {
		p.t.Fatalf("modbuspeer %v: Signal(%v) while stopped", p.args, sig)
	}
	if err := p.cmd.Process.Signal(sig); err != nil {
		p.t.Fatal(err)
	}
}

func kill(cmd *exec.Cmd) {
	_ = cmd.Process.Signal(syscall.SIGCONT) // in case it was stopped
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
}

// PtyPair starts socat with a linked pair of ptys, returns their paths and
// stops socat when t ends.
func PtyPair(t testing.TB) (a, b string) {
	t.Helper()
	_, err := exec.LookPath("socat")
	need(t, "socat", err)
	dir := t.TempDir()
	a, b = filepath.Join(dir, "a"), filepath.Join(dir, "b")
	cmd := exec.Command("socat", "pty,raw,echo=0,link="+a, "pty,raw,echo=0,link="+b)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		_, errA := os.Stat(a)
		_, errB := os.Stat(b)
		if errA == nil && errB == nil {
			return a, b
		}
		if time.Now().After(deadline) {
			t.Fatal("socat made no ptys within 5s")
		}
	}
}

// Dir is this directory, where server.c is.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(file)
}

// build is the result of compiling server.c, once per process.
var build = sync.OnceValues(compile)

// Build compiles server.c (once per process) and returns the binary's
// path; it skips t, or fails it when CI is set, if cc or libmodbus is
// missing.
func Build(t testing.TB) string {
	t.Helper()
	bin, err := build()
	need(t, "building the libmodbus test peer", err)
	return bin
}

// compile builds server.c into a directory of the system's temporary
// directory named after the source and the compiler flags: test processes
// that run at the same time or one after the other share one binary, and
// no process leaves a directory of its own behind (test packages other
// than tags/modbus have no TestMain of their own to remove it).
func compile() (string, error) {
	if _, err := exec.LookPath("cc"); err != nil {
		return "", err
	}
	flags, err := exec.Command("pkg-config", "--cflags", "--libs", "libmodbus").Output()
	if err != nil {
		return "", fmt.Errorf("pkg-config libmodbus: %v", err)
	}
	src := filepath.Join(Dir(), "server.c")
	code, err := os.ReadFile(src)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(append(code, flags...))
	dir := filepath.Join(os.TempDir(), "gohmi-modbus-peer-"+hex.EncodeToString(sum[:8]))
	bin := filepath.Join(dir, "server")
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	// Compile under a name of our own, then rename: another process may be
	// compiling the same source at the same moment.
	tmp, err := os.CreateTemp(dir, "server-*")
	if err != nil {
		return "", err
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	args := append([]string{"-O2", "-Wall", "-o", tmp.Name(), src}, strings.Fields(string(flags))...)
	if out, err := exec.Command("cc", args...).CombinedOutput(); err != nil {
		return "", fmt.Errorf("cc: %v\n%s", err, out)
	}
	if err := os.Rename(tmp.Name(), bin); err != nil {
		return "", err
	}
	return bin, nil
}

// need skips t when a tool the peer needs is missing, or fails it when the
// environment variable CI is set.
func need(t testing.TB, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s: %v (run make deps)", what, err)
	}
	t.Skipf("%s: %v (run make deps)", what, err)
}
