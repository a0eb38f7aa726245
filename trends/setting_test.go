package trends_test

import (
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/gohmi/gohmi/internal/yamldec"
	"github.com/gohmi/gohmi/pos"
	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/trends"
)

// decode reads src's history: section as hmi.yaml's decoder would.
func decode(src string) ([]trends.Setting, pos.ErrorList) {
	var errs pos.ErrorList
	d, root := yamldec.NewDecoder("hmi.yaml", []byte(src), "project file", &errs, yamldec.Limits{Errors: 50, Text: 1000})
	if root == nil {
		return nil, errs
	}
	var out []trends.Setting
	d.Fields(root, "project", []string{"history"}, func(_ string, _, v *yaml.Node) {
		out = trends.Decode(d, v)
	})
	return out, errs
}

func TestDecode(t *testing.T) {
	src := `history:
  - { tags: "Tank*.Level", deadband: 0.5, deviation: 0.2, max-interval: 10m, keep: 30d }
  - tags: [Pump1.*, Flow.Inlet]
    deadband: 1%
    deviation: 0.5%
    max-size: 50MB
    keep: 12w
`
	got, errs := decode(src)
	if errs.Err() != nil {
		t.Fatal(errs.Err())
	}
	want := []trends.Setting{
		{Tag: "Tank*.Level", Deadband: 0.5, Deviation: 0.2, MaxInterval: 10 * time.Minute,
			Retention: trends.Retention{MaxAge: 30 * 24 * time.Hour}, Pos: pos.Pos{Filename: "hmi.yaml", Line: 2, Col: 13}},
		{Tag: "Pump1.*", DeadbandPct: 1, DeviationPct: 0.5,
			Retention: trends.Retention{MaxAge: 12 * 7 * 24 * time.Hour, MaxBytes: 50 << 20}, Pos: pos.Pos{Filename: "hmi.yaml", Line: 3, Col: 12}},
		{Tag: "Flow.Inlet", DeadbandPct: 1, DeviationPct: 0.5,
			Retention: trends.Retention{MaxAge: 12 * 7 * 24 * time.Hour, MaxBytes: 50 << 20}, Pos: pos.Pos{Filename: "hmi.yaml", Line: 3, Col: 21}},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("setting %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
	if s, errs := decode("history:\n"); s != nil || errs.Err() != nil {
		t.Errorf("empty history: %v, %v", s, errs)
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"history: {tags: A}", "hmi.yaml:1:10: history: expected a list, got a mapping"},
		{"history:\n  - {tags: A, deadbnd: 1}", `hmi.yaml:2:15: unknown key "deadbnd" in history entry, did you mean "deadband"?`},
		{"history:\n  - {deadband: 1}", "hmi.yaml:2:5: history entry: missing tags (a tag name or pattern like \"Tank*.Level\")"},
		{"history:\n  - {tags: A, deadband: -1}", "hmi.yaml:2:25: deadband: expected a number ≥ 0 in the tag's units or a percentage like 0.5%, got \"-1\""},
		{"history:\n  - {tags: A, deviation: 150%}", "hmi.yaml:2:26: deviation: expected a percentage from 0% to 100%, got \"150%\""},
		{"history:\n  - {tags: A, max-interval: 2d}", "hmi.yaml:2:29: max-interval: expected a positive duration like 500ms or 2s, got \"2d\""},
		{"history:\n  - {tags: A, max-interval: 48h}", "hmi.yaml:2:29: max-interval: 48h0m0s is longer than a day"},
		{"history:\n  - {tags: A, keep: forever}", "hmi.yaml:2:21: keep: expected a duration like 30d, 12w or 36h, got \"forever\""},
		{"history:\n  - {tags: A, max-size: 10KB}", "hmi.yaml:2:25: max-size: \"10KB\" is below the smallest, 64KB"},
		{"history:\n  - {tags: A, max-size: lots}", "hmi.yaml:2:25: max-size: expected a size like 512KB, 50MB or 2GB, got \"lots\""},
		{"history:\n  - {tags: \"Tank[1]\"}", "hmi.yaml:2:12: tags: \"Tank[1]\": '[' is not allowed in a tag pattern (letters, digits, _, ., * and ?)"},
		{"history:\n  - {tags: [A, {x: 1}]}", "hmi.yaml:2:16: tags: expected a string, got a mapping"},
		{"history:\n  - {tags: A, tags: B}", "hmi.yaml:2:15: history entry: key \"tags\" given twice"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			_, errs := decode(tc.src)
			if len(errs) != 1 || errs[0].Error() != tc.want {
				t.Errorf("errors %v\nwant    %s", errs, tc.want)
			}
		})
	}
}

func fptr(f float64) *float64 { return &f }

func TestMatch(t *testing.T) {
	defs := []tags.Def{
		{Name: "Tank1.Level", Type: tags.Float, Min: fptr(0), Max: fptr(200)},
		{Name: "Tank2.Level", Type: tags.Float},
		{Name: "Tank1.Temp", Type: tags.Float},
		{Name: "Pump1.Run", Type: tags.Bool},
		{Name: "Station.Name", Type: tags.String},
	}
	settings := []trends.Setting{
		{Tag: "*", Deviation: 1},
		{Tag: "Tank*.Level", DeadbandPct: 1, DeviationPct: 0.5, MaxInterval: time.Minute},
	}
	got := trends.Match(settings, defs)
	want := map[string]trends.Setting{
		"Tank1.Level": {Tag: "Tank1.Level", Deadband: 2, DeadbandPct: 1, Deviation: 1, DeviationPct: 0.5, MaxInterval: time.Minute},
		"Tank2.Level": {Tag: "Tank2.Level", DeadbandPct: 1, DeviationPct: 0.5, MaxInterval: time.Minute},
		"Tank1.Temp":  {Tag: "Tank1.Temp", Deviation: 1, MaxInterval: trends.DefaultMaxInterval},
		"Pump1.Run":   {Tag: "Pump1.Run", Deviation: 1, MaxInterval: trends.DefaultMaxInterval},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s:\n got %+v\nwant %+v", k, got[k], w)
		}
	}
	errs := trends.Check(append(settings, trends.Setting{Tag: "Nope.*"}, trends.Setting{Tag: "Station.*"}), defs)
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Msg)
	}
	wantMsgs := []string{
		"history: a percentage needs the range of tag Tank2.Level: give it min and max",
		`history: "Nope.*" matches no tag`,
		`history: "Station.*" matches only string tags, which are not recorded`,
	}
	if strings.Join(msgs, "\n") != strings.Join(wantMsgs, "\n") {
		t.Errorf("Check:\n%s\nwant\n%s", strings.Join(msgs, "\n"), strings.Join(wantMsgs, "\n"))
	}
}

// FuzzDecode: no panic, every error has a position in the file.
//
//	go test -fuzz FuzzDecode$ ./trends/
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		"history:\n  - { tags: \"Tank*.Level\", deadband: 0.5, deviation: 0.2, max-interval: 10m, keep: 30d }\n",
		"history:\n  - tags: [Pump1.*, Flow.Inlet]\n    deadband: 1%\n    max-size: 50MB\n",
		"history: &a [ {tags: A, keep: 1e9d}, *a ]\n",
		"{\"history\": [{\"tags\": \"A\", \"deviation\": \"x%\"}]}",
		"history:\n  - {tags: [A, [B]], max-size: 1e300GB, keep: -1w}\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		settings, errs := decode(src)
		lines := strings.Count(src, "\n") + strings.Count(src, "\r") + 1 // a lone CR ends a line too
		for _, e := range errs {
			if e.Pos.Filename != "hmi.yaml" || e.Pos.Line < 1 || e.Pos.Line > lines || e.Pos.Col < 1 {
				t.Fatalf("error without a valid position: %v", e)
			}
		}
		for _, s := range settings {
			if s.Deadband < 0 || s.Deviation < 0 || s.MaxInterval < 0 || s.Retention.MaxAge < 0 || s.Retention.MaxBytes < 0 {
				t.Fatalf("negative setting decoded: %+v", s)
			}
		}
	})
}
