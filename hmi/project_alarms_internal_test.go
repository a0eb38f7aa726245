package hmi

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gohmi/gohmi/tags/sim"
)

// TestAlarmFileReuse: a reload reuses the decode of an unchanged alarm
// file, but decodes it again when the tags changed (a deadband in % reads
// a tag's range); it compiles the alarms again only when they or the tags
// changed.
func TestAlarmFileReuse(t *testing.T) {
	dir := t.TempDir()
	project := "name: x\nstart: main\nconnections: [{name: sim, type: sim}]\ntags:\n  - { name: A, min: 0, max: 100, signal: { kind: memory, initial: 1 } }\n"
	mustWrite(t, filepath.Join(dir, "hmi.yaml"), project)
	mustWrite(t, filepath.Join(dir, "screens/main.gopage"), "root: { type: label, text: hi }\n")
	mustWrite(t, filepath.Join(dir, "alarms/a.yaml"), "alarms:\n  - { tag: A, hi: 90, deadband: 10% }\n")
	mustWrite(t, filepath.Join(dir, "alarms/b.yaml"), "alarms:\n  - { tag: A, lo: 10 }\n")
	kinds := Kinds{"sim": sim.DriverKind()}
	p1, err := load(dir, kinds, nil)
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, filepath.Join(dir, "alarms/b.yaml"), "alarms:\n  - { tag: A, lo: 11 }\n")
	p2, err := load(dir, kinds, p1)
	if err != nil {
		t.Fatal(err)
	}
	if p2.alarmFiles[0] != p1.alarmFiles[0] || p2.alarmFiles[1] == p1.alarmFiles[1] {
		t.Error("want a.yaml reused and b.yaml decoded anew")
	}
	if p2.AlarmPlan() == p1.AlarmPlan() {
		t.Error("an edited alarm kept the old plan")
	}
	if again, err := load(dir, kinds, p2); err != nil || again.AlarmPlan() != p2.AlarmPlan() {
		t.Errorf("a reload without alarm or tag changes compiled the alarms again (err %v)", err)
	}
	sums := p2.fileSums()
	if _, ok := sums["alarms/a.yaml"]; !ok || len(sums) != 4 {
		t.Errorf("fileSums = %v, want hmi.yaml, the screen and both alarm files", sums)
	}
	mustWrite(t, filepath.Join(dir, "hmi.yaml"), strings.Replace(project, "max: 100", "max: 200", 1))
	p3, err := load(dir, kinds, p2)
	if err != nil {
		t.Fatal(err)
	}
	if p3.alarmFiles[0] == p2.alarmFiles[0] || p3.Alarms[0].Deadband != 20 {
		t.Errorf("after a tag's range changed: reused %v, deadband %g, want decoded anew with 20", p3.alarmFiles[0] == p2.alarmFiles[0], p3.Alarms[0].Deadband)
	}
}

func mustWrite(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
