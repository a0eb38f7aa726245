package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

var stopSeed = flag.Uint64("stopseed", 0, "TestStopSignalsUnderXvfb: seed of the random moments (0: from the clock)")

// TestStopSignalsUnderXvfb stops a panel in a real GL window with SIGTERM
// and SIGINT, as systemd and a console do, at random moments of its life:
// while it starts, right after its first frame, while it reloads an edited
// screen, and with a confirm dialog open (opened by a tap through XTEST).
// Every run must exit 0 and print no panic. Fyne's GL driver catches the
// same signals and ends its event loop on its own; the runtime's stop used
// to race that loop's termination (issue 8 item 1).
func TestStopSignalsUnderXvfb(t *testing.T) {
	bin, display := needGL(t)
	seed := *stopSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("random moments from -stopseed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	demo := copyDir(t, "../../screens/demo")
	dialog := dialogProject(t)
	screen := filepath.Join(demo, "screens", "1-overview.gopage")
	original, err := os.ReadFile(screen)
	if err != nil {
		t.Fatal(err)
	}

	type phase struct {
		name string
		dir  string
		// drive brings the process to the moment and says what it did.
		drive func(t *testing.T, p *hmiProc, rng *rand.Rand) string
	}
	phases := []phase{
		{"start", demo, func(t *testing.T, p *hmiProc, rng *rand.Rand) string {
			p.waitLog(t, startingRe) // main runs: the moments before it are the Go runtime's
			d := time.Duration(rng.IntN(600)) * time.Millisecond
			time.Sleep(d)
			return fmt.Sprintf("%v after main", d)
		}},
		{"first frame", demo, func(t *testing.T, p *hmiProc, rng *rand.Rand) string {
			waitStatus(t, p.statusAddr(t), &p.log, func(st status) bool { return st.UIBatches >= 1 })
			d := time.Duration(rng.IntN(50)) * time.Millisecond
			time.Sleep(d)
			return fmt.Sprintf("%v after the first frame", d)
		}},
		{"reload", demo, func(t *testing.T, p *hmiProc, rng *rand.Rand) string {
			waitStatus(t, p.statusAddr(t), &p.log, func(st status) bool { return st.UIBatches >= 1 })
			edited := bytes.Replace(original, []byte(`text: "{Station.Name}"`), []byte(`text: "RELOADED {Station.Name}"`), 1)
			if err := os.WriteFile(screen, edited, 0o644); err != nil {
				t.Fatal(err)
			}
			d := time.Duration(rng.IntN(60)) * time.Millisecond // debounce 10 ms, then the patch
			time.Sleep(d)
			return fmt.Sprintf("%v after saving a screen", d)
		}},
		{"dialog", dialog, func(t *testing.T, p *hmiProc, rng *rand.Rand) string {
			waitStatus(t, p.statusAddr(t), &p.log, func(st status) bool { return st.Screen == "main" })
			openDialog(t, display)
			d := time.Duration(rng.IntN(50)) * time.Millisecond
			time.Sleep(d)
			return fmt.Sprintf("%v after a confirm dialog opened", d)
		}},
	}
	signals := []syscall.Signal{syscall.SIGTERM, syscall.SIGINT}
	const rounds = 5 // 20 stops: about 40 s on a loaded 2-core machine
	failed := 0
	for i := range rounds * len(phases) {
		round, n := i/len(phases), i%len(phases)
		ph, sig := phases[n], signals[(round+n)%2] // each moment gets both signals
		if err := os.WriteFile(screen, original, 0o644); err != nil {
			t.Fatal(err)
		}
		p := startHMI(t, bin, display, "run", ph.dir, "--status-addr", "127.0.0.1:0", "--data", t.TempDir())
		moment := ph.drive(t, p, rng)
		if why, log := stoppedCleanly(p, sig); why != "" {
			failed++
			t.Errorf("%s %v: %s:\n%s", sig, moment, why, log)
		} else {
			t.Logf("%s %v: exit 0", sig, moment)
		}
	}
	if failed > 0 {
		t.Errorf("%d of %d stops failed", failed, rounds*len(phases))
	}
}

var startingRe = regexp.MustCompile(`msg=starting`)

// stoppedCleanly signals p and says what was wrong with its exit, or "",
// with the part of its log that shows why: a process that hangs is made to
// write its goroutine dump.
func stoppedCleanly(p *hmiProc, sig syscall.Signal) (why, log string) {
	if !p.stop(sig, 15*time.Second) {
		return "did not exit within 15 s", p.hang()
	}
	log = lastLines(p.log.String(), 30)
	if p.err != nil {
		return fmt.Sprintf("exit: %v", p.err), log
	}
	for _, bad := range []string{"panic", "NotInitialized", "fatal error", "goroutine "} {
		if strings.Contains(p.log.String(), bad) {
			return fmt.Sprintf("exit 0 but %q in stderr", bad), log
		}
	}
	return "", ""
}

// dialogProject is a one-screen project whose whole window is a button that
// asks for confirmation: a tap anywhere opens the dialog.
func dialogProject(t *testing.T) string {
	dir := t.TempDir()
	files := map[string]string{
		"hmi.yaml": `name: Dialog
start: main
connections:
  - { name: sim, type: sim }
tags:
  - { name: Pump.Run, type: bool, connection: sim, writable: true, signal: { kind: memory, initial: false } }
`,
		"screens/main.gopage": `screen: main
size: 640x480
root:
  type: button
  id: go
  text: Start the pump
  on_press: { write: { tag: Pump.Run, value: "true" }, confirm: "Start the pump?" }
`,
	}
	for name, src := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// openDialog waits for dialogProject's window to be painted, taps its
// middle and waits until the confirm dialog is on the screen (it dims and
// covers the button).
func openDialog(t *testing.T, display string) {
	t.Helper()
	area := image.Rect(0, 0, 400, 400) // inside the window wherever the X server places it
	deadline := time.Now().Add(10 * time.Second)
	before := screenshot(t, display)
	for c := dominant(before, area); c.R < 0x80 || countColor(before, c) < area.Dx()*area.Dy()*3/4; c = dominant(before, area) {
		if time.Now().After(deadline) {
			saveFailed(t, before)
			t.Fatal("the dialog project's window was not painted")
		}
		time.Sleep(20 * time.Millisecond)
		before = screenshot(t, display)
	}
	if err := xClick(display, 200, 200); err != nil {
		t.Fatalf("tap: %v", err)
	}
	deadline = time.Now().Add(10 * time.Second)
	for differing(before, screenshot(t, display), area) < area.Dx()*area.Dy()/4 {
		if time.Now().After(deadline) {
			t.Fatal("the confirm dialog did not open")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// lastLines returns the last n lines of s, or n lines from its first panic.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	from := max(0, len(lines)-n)
	for i, l := range lines {
		if strings.HasPrefix(l, "panic:") {
			from = max(0, i-2)
			break
		}
	}
	return strings.Join(lines[from:min(len(lines), from+n)], "\n")
}

// dominant is the most frequent colour in r.
func dominant(img image.Image, r image.Rectangle) color.NRGBA {
	n := map[color.NRGBA]int{}
	var best color.NRGBA
	for y := r.Min.Y; y < r.Max.Y; y += 4 {
		for x := r.Min.X; x < r.Max.X; x += 4 {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			if n[c]++; n[c] > n[best] {
				best = c
			}
		}
	}
	return best
}
