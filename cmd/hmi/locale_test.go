package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fyneNoise is what Fyne logs when it cannot read the locale or its
// preferences file.
var fyneNoise = []string{"Fyne error", "Error parsing user locale", "Preferences load error", "Cause:"}

// TestNoFyneNoiseInTheCLocale runs the binary in the C locales containers
// and minimal images have, with a Fyne preferences file left empty by a
// truncated write: no command, --help included, may print Fyne's
// complaints, and a panel (headless, and in a GL window when Xvfb is there)
// falls back to English quietly.
func TestNoFyneNoiseInTheCLocale(t *testing.T) {
	bin := needBinary(t)
	config := t.TempDir()
	prefs := filepath.Join(config, "fyne", "io.gohmi.hmi", "preferences.json")
	if err := os.MkdirAll(filepath.Dir(prefs), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(prefs, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	display := ""
	if _, err := exec.LookPath("Xvfb"); err == nil {
		_, display = needGL(t)
	}
	demo := copyDir(t, "../../screens/demo")
	for _, loc := range []string{"LANG=C", "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "LANG=POSIX", ""} {
		env := cleanEnv("XDG_CONFIG_HOME=" + config)
		if loc != "" {
			env = append(env, loc)
		}
		name := loc
		if name == "" {
			name = "no locale"
		}
		t.Run(name, func(t *testing.T) {
			for _, args := range [][]string{{"--help"}, {"check", demo}} {
				cmd := exec.Command(bin, args...)
				cmd.Env = env
				out, err := cmd.CombinedOutput()
				if err != nil {
					t.Errorf("hmi %s: %v\n%s", strings.Join(args, " "), err, out)
				}
				noNoise(t, "hmi "+strings.Join(args, " "), string(out))
			}
			if loc != "LANG=C.UTF-8" { // panels start slowly: one locale is enough for them
				return
			}
			runQuietly(t, bin, env, "run", demo, "--headless", "--watch", "off", "--data", t.TempDir())
			if display != "" {
				runQuietly(t, bin, append(env, "DISPLAY="+display), "run", demo, "--watch", "off", "--data", t.TempDir())
			}
		})
	}
}

// runQuietly runs a panel until it shows its start screen (built, so its
// texts measured with the locale's fonts), stops it, and checks that it
// printed none of Fyne's noise.
func runQuietly(t *testing.T, bin string, env []string, args ...string) {
	t.Helper()
	p := startHMIEnv(t, bin, env, args...)
	p.waitLog(t, regexp.MustCompile(`msg="screen shown"`))
	if !p.stop(syscall.SIGTERM, 15*time.Second) || p.err != nil {
		t.Errorf("hmi %s did not stop cleanly: %v\n%s", strings.Join(args, " "), p.err, p.log.String())
	}
	noNoise(t, "hmi "+strings.Join(args, " "), p.log.String())
}

func noNoise(t *testing.T, what, stderr string) {
	t.Helper()
	for _, n := range fyneNoise {
		if strings.Contains(stderr, n) {
			t.Errorf("%s printed %q:\n%s", what, n, stderr)
			return
		}
	}
}

// cleanEnv is the test's environment without any locale or configuration
// variable, plus extra.
func cleanEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if name == "LANG" || name == "LANGUAGE" || strings.HasPrefix(name, "LC_") || name == "XDG_CONFIG_HOME" {
			continue
		}
		env = append(env, kv)
	}
	return append(env, extra...)
}
