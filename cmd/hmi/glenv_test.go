package main

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// glEnv is what the tests that run the real binary share: the binary,
// built once, and one X server for those that open a GL window. Building
// and starting Xvfb cost seconds each; the tests pay them once per test
// binary.
type glEnv struct {
	build   sync.Once
	bin     string
	binErr  error
	x       sync.Once
	display string
	xErr    error
	missing string // a tool that is not installed

	mu   sync.Mutex // guards stop
	stop []func()   // run by TestMain after the tests
}

// gl is the test binary's one glEnv; TestMain stops what it started.
var gl glEnv

func TestMain(m *testing.M) {
	code := m.Run()
	for _, f := range gl.stop {
		f()
	}
	os.Exit(code)
}

func (e *glEnv) atEnd(f func()) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.stop = append(e.stop, f)
}

// needBinary returns the hmi binary built from this package.
func needBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("short")
	}
	gl.build.Do(gl.buildBinary)
	if gl.binErr != nil {
		t.Fatal(gl.binErr)
	}
	return gl.bin
}

// needGL returns the built binary and an X display. Without Xvfb the test
// fails under CI (`make deps` installs it) and skips elsewhere.
func needGL(t *testing.T) (bin, display string) {
	t.Helper()
	bin = needBinary(t)
	gl.x.Do(gl.startX)
	if gl.missing != "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s not installed: make deps installs it", gl.missing)
		}
		t.Skipf("%s not installed (make deps installs it)", gl.missing)
	}
	if gl.xErr != nil {
		t.Fatal(gl.xErr)
	}
	return bin, gl.display
}

func (e *glEnv) buildBinary() {
	dir, err := os.MkdirTemp("", "hmi-gl-test")
	if err != nil {
		e.binErr = err
		return
	}
	e.atEnd(func() { os.RemoveAll(dir) })
	e.bin = filepath.Join(dir, "hmi")
	build := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", e.bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		e.binErr = errors.New("build: " + err.Error() + "\n" + string(out))
	}
}

func (e *glEnv) startX() {
	for _, tool := range []string{"Xvfb", "xwd"} {
		if _, err := exec.LookPath(tool); err != nil {
			e.missing = tool
			return
		}
	}
	display, stop, err := runXvfb()
	if err != nil {
		e.xErr = err
		return
	}
	e.display = display
	e.atEnd(stop)
}

// startXvfb starts an X server on a free display and stops it at the end
// of the test.
func startXvfb(t testing.TB) string {
	t.Helper()
	display, stop, err := runXvfb()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return display
}

// runXvfb starts an X server on a free display (-displayfd: no clashes with
// other servers) and returns the function that stops it.
func runXvfb() (display string, stop func(), err error) {
	r, w, err := os.Pipe()
	if err != nil {
		return "", nil, err
	}
	defer r.Close()
	x := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
	x.ExtraFiles = []*os.File{w}
	err = x.Start()
	w.Close()
	if err != nil {
		return "", nil, err
	}
	stop = func() { _ = x.Process.Kill(); _ = x.Wait() }
	num := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		num <- strings.TrimSpace(line)
	}()
	select {
	case n := <-num:
		if n != "" {
			return ":" + n, stop, nil
		}
		err = errors.New("Xvfb did not start")
	case <-time.After(20 * time.Second):
		err = errors.New("Xvfb did not report its display")
	}
	stop()
	return "", nil, err
}
