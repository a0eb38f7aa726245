package hmi

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

// asPanelUser runs the calling test again as nobody when the tests run as
// root, which reads every directory whatever its mode, so that a test of
// a directory the panel's user may not read means something: it puts the
// test binary where nobody may run it, runs just this test there and
// fails with its output if it failed. The caller returns when it says
// true. As any other user it returns false and the test goes on here.
func asPanelUser(t *testing.T) bool {
	t.Helper()
	if os.Getuid() != 0 {
		return false
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "hmi-as-nobody")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	must(t, os.Chmod(dir, 0o755))
	bin := filepath.Join(dir, "hmi.test")
	if os.Link(exe, bin) != nil {
		must(t, copyFile(exe, bin))
	}
	must(t, os.Chmod(bin, 0o755))
	parts := strings.Split(t.Name(), "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	wd, _ := os.Getwd()
	cmd := exec.Command(bin, "-test.run", strings.Join(parts, "/"), "-test.v", "-test.count=1")
	cmd.Dir = wd
	cmd.Env = append(os.Environ(), "HOME=/tmp", "TMPDIR=/tmp", "XDG_CACHE_HOME=/tmp", "XDG_CONFIG_HOME=/tmp")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	switch {
	case err != nil:
		t.Fatalf("%s as nobody: %v\n%s", t.Name(), err, out)
	case !strings.Contains(string(out), "--- PASS: "+t.Name()+" "):
		t.Fatalf("%s as nobody did not pass:\n%s", t.Name(), out)
	}
	t.Logf("as nobody:\n%s", out)
	return true
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
