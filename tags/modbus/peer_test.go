package modbus_test

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The test peer is testpeers/modbus/server.c, a libmodbus device built
// once per test run into peerDir.
var (
	peerDir   string
	peerOnce  sync.Once
	peerBin   string
	peerError error
)

// need skips the test when a tool the peer needs is missing, or fails it
// when the environment variable CI is set (`make deps` installs them).
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

// buildPeer compiles the peer once and returns its path.
func buildPeer(t testing.TB) string {
	t.Helper()
	peerOnce.Do(func() {
		flags, err := exec.Command("pkg-config", "--cflags", "--libs", "libmodbus").Output()
		if err != nil {
			peerError = fmt.Errorf("pkg-config libmodbus: %v", err)
			return
		}
		if peerDir, err = os.MkdirTemp("", "gohmi-modbus-peer"); err != nil {
			peerError = err
			return
		}
		peerBin = filepath.Join(peerDir, "server")
		args := append([]string{"-O2", "-Wall", "-o", peerBin, "../../testpeers/modbus/server.c"}, strings.Fields(string(flags))...)
		if out, err := exec.Command("cc", args...).CombinedOutput(); err != nil {
			peerError = fmt.Errorf("cc: %v\n%s", err, out)
		}
	})
	need(t, "building the libmodbus test peer", peerError)
	return peerBin
}

// peer is a running test peer.
type peer struct {
	t    testing.TB
	args []string
	addr string // TCP 127.0.0.1:port, "" for RTU
	cmd  *exec.Cmd
}

// startTCP starts the peer on a free port of 127.0.0.1 with extra options.
func startTCP(t testing.TB, opts ...string) *peer {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	p := &peer{t: t, args: append([]string{"tcp", strconv.Itoa(port)}, opts...), addr: fmt.Sprintf("127.0.0.1:%d", port)}
	p.start()
	t.Cleanup(p.stop)
	return p
}

// start runs the peer and waits for its READY line.
func (p *peer) start() {
	p.t.Helper()
	p.cmd = exec.Command(buildPeer(p.t), p.args...)
	p.cmd.Stderr = os.Stderr
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		p.t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		p.t.Fatal(err)
	}
	ready := make(chan bool, 1)
	go func() {
		line, _ := bufio.NewReader(out).ReadString('\n')
		ready <- line == "READY\n"
	}()
	select {
	case ok := <-ready:
		if !ok {
			p.stop()
			p.t.Fatalf("peer %v did not start", p.args)
		}
	case <-time.After(10 * time.Second):
		p.stop()
		p.t.Fatalf("peer %v: no READY within 10s", p.args)
	}
}

// stop kills the peer and waits for it; it is idempotent.
func (p *peer) stop() {
	if p.cmd == nil {
		return
	}
	_ = p.cmd.Process.Kill()
	_ = p.cmd.Wait()
	p.cmd = nil
}

func (p *peer) signal(s syscall.Signal) {
	if err := p.cmd.Process.Signal(s); err != nil {
		p.t.Fatal(err)
	}
}

// ptyPair starts socat with a linked pair of ptys and returns their paths.
func ptyPair(t testing.TB) (a, b string) {
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

// startRTU starts the peer as an RTU slave on device.
func startRTU(t testing.TB, device string) *peer {
	p := &peer{t: t, args: []string{"rtu", device, "-b", "19200"}}
	p.start()
	t.Cleanup(p.stop)
	return p
}
