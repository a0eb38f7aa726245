package hmi_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/tags/drivers"
)

// alarmProject writes a small project: hmi.yaml (whose alarms: comes
// before its tags:, with extra), one screen, and files.
func alarmProject(t *testing.T, extra string, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	src := `name: Alarms
start: main
alarms:
  - { tag: Tank1.Level, hi: 90, deadband: 10% }
` + extra + `connections:
  - { name: sim, type: sim }
tags:
  - { name: Tank1.Level, min: 0, max: 200, signal: { kind: memory, initial: 1 } }
  - { name: Tank2.Level, signal: { kind: memory, initial: 1 } }
  - { name: Pump1.Fault, type: bool, signal: { kind: memory, initial: false } }
`
	writeFile(t, dir, "hmi.yaml", src)
	writeFile(t, dir, "screens/main.gopage", "root: { type: label, text: hi }\n")
	for name, body := range files {
		writeFile(t, dir, name, body)
	}
	return dir
}

func writeFile(t *testing.T, dir, name, body string) {
	t.Helper()
	must(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644))
}

func alarmNames(defs []alarms.Def) string {
	names := make([]string, len(defs))
	for i, d := range defs {
		names[i] = d.Name
	}
	return strings.Join(names, ",")
}

func TestLoadAlarms(t *testing.T) {
	dir := alarmProject(t, "", map[string]string{
		"alarms/b.yaml":      "alarms:\n  - { when: Pump1.Fault, area: Pumps }\n",
		"alarms/a.json":      `{"alarms": [{"tag": "Tank2.Level", "lo": 5}]}`,
		"alarms/c.yml":       "# empty for now\n",
		"alarms/notes.txt":   "alarms: [what, ever]",
		"alarms/.b.yaml.swp": "junk",
		"alarms/sub/x.yaml":  "alarms: [junk]",
	})
	p, err := hmi.Load(dir, drivers.Kinds())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := alarmNames(p.Alarms), "Tank1.Level.Hi,Tank2.Level.Lo,Pump1.Fault"; got != want {
		t.Errorf("alarms = %s, want %s", got, want)
	}
	if p.Alarms[0].Deadband != 20 {
		t.Errorf("deadband 10%% of the tag's 0…200 = %g, want 20", p.Alarms[0].Deadband)
	}
	if p.Alarms[2].Pos.Filename != filepath.Join(dir, "alarms/b.yaml") {
		t.Errorf("position %s, want in alarms/b.yaml", p.Alarms[2].Pos)
	}
	plan := p.AlarmPlan()
	if plan == nil || len(plan.Alarms) != 3 || strings.Join(plan.Deps(), ",") != "Pump1.Fault,Tank1.Level,Tank2.Level" {
		t.Fatalf("plan = %+v", plan)
	}
}

func TestLoadAlarmErrors(t *testing.T) {
	tests := []struct {
		name  string
		extra string
		files map[string]string
		want  []string // suffixes of the errors, in order
	}{
		{"duplicate across files, at the second", "", map[string]string{
			"alarms/1.yaml": "alarms:\n  - { name: Trip, when: Pump1.Fault }\n",
			"alarms/2.yaml": "alarms:\n  - name: Trip\n    when: Pump1.Fault\n",
		}, []string{`alarms/2.yaml:2:5: alarm "Trip" is defined twice (first at ` + "DIR" + `/alarms/1.yaml:2:5)`}},
		{"duplicate of hmi.yaml's", "", map[string]string{
			"alarms/1.yaml": "alarms:\n  - { tag: Tank1.Level, hi: { limit: 95 } }\n",
		}, []string{`alarms/1.yaml:2:25: alarm "Tank1.Level.Hi" is defined twice (first at DIR/hmi.yaml:4:25)`}},
		{"expression typo in a file", "", map[string]string{
			"alarms/x.yaml": "alarms:\n  - name: Trip\n    when: \"Pump1.Fault && Tank1.Levl > 3\"\n",
		}, []string{`alarms/x.yaml:3:27: when: unknown tag "Tank1.Levl", did you mean "Tank1.Level"?`}},
		{"errors in hmi.yaml's alarms", "  - { tag: Tank2.Level, lo: 1, deadband: 5% }\n  - { when: Pump1.Faul }\n", nil, []string{
			`hmi.yaml:5:42: deadband: 5% of what? give range: [min, max] or a tag with min and max`,
			`hmi.yaml:6:13: when: unknown tag "Pump1.Faul", did you mean "Pump1.Fault"?`,
		}},
		{"unknown key in a JSON file", "", map[string]string{
			"alarms/x.json": "{\"alarms\": [\n  {\"when\": \"Pump1.Fault\", \"name\": \"A\", \"prio\": 1}\n]}\n",
		}, []string{`alarms/x.json:2:40: unknown key "prio" in alarm`}},
		{"a file too large", "", map[string]string{
			"alarms/big.yaml": "alarms:\n" + strings.Repeat("# padding padding padding padding padding padding\n", 90000),
		}, []string{`alarms/big.yaml:1:1: file too large: 4500008 bytes (limit 4194304)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := alarmProject(t, tt.extra, tt.files)
			_, err := hmi.Load(dir, drivers.Kinds())
			got := errorLines(err)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d errors, want %d:\n%s", len(got), len(tt.want), strings.Join(got, "\n"))
			}
			for i, w := range tt.want {
				if w = strings.ReplaceAll(w, "DIR", dir); !strings.HasSuffix(got[i], w) {
					t.Errorf("error %d:\n got %s\nwant …%s", i, got[i], w)
				}
			}
		})
	}
}

func TestLoadDemoAlarms(t *testing.T) {
	p, err := hmi.Load(demo, drivers.Kinds())
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[alarms.Kind]int{}
	areas := map[string]int{}
	for _, d := range p.Alarms {
		kinds[d.Kind]++
		areas[d.Area]++
	}
	for _, k := range []alarms.Kind{alarms.Limit, alarms.Digital, alarms.Deviation, alarms.Rate, alarms.BadQuality} {
		if kinds[k] == 0 {
			t.Errorf("the demo has no %s alarm", k)
		}
	}
	if areas["Tanks"] == 0 || areas["Pumps"] == 0 {
		t.Errorf("areas = %v, want Tanks and Pumps", areas)
	}
	if len(p.AlarmPlan().Alarms) != len(p.Alarms) {
		t.Errorf("plan has %d alarms of %d", len(p.AlarmPlan().Alarms), len(p.Alarms))
	}
}

func TestRelevantAlarmFiles(t *testing.T) {
	for path, want := range map[string]bool{
		"alarms/a.yaml": true, "alarms/a.yml": true, "alarms/a.json": true,
		"alarms/sub/a.json": false, "a.json": false, "screens/a.json": false, "alarms/.a.json.swp": false,
	} {
		if got := hmi.Relevant(path); got != want {
			t.Errorf("Relevant(%q) = %v, want %v", path, got, want)
		}
	}
}
