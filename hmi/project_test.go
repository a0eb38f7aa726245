package hmi_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/tags/drivers"
)

const demo = "../screens/demo"

func TestLoadDemo(t *testing.T) {
	p, err := hmi.Load(demo, drivers.Kinds())
	if err != nil {
		t.Fatalf("demo has errors:\n%v", err)
	}
	if got := p.ScreenNames(); strings.Join(got, ",") != "overview,pump,settings,alarms,trends" {
		t.Errorf("screens = %v", got)
	}
	n := 0
	for _, s := range p.Screens {
		s.Page.Walk(func(*gopage.Node) bool { n++; return true })
	}
	if n < 100 {
		t.Errorf("demo has %d widgets, want at least 100", n)
	}
}

func errorLines(err error) []string {
	var list gopage.ErrorList
	if !errors.As(err, &list) {
		if err == nil {
			return nil
		}
		return []string{err.Error()}
	}
	var out []string
	for _, e := range list {
		out = append(out, e.Error())
	}
	return out
}

// TestLoadReportsEveryError loads a project with one mistake of each kind
// and expects every one of them, in order, with its position.
func TestLoadReportsEveryError(t *testing.T) {
	p, err := hmi.Load("testdata/bad", drivers.Kinds())
	want := []string{
		`hmi.yaml:3:1: unknown key "conections" in hmi.yaml, did you mean "connections"?`,
		`hmi.yaml:6:24: unknown connection type "modbuss" (want one of modbus, opcua, sim), did you mean "modbus"?`,
		`hmi.yaml:8:5: tag Tank1.Level: missing connection`,
		`hmi.yaml:9:5: tag Tank1.Setpoint: missing connection`,
		`hmi.yaml:9:35: unknown type "flaot", did you mean "float"?`,
		`hmi.yaml:10:5: tag Tank1.Level defined twice (first at line 8)`,
		`hmi.yaml:11:5: tag Pump1.Run: unknown connection "sym", did you mean "sim"?`,
		`hmi.yaml:12:5: tag Pump1.Speed: min 100 must be below max 0`,
		`hmi.yaml:12:73: unknown signal kind "sinus", did you mean "sine"?`,
		`hmi.yaml:13:5: sim: Flow.In: min 50 must be below max 10`,
		`hmi.yaml:14:5: sim: Valve.Cmd: initial value: cannot convert "maybe" to bool`,
		`main.gopage:1:1: style sheet testdata/bad/styles/missing.css: no such file or directory`,
		`main.gopage:5:29: unknown tag "Tank1.Lvel", did you mean "Tank1.Level"?`,
		`main.gopage:6:49: unexpected token EOF`,
		`main.gopage:7:27: tag Tank1.Level is not writable (set writable: true in hmi.yaml)`,
		`main.gopage:8:55: unknown screen "detial"`,
		`main.gopage:9:15: unknown widget "gaguge", did you mean "gauge"?`,
		`main.gopage:10:46: max: expected a number, got "lots"`,
		`main.gopage:11:51: format "%d items %s" does not print a number (use one verb such as %.1f)`,
		`main.gopage:12:49: unknown tag "Pump1.Rnu", did you mean "Pump1.Run"?`,
	}
	got := errorLines(err)
	for i := 0; i < max(len(got), len(want)); i++ {
		switch {
		case i >= len(got):
			t.Errorf("missing error: %s", want[i])
		case i >= len(want):
			t.Errorf("unexpected error: %s", got[i])
		case !strings.HasSuffix(got[i], want[i]):
			t.Errorf("error %d:\n got %s\nwant %s", i, got[i], want[i])
		}
	}
	// The partial project is still there: what is good can run.
	if p == nil || p.Screen("main") == nil || len(p.Tags) != 7 {
		t.Errorf("partial project lost: %+v", p)
	}
}

func TestBadFormat(t *testing.T) {
	for layout, bad := range map[string]bool{"%.1f": false, "%d": false, "%5.2f bar": false, "%x": false, "%d items %s": true, "%s%s": true, "no verb": true} {
		if got := hmi.BadFormat(layout); got != bad {
			t.Errorf("BadFormat(%q) = %v, want %v", layout, got, bad)
		}
	}
}
