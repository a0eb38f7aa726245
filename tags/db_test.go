package tags_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/gohmi/gohmi/tags"
)

func ptr(f float64) *float64 { return &f }

// newDB returns a DB with a few tags of a pump station.
func newDB(t testing.TB) *tags.DB {
	t.Helper()
	db := tags.NewDB(tags.Options{Now: fixedNow})
	err := db.Define(
		tags.Def{Name: "Tank1.Level", Conn: "plc", Type: tags.Float, Unit: "%"},
		tags.Def{Name: "Tank1.Setpoint", Conn: "plc", Type: tags.Float, Writable: true, Min: ptr(0), Max: ptr(100)},
		tags.Def{Name: "Pump1.Run", Conn: "plc", Type: tags.Bool, Writable: true},
		tags.Def{Name: "Pump1.Fault", Conn: "plc", Type: tags.Bool},
		tags.Def{Name: "Pump1.Starts", Conn: "plc", Type: tags.Int, Writable: true, Min: ptr(0)},
		tags.Def{Name: "Station.Name", Conn: "plc", Type: tags.String, Writable: true},
		tags.Def{Name: "Tank1.Alarm", Conn: "plc", Type: tags.Bool},
	)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestDefine(t *testing.T) {
	for _, tt := range []struct {
		name string
		defs []tags.Def
		err  string
	}{
		{"ok", []tags.Def{{Name: "A.B"}, {Name: "A.C"}}, ""},
		{"invalid name", []tags.Def{{Name: "A..B"}}, `invalid tag name "A..B": empty segment`},
		{"duplicate in batch", []tags.Def{{Name: "X"}, {Name: "X"}}, "tag X: defined twice"},
		{"duplicate of existing", []tags.Def{{Name: "Tank1.Level"}}, "tag Tank1.Level: defined twice"},
		{"parent of existing", []tags.Def{{Name: "Tank1"}}, "tag Tank1: conflicts with tag Tank1."},
		{"child of existing", []tags.Def{{Name: "Tank1.Level.Raw"}}, "tag Tank1.Level.Raw: conflicts with tag Tank1.Level "},
		{"parent in batch", []tags.Def{{Name: "P.Q.R"}, {Name: "P.Q"}}, "tag P.Q: conflicts with tag P.Q.R"},
		{"child in batch", []tags.Def{{Name: "P.Q"}, {Name: "P.Q.R"}}, "tag P.Q.R: conflicts with tag P.Q "},
		{"min above max", []tags.Def{{Name: "M", Min: ptr(5), Max: ptr(1)}}, "tag M: min 5 is above max 1"},
		{"bad scale", []tags.Def{{Name: "S", Scale: &tags.Scale{RawMin: 1, RawMax: 1, EngMax: 1}}}, "tag S: scale raw_min and raw_max must differ"},
		{"bad type", []tags.Def{{Name: "T", Type: 9}}, "tag T: invalid type Type(9)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := newDB(t)
			before := len(db.Defs())
			err := db.Define(tt.defs...)
			if tt.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !contains(err, tt.err) {
				t.Fatalf("Define error = %v, want %q", err, tt.err)
			}
			if n := len(db.Defs()); n != before {
				t.Errorf("a failed Define added %d tags", n-before)
			}
		})
	}
}

func TestDefineReportsEveryProblem(t *testing.T) {
	db := tags.NewDB(tags.Options{})
	err := db.Define(tags.Def{Name: "1a"}, tags.Def{Name: "ok"}, tags.Def{Name: "b-"})
	if !contains(err, `"1a"`) || !contains(err, `"b-"`) {
		t.Fatalf("error = %v, want both bad names", err)
	}
}

func TestDefsGetInitial(t *testing.T) {
	db := newDB(t)
	var names []string
	for _, d := range db.Defs() {
		names = append(names, d.Name)
	}
	if !slices.IsSorted(names) || len(names) != 7 {
		t.Errorf("Defs names = %v, want 7 sorted", names)
	}
	d, ok := db.Def("Tank1.Setpoint")
	if !ok || !d.Writable || *d.Max != 100 {
		t.Errorf("Def(Tank1.Setpoint) = %+v, %v", d, ok)
	}
	v, ok := db.Get("Tank1.Level")
	want := tags.Value{Quality: tags.Bad, Reason: "waiting for initial data", Time: t0}
	if !ok || v != want {
		t.Errorf("Get = %v, %v; want %v", v, ok, want)
	}
	if _, ok := db.Get("Nope"); ok {
		t.Error("Get of unknown tag is ok")
	}
	if _, ok := db.Def("Nope"); ok {
		t.Error("Def of unknown tag is ok")
	}
}

func good(v any) tags.Value { return tags.Value{V: v, Time: t0} }

func TestPublishAndSubscribe(t *testing.T) {
	db := newDB(t)
	sub := db.Subscribe([]string{"Tank1.Level", "Pump1.Run", "Unknown", "Tank1.Level"})
	defer sub.Close()

	// A new subscription starts with its tags' current values pending.
	expectSignal(t, sub, true)
	got := sub.Take(nil)
	if len(got) != 2 || got[0].Name != "Tank1.Level" || got[1].Name != "Pump1.Run" || got[0].Value.Quality != tags.Bad {
		t.Fatalf("initial Take = %v", got)
	}
	expectSignal(t, sub, false)

	// 1,000 updates of one tag coalesce into its latest value.
	for i := range 1000 {
		db.Publish(tags.Update{Name: "Tank1.Level", Value: good(float64(i))})
	}
	db.Publish(tags.Update{Name: "Tank1.Alarm", Value: good(true)}) // not subscribed
	expectSignal(t, sub, true)
	got = sub.Take(got[:0])
	if len(got) != 1 || got[0].Value != good(999.0) {
		t.Fatalf("Take = %v, want only Tank1.Level = 999", got)
	}

	// Unchanged values do not reach subscribers; only a new time is stored.
	later := t0.Add(1e9)
	db.Publish(tags.Update{Name: "Tank1.Level", Value: tags.Value{V: 999.0, Time: later}})
	expectSignal(t, sub, false)
	if v, _ := db.Get("Tank1.Level"); v.Time != later {
		t.Errorf("time not stored: %v", v)
	}

	// Quality and reason changes are changes.
	bad := tags.Value{V: 999.0, Quality: tags.Bad, Reason: "comm failure: timeout", Time: later}
	db.Publish(tags.Update{Name: "Tank1.Level", Value: bad})
	expectSignal(t, sub, true)
	if got = sub.Take(got[:0]); len(got) != 1 || got[0].Value != bad {
		t.Fatalf("Take = %v, want bad value", got)
	}

	db.Publish(tags.Update{Name: "Nope", Value: good(1.0)}, tags.Update{Name: "Pump1.Run", Value: good(true)})
	st := db.Stats()
	if st.Unknown != 1 || st.Tags != 7 || st.Published != 1005 {
		t.Errorf("Stats = %+v", st)
	}
	sub.Close()
	sub.Close()
	db.Publish(tags.Update{Name: "Pump1.Run", Value: good(false)})
	if got = sub.Take(got[:0]); len(got) != 0 {
		t.Errorf("Take after Close = %v", got)
	}
}

func TestPublishCoercesDriverValues(t *testing.T) {
	db := newDB(t)
	db.Publish(
		tags.Update{Name: "Tank1.Level", Value: good(int32(7))},
		tags.Update{Name: "Pump1.Starts", Value: good("x")},
		tags.Update{Name: "Station.Name", Value: tags.Value{V: "North"}},
	)
	if v, _ := db.Get("Tank1.Level"); v.V != 7.0 {
		t.Errorf("Tank1.Level = %v, want float64 7", v)
	}
	if v, _ := db.Get("Pump1.Starts"); v.Quality != tags.Bad || v.Reason != `driver value: cannot convert "x" to int` {
		t.Errorf("Pump1.Starts = %v", v)
	}
	if v, _ := db.Get("Station.Name"); v.Time != t0 {
		t.Errorf("zero time not filled from the clock: %v", v)
	}
}

func TestSubscribeAllIncludesLaterTags(t *testing.T) {
	db := newDB(t)
	sub := db.Subscribe(nil)
	defer sub.Close()
	if got := sub.Take(nil); len(got) != 7 {
		t.Fatalf("initial Take has %d tags, want 7", len(got))
	}
	if err := db.Define(tags.Def{Name: "Tank2.Level"}); err != nil {
		t.Fatal(err)
	}
	expectSignal(t, sub, true)
	db.Publish(tags.Update{Name: "Tank2.Level", Value: good(1.0)})
	got := sub.Take(nil)
	if len(got) != 1 || got[0].Name != "Tank2.Level" || got[0].Value.V != 1.0 {
		t.Fatalf("Take = %v", got)
	}
}

func expectSignal(t *testing.T, s *tags.Subscription, want bool) {
	t.Helper()
	select {
	case <-s.C():
		if !want {
			t.Fatal("unexpected signal")
		}
	default:
		if want {
			t.Fatal("no signal")
		}
	}
}

// fakeDriver records writes.
type fakeDriver struct {
	writes []tags.Update
	err    error
}

func (f *fakeDriver) Run(ctx context.Context, _ tags.Publisher) error { <-ctx.Done(); return nil }

func (f *fakeDriver) Write(_ context.Context, name string, v any) error {
	f.writes = append(f.writes, tags.Update{Name: name, Value: tags.Value{V: v}})
	return f.err
}

func TestWrite(t *testing.T) {
	for _, tt := range []struct {
		name, tag string
		v         any
		want      any // value the driver receives
		err       string
	}{
		{"float", "Tank1.Setpoint", "55.5", 55.5, ""},
		{"at max", "Tank1.Setpoint", 100, 100.0, ""},
		{"above max", "Tank1.Setpoint", 120, nil, "write Tank1.Setpoint: 120 is above the maximum 100"},
		{"below min", "Tank1.Setpoint", -0.5, nil, "write Tank1.Setpoint: -0.5 is below the minimum 0"},
		{"NaN", "Tank1.Setpoint", "NaN", nil, "write Tank1.Setpoint: NaN is not a finite number"},
		{"not a number", "Tank1.Setpoint", "abc", nil, `write Tank1.Setpoint: cannot convert "abc" to float`},
		{"int", "Pump1.Starts", 3.0, int64(3), ""},
		{"int below min", "Pump1.Starts", -1, nil, "write Pump1.Starts: -1 is below the minimum 0"},
		{"bool", "Pump1.Run", "on", true, ""},
		{"string", "Station.Name", 12, "12", ""},
		{"read-only", "Tank1.Level", 1, nil, "write Tank1.Level: tag is read-only"},
		{"unknown", "Tank1.Setpont", 1, nil, `write Tank1.Setpont: unknown tag, did you mean "Tank1.Setpoint"?`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := newDB(t)
			d := &fakeDriver{}
			db.Attach("plc", d)
			err := db.Write(context.Background(), tt.tag, tt.v)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("Write error = %v, want %q", err, tt.err)
				}
				if len(d.writes) != 0 {
					t.Fatalf("driver called despite the error: %v", d.writes)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(d.writes) != 1 || d.writes[0].Name != tt.tag || d.writes[0].Value.V != tt.want {
				t.Fatalf("driver got %v, want %s = %#v", d.writes, tt.tag, tt.want)
			}
		})
	}
}

func TestWriteRouting(t *testing.T) {
	db := newDB(t)
	ctx := context.Background()
	if err := db.Write(ctx, "Pump1.Run", true); err == nil || err.Error() != `write Pump1.Run: no driver attached to connection "plc"` {
		t.Fatalf("Write without driver = %v", err)
	}
	boom := errors.New("modbus: exception 2 (illegal data address)")
	db.Attach("plc", &fakeDriver{err: boom})
	err := db.Write(ctx, "Pump1.Run", true)
	var we *tags.WriteError
	if !errors.Is(err, boom) || !errors.As(err, &we) || we.Tag != "Pump1.Run" {
		t.Fatalf("Write = %v, want wrapped driver error", err)
	}
	if err.Error() != "write Pump1.Run: modbus: exception 2 (illegal data address)" {
		t.Errorf("message = %q", err)
	}
	db.Attach("plc", nil)
	if err := db.Write(ctx, "Pump1.Run", true); !contains(err, "no driver") {
		t.Errorf("after detach: %v", err)
	}
}
