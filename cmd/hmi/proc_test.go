package main

import (
	"bufio"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gohmi/gohmi/internal/logtest"
)

// hmiProc is one run of the built binary, its stderr collected.
type hmiProc struct {
	cmd    *exec.Cmd
	log    logtest.Buffer
	exited chan struct{} // closed when the process has exited and stderr is read
	err    error         // cmd.Wait's, once exited is closed
}

// startHMI starts bin with args on the X display, stopped at the end of the
// test if it still runs.
func startHMI(t *testing.T, bin, display string, args ...string) *hmiProc {
	t.Helper()
	return startHMIEnv(t, bin, append(os.Environ(), "DISPLAY="+display, "LANG=en_US.UTF-8"), args...)
}

// startHMIEnv starts bin with args in the environment env.
func startHMIEnv(t testing.TB, bin string, env []string, args ...string) *hmiProc {
	t.Helper()
	p := &hmiProc{cmd: exec.Command(bin, args...), exited: make(chan struct{})}
	p.cmd.Env = env
	p.start(t)
	return p
}

// start starts p's command, made by the caller, and collects its stderr;
// it is stopped at the end of the test if it still runs.
func (p *hmiProc) start(t testing.TB) {
	t.Helper()
	stderr, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			p.log.WriteString(sc.Text() + "\n")
		}
		p.err = p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-p.exited:
		default:
			_ = p.cmd.Process.Kill()
			<-p.exited
		}
	})
}

// waitLog waits until a line of the log matches re and returns the match;
// it fails the test if the process exits or the line does not come.
func (p *hmiProc) waitLog(t testing.TB, re *regexp.Regexp) []string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if m := re.FindStringSubmatch(p.log.String()); m != nil {
			return m
		}
		select {
		case <-p.exited:
			t.Fatalf("hmi exited (%v) before logging %q:\n%s", p.err, re, p.log.String())
		case <-time.After(5 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("hmi did not log %q:\n%s", re, p.log.String())
		}
	}
}

var statusAddrRe = regexp.MustCompile(`status server"? addr=(\S+)`)

// statusAddr waits for the status server and returns its address.
func (p *hmiProc) statusAddr(t testing.TB) string {
	t.Helper()
	return p.waitLog(t, statusAddrRe)[1]
}

// stop sends sig and waits for the process to exit; false if it did not
// within the timeout. A process that hangs is sent SIGQUIT, so that the Go
// runtime writes every goroutine's stack to its stderr (see [hmiProc.hang]),
// and killed if even that does not end it.
func (p *hmiProc) stop(sig syscall.Signal, timeout time.Duration) bool {
	_ = p.cmd.Process.Signal(sig)
	select {
	case <-p.exited:
		return true
	case <-time.After(timeout):
	}
	_ = p.cmd.Process.Signal(syscall.SIGQUIT)
	select {
	case <-p.exited:
	case <-time.After(10 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
	return false
}

// hang is what to report about a process that did not stop: the end of its
// log before the SIGQUIT, and the goroutine dump the SIGQUIT made, whole.
func (p *hmiProc) hang() string {
	log := p.log.String()
	i := strings.Index(log, "SIGQUIT: quit")
	if i < 0 {
		return lastLines(log, 40) + "\n(no goroutine dump: SIGQUIT did not reach the Go runtime)"
	}
	return lastLines(log[:i], 40) + "\n--- goroutine dump after SIGQUIT ---\n" + log[i:]
}
