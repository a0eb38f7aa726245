package hmi_test

import (
	"strings"
	"testing"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/tags/drivers"
)

// TestCheckConstantWrites: a constant write that the tag database would
// refuse on every press is an error at its value; a role no configuration
// defines (no users.yaml) is a warning, which does not make the project fail.
func TestCheckConstantWrites(t *testing.T) {
	p, err := hmi.Load("testdata/writes", drivers.Kinds())
	wantErrs := []string{
		"testdata/writes/screens/main.gopage:6:84: write to Tank1.Setpoint: 150 is above the maximum 100",
		"testdata/writes/screens/main.gopage:7:84: write to Tank1.Setpoint: 5 is below the minimum 10",
		"testdata/writes/screens/main.gopage:8:81: write to Batch.Count: cannot convert 1.5 to int",
	}
	if got := errorLines(err); strings.Join(got, "\n") != strings.Join(wantErrs, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantErrs, "\n"))
	}
	wantWarn := []string{
		`testdata/writes/screens/main.gopage:12:93: warning: role "operator" is not enforced: the project has no users.yaml, so anyone may do this`,
	}
	if got := errorLines(p.Warnings.Err()); strings.Join(got, "\n") != strings.Join(wantWarn, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantWarn, "\n"))
	}
}
