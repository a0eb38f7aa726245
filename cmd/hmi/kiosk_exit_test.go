package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestExitCode: what each kind of failure of `hmi run` exits with.
func TestExitCode(t *testing.T) {
	listen := &net.OpError{Op: "listen", Net: "tcp", Err: syscall.EADDRINUSE}
	for _, tc := range []struct {
		name string
		err  error // what the backend returned, before runFailed
		run  bool  // the error came out of Runtime.Run (runFailed applies)
		want int
	}{
		{"deliberate stop", context.Canceled, true, exitOK},
		{"stop wrapped by a goroutine", fmt.Errorf("binder: %w", context.Canceled), true, exitOK},
		{"clean end", nil, true, exitOK},
		{"status address in use", fmt.Errorf("status server: %w", listen), true, exitStart},
		{"a goroutine failed after start", errors.New("watcher: watch /p: too many open files"), true, exitCrash},
		{"framebuffer missing", errors.New("fb: open /dev/fb0: no such file or directory"), false, exitStart},
		{"tags do not define", errors.New("tags: duplicate tag"), false, exitStart},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.err
			if tc.run {
				err = runFailed(err)
			}
			if got := exitCode(err); got != tc.want {
				t.Errorf("exitCode(%v) = %d, want %d", err, got, tc.want)
			}
		})
	}
}

// TestCrashedPanicExits3: a panic on the goroutine that runs `hmi run`
// (the GL event loop's, where the widgets run) exits with exitCrash and
// its stack on stderr.
func TestCrashedPanicExits3(t *testing.T) {
	var stderr bytes.Buffer
	code := func() (code int) {
		defer crashed(&stderr, &code)
		var m map[string]int
		m["x"] = 1 // a real runtime panic: assignment to a nil map
		return 0
	}()
	if code != exitCrash {
		t.Errorf("code %d, want %d", code, exitCrash)
	}
	if !strings.Contains(stderr.String(), "panic: assignment to entry in nil map") || !strings.Contains(stderr.String(), "kiosk_exit_test.go") {
		t.Errorf("stderr does not show the panic and its stack:\n%s", stderr.String())
	}
}

// TestRunExitStatus runs the real binary headless into each way out that
// needs no window: a usage error, a start that cannot happen (the status
// address held by another process, as a second runtime on the same port
// finds it; no project), and a stop signal.
func TestRunExitStatus(t *testing.T) {
	bin := needBinary(t)
	dir := copyDir(t, "../../screens/demo")
	held, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	for _, tc := range []struct {
		name string
		args []string
		want int
		log  string
	}{
		{"kiosk headless", []string{"run", dir, "--headless", "--kiosk"}, exitUsage, "--headless shows nothing"},
		{"unknown flag", []string{"run", dir, "--kiosks"}, exitUsage, "flag provided but not defined"},
		{"status address in use", []string{"run", dir, "--headless", "--status-addr", held.Addr().String(), "--data", t.TempDir()}, exitStart, "address already in use"},
		{"no project", []string{"run", dir + "/missing", "--headless"}, exitStart, "missing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(bin, tc.args...)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			var ee *exec.ExitError
			code := 0
			if errors.As(err, &ee) {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tc.want || !strings.Contains(stderr.String(), tc.log) {
				t.Errorf("exit status %d, want %d with %q:\n%s", code, tc.want, tc.log, stderr.String())
			}
		})
	}
	t.Run("SIGTERM", func(t *testing.T) {
		p := startHMIEnv(t, bin, os.Environ(), "run", dir, "--headless", "--status-addr", "127.0.0.1:0", "--data", t.TempDir())
		p.statusAddr(t)
		p.waitLog(t, regexp.MustCompile(`screen shown`))
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
		if code := p.exitCode(t, 15*time.Second); code != exitOK {
			t.Errorf("exit status %d on SIGTERM, want 0:\n%s", code, p.log.String())
		}
	})
}
