package drivers_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/gohmi/gohmi/internal/yamldec"
	"github.com/gohmi/gohmi/pos"
	"github.com/gohmi/gohmi/tags/drivers"
	"github.com/gohmi/gohmi/tags/modbus"
	"github.com/gohmi/gohmi/tags/opcua"
	"github.com/gohmi/gohmi/tags/sim"
)

// TestKindSettings: each kind decodes its connection settings from the
// project file, with its defaults, and places its problems.
func TestKindSettings(t *testing.T) {
	tests := []struct {
		kind, src string
		want      any
		errs      []string
	}{
		{"sim", "~", sim.Config{Seed: 1, Tick: 100 * time.Millisecond}, nil},
		{"sim", "seed: 7\ntick: 50ms", sim.Config{Seed: 7, Tick: 50 * time.Millisecond}, nil},
		{"modbus", "~", modbus.Config{UnitID: 1, Baud: 19200, Parity: "E", StopBits: 1, Timeout: time.Second, Scan: time.Second, MaxGap: 10}, nil},
		{"modbus", "address: 'plc:502'\nunit_id: 300",
			modbus.Config{Address: "plc:502", UnitID: 1, Baud: 19200, Parity: "E", StopBits: 1, Timeout: time.Second, Scan: time.Second, MaxGap: 10},
			[]string{`f.yaml:2:10: unit_id: expected a whole number from 0 to 255, got "300"`}},
		{"opcua", "~", opcua.Config{Policy: "None", Timeout: 5 * time.Second}, nil},
		{"opcua", "endpoint: 'opc.tcp://x:4840'\ntimeout: soon",
			opcua.Config{Endpoint: "opc.tcp://x:4840", Policy: "None"}, // a bad duration leaves 0, with the error
			[]string{`f.yaml:2:10: timeout: expected a positive duration like 500ms or 2s, got "soon"`}},
	}
	kinds := drivers.Kinds()
	for _, tt := range tests {
		t.Run(tt.kind+" "+tt.src, func(t *testing.T) {
			var errs pos.ErrorList
			d, root := yamldec.NewDecoder("f.yaml", []byte(tt.src), "test file", &errs, yamldec.Limits{Errors: 10, Text: 1024})
			if root != nil && root.Tag == "!!null" {
				root = nil
			}
			got := kinds[tt.kind].Conn(d, root)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("config = %+v, want %+v", got, tt.want)
			}
			var msgs []string
			for _, e := range errs {
				msgs = append(msgs, e.Error())
			}
			if !reflect.DeepEqual(msgs, tt.errs) {
				t.Errorf("errors = %q, want %q", msgs, tt.errs)
			}
		})
	}
}
