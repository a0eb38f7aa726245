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
	root, err := os.MkdirTemp("", "hmi-crash-test")
	if err != nil {
		t.Fatal(err)
	}
	dir, data, locked := filepath.Join(root, "project"), filepath.Join(root, "data"), filepath.Join(root, "project", "archive")
	t.Cleanup(func() {
		_ = os.Chmod(locked, 0o755)
		_ = os.RemoveAll(root)
	})
	if err := os.CopyFS(dir, os.DirFS(copyDir(t, "../../screens/demo"))); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{data, locked} {
		if err := os.Mkdir(d, 0o777); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(data, 0o777); err != nil { // past the umask: nobody writes it
		t.Fatal(err)
	}
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "run", dir, "--headless", "--data", data)
	if os.Getuid() == 0 {
		for _, p := range []string{root, filepath.Dir(bin), bin} {
			if err := os.Chmod(p, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		if err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || p == locked {
				return filepath.SkipDir
			}
			mode := os.FileMode(0o644)
			if d.IsDir() {
				mode = 0o755
			}
			return os.Chmod(p, mode)
		}); err != nil {
			t.Fatal(err)
		}
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	p := &hmiProc{cmd: cmd, exited: make(chan struct{})}
	p.cmd.Env = noDisplayEnv()
	p.start(t)
	if code := p.exitCode(t, 30*time.Second); code != exitCrash {
		t.Fatalf("exit status %d, want %d (crash after start):\n%s", code, exitCrash, p.log.String())
	}
	log := p.log.String()
	shown := regexp.MustCompile(`screen shown" screen=overview`).FindStringIndex(log)
	failed := regexp.MustCompile(`hmi run: the runtime failed after its start: watcher: watch ` + regexp.QuoteMeta(locked) +
		`: permission denied\n`).FindStringIndex(log)
	if shown == nil || failed == nil || failed[0] < shown[0] {
		t.Errorf("want the start screen shown, then the watcher's failure named:\n%s", log)
	}
}
