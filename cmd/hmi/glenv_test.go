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

// glEnv is what the tests that run the real binary in a GL window share:
// the binary, built once, and one X server. Building and starting Xvfb cost
// seconds each; every GL test pays them once per test binary.
type glEnv struct {
	once    sync.Once
	bin     string
	display string
	err     error    // why there is no binary or no X server
	missing string   // a tool that is not installed
	stop    []func() // run by TestMain after the tests
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

// needGL returns the built binary and an X display. Without Xvfb the test
// fails under CI (`make deps` installs it) and skips elsewhere.
func needGL(t *testing.T) (bin, display string) {
	t.Helper()
	if testing.Short() {
		t.Skip("short")
	}
	gl.once.Do(gl.setUp)
	if gl.missing != "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s not installed: make deps installs it", gl.missing)
		}
		t.Skipf("%s not installed (make deps installs it)", gl.missing)
	}
	if gl.err != nil {
		t.Fatal(gl.err)
	}
	return gl.bin, gl.display
}

func (e *glEnv) setUp() {
	for _, tool := range []string{"Xvfb", "xwd"} {
		if _, err := exec.LookPath(tool); err != nil {
			e.missing = tool
			return
		}
	}
	dir, err := os.MkdirTemp("", "hmi-gl-test")
	if err != nil {
		e.err = err
		return
	}
	e.stop = append(e.stop, func() { os.RemoveAll(dir) })
	e.bin = filepath.Join(dir, "hmi")
	build := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", e.bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		e.err = errors.New("build: " + err.Error() + "\n" + string(out))
		return
	}
	display, stop, err := runXvfb()
	if err != nil {
		e.err = err
		return
	}
	e.display = display
	e.stop = append(e.stop, stop)
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
