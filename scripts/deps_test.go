// Package scripts holds the shell scripts of the build; its tests check
// what they do.
package scripts

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMakeTargetsAskForTheirDeps: building and running the demo install
// build dependencies only; the test targets install the test peers too.
func TestMakeTargetsAskForTheirDeps(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("no make")
	}
	for _, tc := range []struct {
		target string
		mode   string
	}{
		{"build", "build"},
		{"run", "build"},
		{"test", "test"},
		{"bench", "test"},
	} {
		t.Run(tc.target, func(t *testing.T) {
			out, err := exec.Command("make", "-C", "..", "-n", tc.target).CombinedOutput()
			if err != nil {
				t.Fatalf("make -n %s: %v\n%s", tc.target, err, out)
			}
			var modes []string
			for _, line := range strings.Split(string(out), "\n") {
				if _, args, ok := strings.Cut(line, "scripts/deps.sh"); ok {
					modes = append(modes, strings.TrimSpace(args))
				}
			}
			if len(modes) != 1 || modes[0] != tc.mode {
				t.Errorf("make %s runs deps.sh %q, want [%s]", tc.target, modes, tc.mode)
			}
		})
	}
}

// TestDepsModes runs deps.sh with stand-ins for dpkg-query, apt-get, node
// and npm on a machine where every package is installed and the test
// peers' npm packages are not: `build` asks only about the build packages
// and never runs npm; `test` asks about the test packages too and runs
// `npm ci` for each test peer.
func TestDepsModes(t *testing.T) {
	for _, tc := range []struct {
		mode     string
		asks     []string // packages dpkg-query must be asked about
		never    []string // packages it must not be asked about
		npmCalls int
	}{
		{"build", []string{"gcc", "libgl1-mesa-dev", "libxfixes-dev"}, []string{"xvfb", "socat", "libmodbus-dev", "openbox"}, 0},
		{"test", []string{"gcc", "libgl1-mesa-dev", "xvfb", "socat", "libmodbus-dev", "openbox", "xdotool", "x11-xserver-utils"}, nil, 1},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			top, log := fakeMachine(t)
			cmd := exec.Command("bash", filepath.Join(top, "scripts", "deps.sh"), tc.mode)
			cmd.Env = append(os.Environ(), "PATH="+filepath.Join(top, "bin")+":"+os.Getenv("PATH"), "FAKE_LOG="+log)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("deps.sh %s: %v\n%s", tc.mode, err, out)
			}
			calls, _ := os.ReadFile(log)
			asked := map[string]bool{}
			npm := 0
			for _, line := range strings.Split(string(calls), "\n") {
				f := strings.Fields(line)
				switch {
				case len(f) > 0 && f[0] == "dpkg-query":
					asked[f[len(f)-1]] = true
				case len(f) > 1 && f[0] == "npm" && f[1] == "ci":
					npm++
				case len(f) > 0 && f[0] == "apt-get":
					t.Errorf("apt-get ran with everything installed: %s", line)
				}
			}
			for _, p := range tc.asks {
				if !asked[p] {
					t.Errorf("did not check %s", p)
				}
			}
			for _, p := range tc.never {
				if asked[p] {
					t.Errorf("checked %s, a test dependency", p)
				}
			}
			if npm != tc.npmCalls {
				t.Errorf("npm ci ran %d times, want %d\n%s", npm, tc.npmCalls, calls)
			}
		})
	}
}

// fakeMachine copies deps.sh into a project with one npm test peer and
// puts logging stand-ins for the package tools first on PATH.
func fakeMachine(t *testing.T) (top, log string) {
	top = t.TempDir()
	log = filepath.Join(top, "calls.log")
	src, err := os.ReadFile("deps.sh")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"scripts/deps.sh":                   string(src),
		"testpeers/opcua/package-lock.json": "{}",
		"bin/dpkg-query":                    "#!/bin/sh\necho \"dpkg-query $*\" >>\"$FAKE_LOG\"\nprintf 'install ok installed'\n",
		"bin/apt-get":                       "#!/bin/sh\necho \"apt-get $*\" >>\"$FAKE_LOG\"\n",
		"bin/node":                          "#!/bin/sh\nexit 0\n",
		"bin/npm":                           "#!/bin/sh\necho \"npm $*\" >>\"$FAKE_LOG\"\nmkdir -p node_modules\n",
		"testpeers/opcua/package.json":      "{}",
	}
	for name, body := range files {
		path := filepath.Join(top, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return top, log
}
