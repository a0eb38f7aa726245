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
// started, with no hook in the product. The data directory is deleted
// under the running panel (a clean-up script, an operator freeing disk):
// SQLite would go on committing the alarm journal and the audit trail into
// files nothing can find again, so the runtime's data guard ends the run
// and `hmi run` says what failed and exits 3, the status on which a
// supervisor restarts it (and the restart makes the data directory anew).
// As root the runtime runs as nobody, as a panel's service does.
func TestRunExitsCrashAfterStart(t *testing.T) {
	bin := needRasterBinary(t)
	pp := newPanelProject(t, bin, false)
	cmd := exec.Command(pp.bin, "run", pp.dir, "--headless", "--data", pp.data)
	pp.asPanelUser(cmd)
	p := &hmiProc{cmd: cmd, exited: make(chan struct{})}
	p.cmd.Env = noDisplayEnv()
	p.start(t)
	pp.crashAfterStart(t, p)
}

// TestRunSurvivesUnreadableDirectory: a directory of the project that the
// panel's user may not read (a root-owned backup or lost+found at the top
// of a project partition) neither stops the runtime nor goes unsaid: the
// log (and the banner) name it and why; once its mode is fixed it is
// watched again without a restart; a stop signal still exits 0.
func TestRunSurvivesUnreadableDirectory(t *testing.T) {
	bin := needRasterBinary(t)
	pp := newPanelProject(t, bin, true)
	cmd := exec.Command(pp.bin, "run", pp.dir, "--headless", "--data", pp.data)
	pp.asPanelUser(cmd)
	p := &hmiProc{cmd: cmd, exited: make(chan struct{})}
	p.cmd.Env = noDisplayEnv()
	p.start(t)
	p.waitLog(t, regexp.MustCompile(`screen shown" screen=overview`))
	p.waitLog(t, regexp.MustCompile(`directories not watched" problems="\[`+regexp.QuoteMeta(pp.locked)+
		`: cannot watch this directory: permission denied; its files are not reloaded until it can be read`))
	must(t, os.Chmod(pp.locked, 0o755))
	p.waitLog(t, regexp.MustCompile(`every directory is watched again`))
	if !p.stop(syscall.SIGTERM, 20*time.Second) {
		t.Fatalf("hmi did not stop on SIGTERM:\n%s", p.hang())
	}
	if code := p.exitCode(t, time.Second); code != exitOK {
		t.Fatalf("exit status %d after SIGTERM, want 0:\n%s", code, p.log.String())
	}
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

// crashAfterStart waits for the start screen, deletes the data directory
// under the running panel and checks that hmi exits 3 naming it.
func (pp *panelProject) crashAfterStart(t *testing.T, p *hmiProc) {
	t.Helper()
	p.waitLog(t, regexp.MustCompile(`screen shown" screen=overview`))
	must(t, os.RemoveAll(pp.data))
	if code := p.exitCode(t, 30*time.Second); code != exitCrash {
		t.Fatalf("exit status %d, want %d (crash after start):\n%s", code, exitCrash, p.log.String())
	}
	failed := regexp.MustCompile(`hmi run: the runtime failed after its start: data directory: ` +
		regexp.QuoteMeta(filepath.Join(pp.data, "gohmi.db")) + `: removed or replaced while the runtime ran: `)
	if !failed.MatchString(p.log.String()) {
		t.Errorf("want the data directory's loss named:\n%s", p.log.String())
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
