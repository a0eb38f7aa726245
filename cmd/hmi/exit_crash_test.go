package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"syscall"
	"testing"
	"time"
)

// TestRunExitsCrashAfterStart: a real way the runtime fails after it
// started, with no hook in the product. The project holds a directory
// that the panel's user may not read (a root-owned backup or lost+found
// at the top of a project partition, the service running as its own
// user): the project loads, the screen shows, then the file watcher, one
// of Runtime.Run's goroutines, cannot watch that directory (inotify wants
// read access: EACCES) and ends the run group. `hmi run` says what failed
// and exits 3, the status on which a supervisor restarts it. As root,
// which reads everything, the runtime runs as nobody.
func TestRunExitsCrashAfterStart(t *testing.T) {
	bin := needRasterBinary(t)
	pp := newPanelProject(t, bin, true)
	cmd := exec.Command(pp.bin, "run", pp.dir, "--headless", "--data", pp.data)
	pp.asPanelUser(cmd)
	p := &hmiProc{cmd: cmd, exited: make(chan struct{})}
	p.cmd.Env = noDisplayEnv()
	p.start(t)
	if code := p.exitCode(t, 30*time.Second); code != exitCrash {
		t.Fatalf("exit status %d, want %d (crash after start):\n%s", code, exitCrash, p.log.String())
	}
	pp.checkCrashLog(t, p.log.String())
}

// panelProject is the demo project in a directory of its own that the
// panel's user can read (and its data directory write): the test's user,
// or nobody when the tests run as root (cage refuses to run as root, and
// root reads a directory whatever its mode).
type panelProject struct {
	root, dir, data string
	bin             string // the hmi binary, where the panel's user may run it
	locked          string // a directory of the project nobody but root may read; "" none
}

func newPanelProject(t *testing.T, bin string, locked bool) *panelProject {
	t.Helper()
	root, err := os.MkdirTemp("", "hmi-panel-test")
	if err != nil {
		t.Fatal(err)
	}
	pp := &panelProject{root: root, dir: filepath.Join(root, "project"), data: filepath.Join(root, "data"), bin: filepath.Join(root, "hmi")}
	t.Cleanup(func() {
		if pp.locked != "" {
			_ = os.Chmod(pp.locked, 0o755)
		}
		_ = os.RemoveAll(root)
	})
	if err := os.CopyFS(pp.dir, os.DirFS(copyDir(t, "../../screens/demo"))); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(bin, pp.bin); err != nil {
		t.Fatal(err)
	}
	must(t, os.Mkdir(pp.data, 0o777))
	if os.Getuid() == 0 {
		must(t, filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			mode := os.FileMode(0o644)
			if d.IsDir() {
				mode = 0o755
			}
			if d.Type()&os.ModeSymlink != 0 {
				return nil
			}
			return os.Chmod(p, mode)
		}))
		must(t, os.Chmod(pp.data, 0o777)) // the umask took some
		for _, p := range []string{filepath.Dir(bin), bin} {
			must(t, os.Chmod(p, 0o755))
		}
	}
	if locked {
		pp.locked = filepath.Join(pp.dir, "archive")
		must(t, os.Mkdir(pp.locked, 0))
		must(t, os.Chmod(pp.locked, 0))
	}
	return pp
}

// asPanelUser runs cmd as the panel's user: nobody when the test is root.
func (pp *panelProject) asPanelUser(cmd *exec.Cmd) {
	if os.Getuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
}

// panelUID is the uid asPanelUser runs as.
func panelUID() int {
	if os.Getuid() == 0 {
		return 65534
	}
	return os.Getuid()
}

// checkCrashLog checks that the start screen showed and then the
// watcher's failure on the locked directory was named.
func (pp *panelProject) checkCrashLog(t *testing.T, log string) {
	t.Helper()
	shown := regexp.MustCompile(`screen shown" screen=overview`).FindStringIndex(log)
	failed := regexp.MustCompile(`hmi run: the runtime failed after its start: watcher: watch ` + regexp.QuoteMeta(pp.locked) +
		`: permission denied\n`).FindStringIndex(log)
	if shown == nil || failed == nil || failed[0] < shown[0] {
		t.Errorf("want the start screen shown, then the watcher's failure named:\n%s", log)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
