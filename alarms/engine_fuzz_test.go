package alarms_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/gohmi/gohmi/alarms"
)

// fuzzDefs are alarms of every kind and option the engine has.
func fuzzDefs() []alarms.Def {
	hi := limitDef(90, alarms.Above)
	hi.Deadband, hi.OnDelay, hi.OffDelay = 2, 3*time.Second, 2*time.Second
	lo := limitDef(10, alarms.Below)
	lo.Name, lo.Latched, lo.AckComment, lo.Priority = "Lo", true, true, alarms.Critical
	tagLim := limitDef(0, alarms.Above)
	tagLim.Name, tagLim.Limit, tagLim.Suppress = "TagLim", alarms.Ref{Tag: "Lim"}, "!Run"
	dev := alarms.Def{Name: "Dev", Kind: alarms.Deviation, Input: "T", Setpoint: alarms.Ref{Tag: "SP"},
		Limit: alarms.Ref{Value: 5}, Dir: alarms.Either, Deadband: 1, Ack: true, Priority: alarms.Medium, MaxShelve: time.Hour}
	rate := alarms.Def{Name: "Rate", Kind: alarms.Rate, Input: "T", Limit: alarms.Ref{Value: 3}, Per: time.Second,
		Dir: alarms.Either, Ack: true, Latched: true, Priority: alarms.High}
	dig := alarms.Def{Name: "Dig", Kind: alarms.Digital, When: "B && T > 50", Ack: false, Latched: true, Priority: alarms.Critical}
	bq := alarms.Def{Name: "BQ", Kind: alarms.BadQuality, Input: "T", Ack: true, OnDelay: time.Second, Priority: alarms.Low,
		Message: "T {T} bad"}
	return []alarms.Def{hi, lo, tagLim, dev, rate, dig, bq}
}

// FuzzEngine runs random sequences of values, clock steps, operator
// actions and reloads and checks the invariants after each: no panic, no
// unacknowledged state without Def.Ack, no latch without Def.Latched, no
// shelve past its expiry, the journal's continuity, Statuses and the horn
// agreeing with the states.
//
//	go test ./alarms -run '^$' -fuzz FuzzEngine -fuzztime 30s
func FuzzEngine(f *testing.F) {
	f.Add([]byte{0, 200, 0, 250, 5, 30, 6, 1, 0, 10, 5, 100})
	f.Add([]byte{7, 3, 0, 255, 8, 2, 5, 200, 9, 0, 10, 1, 11, 4, 0, 0, 5, 255, 12, 3})
	f.Add([]byte{3, 1, 2, 1, 0, 240, 1, 60, 0, 20, 4, 0, 5, 10, 13, 5, 14})
	f.Fuzz(fuzzEngine)
}

var fuzzValues = []float64{0, 5, 9, 10, 11, 45, 49, 50, 51, 55, 85, 88, 89, 90, 91, 95, 100, math.NaN()}

func fuzzEngine(t *testing.T, data []byte) {
	{
		values := fuzzValues
		defs := fuzzDefs()
		fx := newFixture(t, alarms.Options{Horn: alarms.High, InitialGrace: 5 * time.Second}, defs...)
		byte1 := func(i *int) byte {
			if *i >= len(data) {
				return 0
			}
			b := data[*i]
			*i++
			return b
		}
		names := []string{"A", "Lo", "TagLim", "Dev", "Rate", "Dig", "BQ", "Nope"}
		for i := 0; i < len(data); {
			code := byte1(&i)
			arg := byte1(&i)
			name := names[int(arg)%len(names)]
			switch code % 16 {
			case 0, 1, 2, 3, 4:
				tag := []string{"T", "SP", "Lim", "Run", "B"}[code%5]
				switch {
				case arg >= 250:
					fx.bad(tag)
				case tag == "Run" || tag == "B":
					fx.set(tag, arg%2 == 0)
				default:
					fx.set(tag, values[int(arg)%len(values)])
				}
			case 5:
				fx.step(time.Duration(arg) * 100 * time.Millisecond)
			case 6:
				_ = fx.e.Ack([]string{name}, alarms.Op{User: "op", Comment: []string{"", "ok"}[arg%2]})
			case 7:
				_ = fx.e.Ack(names, alarms.Op{User: "op", Comment: "all"})
			case 8:
				_ = fx.e.Shelve(name, time.Duration(arg)*time.Minute, op)
			case 9:
				_ = fx.e.Unshelve(name, op)
			case 10:
				_ = fx.e.SetOutOfService(name, arg%2 == 0, op)
			case 11:
				fx.e.Silence(op)
			case 12: // reload: drop one alarm, change another's condition or display
				d := slices.Clone(defs)
				k := int(arg) % len(d)
				switch arg % 3 {
				case 0:
					d = slices.Delete(d, k, k+1)
				case 1:
					d[k].Ack, d[k].Latched = !d[k].Ack, !d[k].Latched
				case 2:
					d[k].Message, d[k].Priority = "edited {T}", alarms.Priority(arg%4+1)
				}
				fx.configure(d...)
			case 13:
				fx.configure(defs...)
			default:
				fx.e.Eval(nil)
			}
			fx.events()
			checkInvariants(t, fx)
		}
		checkJournal(t, fx.all)
	}
}

func checkInvariants(t *testing.T, fx *fixture) {
	t.Helper()
	now := fx.clk.Now()
	sts := fx.e.Statuses()
	if !slices.IsSortedFunc(sts, func(a, b alarms.Status) int {
		ua, ub := a.State.Unacked(), b.State.Unacked()
		switch {
		case ua && !ub:
			return -1
		case ub && !ua:
			return 1
		}
		return int(a.Priority) - int(b.Priority)
	}) {
		t.Fatalf("statuses not sorted: %+v", sts)
	}
	horn := false
	for _, d := range fuzzDefs() {
		s, ok := fx.e.Status(d.Name)
		if !ok {
			continue
		}
		k := slices.IndexFunc(fx.defs, func(x alarms.Def) bool { return x.Name == d.Name })
		if k < 0 {
			t.Fatalf("%s: a status without a definition", d.Name)
		}
		cur := fx.defs[k]
		if !cur.Ack && s.State.Unacked() {
			t.Fatalf("%s: %v without Ack", d.Name, s.State)
		}
		if !cur.Latched && s.State == alarms.Latched {
			t.Fatalf("%s: latched without Latched", d.Name)
		}
		if s.Shelved && !s.ShelvedUntil.After(now) {
			t.Fatalf("%s: shelved until %v at %v", d.Name, s.ShelvedUntil, now)
		}
		plain := s.State == alarms.Normal && !s.Shelved && !s.Suppressed && !s.OutOfService
		if listed := slices.ContainsFunc(sts, func(x alarms.Status) bool { return x.Name == d.Name }); listed == plain {
			t.Fatalf("%s: listed %v, plain normal %v", d.Name, listed, plain)
		}
		if s.Priority <= alarms.High && s.State.Unacked() && !s.Shelved && !s.Suppressed && !s.OutOfService {
			horn = true
		}
	}
	if fx.e.Horn() && !horn {
		t.Fatal("the horn sounds with nothing to acknowledge")
	}
}

// TestRandomSequences runs FuzzEngine's property check on a fixed set of
// pseudo-random inputs, so that every test run covers long sequences.
func TestRandomSequences(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		b := make([]byte, r.IntN(400))
		for j := range b {
			b[j] = byte(r.IntN(256))
		}
		fuzzEngine(t, b)
	}
}
