package hmi_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/internal/yamldec"
	"github.com/gohmi/gohmi/tags"
)

// echoConfig and echoTag are a made-up protocol's settings.
type echoConfig struct{ Port int }

type echoTag struct{ Gain float64 }

// echoDriver is the made-up protocol's driver: it only remembers what it
// was built from.
type echoDriver struct {
	cfg  echoConfig
	tags []tags.KindTag
}

func (*echoDriver) Run(ctx context.Context, pub tags.Publisher) error  { <-ctx.Done(); return nil }
func (*echoDriver) Write(ctx context.Context, tag string, v any) error { return errors.New("no") }

// echoKind is a protocol defined outside hmi: a table row is all hmi needs.
func echoKind() tags.Kind {
	return tags.Kind{
		Conn: func(d *yamldec.Decoder, n *yaml.Node) any {
			c := echoConfig{Port: 7}
			if n != nil {
				d.Fields(n, "echo settings", []string{"port"}, func(key string, k, v *yaml.Node) { c.Port = int(d.Num(v, key)) })
			}
			return c
		},
		TagKeys: []string{"gain"},
		Tag: func(d *yamldec.Decoder, keys map[string]*yaml.Node) any {
			if n := keys["gain"]; n != nil {
				return echoTag{Gain: d.Num(n, "gain")}
			}
			return nil
		},
		New: func(conn any, ts []tags.KindTag, o tags.KindOptions) (tags.Driver, error) {
			for _, t := range ts {
				if g, _ := t.Settings.(echoTag); g.Gain < 0 {
					return nil, errors.New("echo: " + t.Def.Name + ": negative gain")
				}
			}
			return &echoDriver{cfg: conn.(echoConfig), tags: ts}, nil
		},
	}
}

// TestKindTable: connection types, their settings and their tags' settings
// are whatever the table handed to Load says; problems the kind finds carry
// their position.
func TestKindTable(t *testing.T) {
	kinds := hmi.Kinds{"echo": echoKind()}
	tests := []struct {
		name, yaml string
		want       []string
	}{
		{"good", "start: a\nconnections: [{name: e, type: echo, echo: {port: 9}}]\ntags:\n  - {name: T, gain: 2}\n", nil},
		{"kind's settings error",
			"start: a\nconnections: [{name: e, type: echo, echo: {prot: 9}}]\n",
			[]string{`hmi.yaml:2:44: unknown key "prot" in echo settings, did you mean "port"?`}},
		{"kind's tag key error",
			"start: a\nconnections: [{name: e, type: echo}]\ntags:\n  - {name: T, gain: much}\n",
			[]string{`hmi.yaml:4:21: gain: expected a number, got "much"`}},
		{"kind's New checks the tag",
			"start: a\nconnections: [{name: e, type: echo}]\ntags:\n  - {name: T, gain: -1}\n",
			[]string{`hmi.yaml:4:5: echo: T: negative gain`}},
		{"a type not in the table",
			"start: a\nconnections: [{name: s, type: sim}]\ntags:\n  - {name: T, signal: {kind: sine}}\n",
			[]string{
				`hmi.yaml:2:31: unknown connection type "sim" (want one of echo)`,
				`hmi.yaml:4:15: unknown key "signal" in tag`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeProject(t, tt.yaml)
			_, err := hmi.Load(dir, kinds)
			got := errorLines(err)
			for i := range got {
				got[i] = strings.TrimPrefix(got[i], dir+string(filepath.Separator))
			}
			// a screen "a" is missing in every case: not this test's business
			var kept []string
			for _, g := range got {
				if !strings.Contains(g, `"a"`) && !strings.Contains(g, "start screen") {
					kept = append(kept, g)
				}
			}
			if strings.Join(kept, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(kept, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestKindSettingsDecoded: the kind's decoded configuration and tag
// settings are what the project holds.
func TestKindSettingsDecoded(t *testing.T) {
	dir := writeProject(t, "start: a\nconnections: [{name: e, type: echo, echo: {port: 9}}]\ntags:\n  - {name: T, gain: 2}\n  - {name: U}\n")
	p, _ := hmi.Load(dir, hmi.Kinds{"echo": echoKind()})
	if len(p.Connections) != 1 || p.Connections[0].Config != (echoConfig{Port: 9}) {
		t.Errorf("connections = %+v, want one echo with port 9", p.Connections)
	}
	if len(p.Tags) != 2 || p.Tags[0].Settings != (echoTag{Gain: 2}) || p.Tags[1].Settings != nil {
		t.Errorf("tags = %+v, want T with gain 2 and U with none", p.Tags)
	}
}
