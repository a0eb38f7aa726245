//go:build unix

// Package killtest runs a test binary again as a child process and kills
// it with SIGKILL at a moment the child's own output chooses: the kill -9
// durability tests of the alarm journal and the historian share it.
package killtest

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Run starts the running test binary again (running no tests) with env
// added to its environment, hands every line the child prints on stdout
// to line, and kills the child with SIGKILL the first time line returns
// true; it then reads what is left and waits. The test fails if the child
// ends before it was killed, dies of anything but SIGKILL, or runs for more
// than two minutes. The child's TestMain recognises env and does its work.
func Run(t testing.TB, env string, line func(text string) (kill bool)) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), env)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.AfterFunc(2*time.Minute, func() { _ = cmd.Process.Kill() })
	defer deadline.Stop()
	lines := bufio.NewScanner(out)
	killed := false
	for lines.Scan() {
		if line(lines.Text()) && !killed {
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			killed = true
		}
	}
	_, _ = io.Copy(io.Discard, out)
	err = cmd.Wait()
	if !killed {
		t.Fatalf("the child ended before it was killed: %v\n%s", err, stderr.String())
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("the child did not die of SIGKILL: %v\n%s", cmd.ProcessState, stderr.String())
	}
}
