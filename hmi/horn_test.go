package hmi_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/tags/drivers"
)

// TestHornAndJournalSettings: hmi.yaml's horn: and journal: decode, and
// every mistake is placed.
func TestHornAndJournalSettings(t *testing.T) {
	const head = "start: a\nconnections: [{name: sim, type: sim}]\ntags:\n" +
		"  - { name: H, type: bool, writable: true, signal: { kind: memory } }\n" +
		"  - { name: R, type: bool, signal: { kind: memory } }\n" +
		"  - { name: F, type: float, writable: true, signal: { kind: memory } }\n"
	tests := []struct {
		name, yaml string
		want       []string
		horn       hmi.Horn
		journal    hmi.JournalConfig
	}{
		{"short horn", head + "horn: H\n", nil, hmi.Horn{Tag: "H", Priority: alarms.High}, hmi.JournalConfig{}},
		{"horn and journal", head + "horn: { tag: H, priority: critical }\njournal: { keep-days: 90, max-events: 5000 }\n", nil,
			hmi.Horn{Tag: "H", Priority: alarms.Critical}, hmi.JournalConfig{KeepDays: 90, MaxEvents: 5000}},
		{"horn not writable", head + "horn: R\n", []string{`hmi.yaml:7:7: horn tag R is not writable (set writable: true in hmi.yaml)`}, hmi.Horn{}, hmi.JournalConfig{}},
		{"horn not bool", head + "horn: F\n", []string{`hmi.yaml:7:7: horn tag F is a float, not a bool`}, hmi.Horn{}, hmi.JournalConfig{}},
		{"horn unknown", head + "horn: { tag: Hx }\n", []string{`hmi.yaml:7:14: unknown tag "Hx", did you mean "H"?`}, hmi.Horn{}, hmi.JournalConfig{}},
		{"horn priority", head + "horn: { tag: H, priority: loud }\n", []string{`hmi.yaml:7:27: horn priority "loud": want critical, high, medium, low or 1…4`}, hmi.Horn{}, hmi.JournalConfig{}},
		{"journal days", head + "journal: { keep-days: 0.5 }\n", []string{`hmi.yaml:7:23: journal keep-days: want a whole number of at least 1, got 0.5`}, hmi.Horn{}, hmi.JournalConfig{}},
		{"journal key", head + "journal: { keep: 9 }\n", []string{`hmi.yaml:7:12: unknown key "keep" in journal`}, hmi.Horn{}, hmi.JournalConfig{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeProject(t, tt.yaml)
			p, err := hmi.Load(dir, drivers.Kinds())
			got := errorLines(err)
			for i := range got {
				got[i] = strings.TrimPrefix(got[i], dir+string(filepath.Separator))
			}
			var errs []string
			for _, g := range got {
				if !strings.Contains(g, `screen "a" not found`) { // the test project has no screens
					errs = append(errs, g)
				}
			}
			if strings.Join(errs, "\n") != strings.Join(tt.want, "\n") {
				t.Fatalf("got:\n%s\nwant:\n%s", strings.Join(errs, "\n"), strings.Join(tt.want, "\n"))
			}
			if tt.want != nil {
				return
			}
			if p.Horn.Tag != tt.horn.Tag || p.Horn.Priority != tt.horn.Priority {
				t.Errorf("horn %+v, want %+v", p.Horn, tt.horn)
			}
			if tt.journal != (hmi.JournalConfig{}) && p.Journal != tt.journal {
				t.Errorf("journal %+v, want %+v", p.Journal, tt.journal)
			}
		})
	}
}
