package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestKioskUnderCage runs the systemd unit's command line
// (scripts/gohmi-kiosk.service: scripts/gohmi-cage.sh, cage, Xwayland,
// the GL window) on cage's headless backend, as the panel's user (cage
// refuses root): the panel starts and draws its screen; SIGTERM, which systemd sends the script (KillMode=mixed), stops hmi
// cleanly and the script exits 0; a failure after the start (the data
// directory deleted under the panel) exits 3 through the script,
// although cage 0.1.4 exits 0 whatever its application did. Skipped
// without cage and Xwayland (scripts/deps.sh test installs them).
func TestKioskUnderCage(t *testing.T) {
	for _, tool := range []string{"cage", "Xwayland"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed (apt-get install cage xwayland)", tool)
		}
	}
	bin := needBinary(t)
	t.Run("stop", func(t *testing.T) {
		pp := newPanelProject(t, bin, false)
		p := startCage(t, pp, "--status-addr", "127.0.0.1:0")
		waitStatus(t, p.statusAddr(t), &p.log, func(st status) bool { return st.Screen == "overview" && st.UIBatches >= 1 })
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
		if code := p.exitCode(t, 20*time.Second); code != exitOK {
			t.Errorf("exit status %d after SIGTERM, want 0:\n%s", code, p.log.String())
		}
		if strings.Contains(p.log.String(), "X connection") {
			t.Errorf("hmi lost its X connection before it stopped:\n%s", p.log.String())
		}
	})
	t.Run("crash", func(t *testing.T) {
		pp := newPanelProject(t, bin, false)
		pp.crashAfterStart(t, startCage(t, pp))
	})
}

// startCage runs scripts/gohmi-cage.sh with `hmi run PROJECT --kiosk` and
// the extra flags on cage's headless backend, as the panel's user.
func startCage(t *testing.T, pp *panelProject, extra ...string) *hmiProc {
	t.Helper()
	script := filepath.Join(pp.root, "gohmi-cage.sh")
	copyFile(t, "../../scripts/gohmi-cage.sh", script)
	must(t, os.Chmod(script, 0o755))
	xdg := filepath.Join(pp.root, "xdg")
	must(t, os.Mkdir(xdg, 0o700))
	must(t, os.Chown(xdg, panelUID(), -1))
	args := append([]string{pp.bin, "run", pp.dir, "--kiosk", "--data", pp.data}, extra...)
	p := &hmiProc{cmd: exec.Command(script, args...), exited: make(chan struct{})}
	p.cmd.Env = []string{"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=" + pp.root, "LANG=en_US.UTF-8", "XDG_RUNTIME_DIR=" + xdg,
		"WLR_BACKENDS=headless", "WLR_LIBINPUT_NO_DEVICES=1", "WLR_RENDERER=pixman"}
	pp.asPanelUser(p.cmd)
	if p.cmd.SysProcAttr == nil {
		p.cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	p.cmd.SysProcAttr.Setpgid = true // cage, Xwayland and hmi with it: killed together if the test fails
	p.start(t)
	// Before start's own clean-up (clean-ups run last first): its stderr
	// stays open while any of them runs.
	t.Cleanup(func() { _ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL) })
	return p
}
