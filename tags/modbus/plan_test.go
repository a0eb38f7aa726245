package modbus_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/tags/modbus"
)

func addrs(t testing.TB, ss ...string) []modbus.Address {
	t.Helper()
	as := make([]modbus.Address, len(ss))
	for i, s := range ss {
		a, err := modbus.ParseAddress(s)
		if err != nil {
			t.Fatal(err)
		}
		as[i] = a
	}
	return as
}

func contiguous(area string, n, words int) []string {
	ss := make([]string, n)
	for i := range ss {
		ss[i] = fmt.Sprintf("%s:%d", area, i*words)
		if words == 2 {
			ss[i] += ":float32"
		}
	}
	return ss
}

func TestPlan(t *testing.T) {
	for _, tt := range []struct {
		name   string
		addrs  []string
		maxGap int
		want   []string // Request.String()s
		items  [][]int
	}{
		{"one", []string{"hr:5"}, 10, []string{"hr:5+1"}, [][]int{{0}}},
		{"contiguous", []string{"hr:2", "hr:0", "hr:1"}, 10, []string{"hr:0+3"}, [][]int{{1, 2, 0}}},
		{"gap read through", []string{"hr:0", "hr:11"}, 10, []string{"hr:0+12"}, nil},
		{"gap too wide", []string{"hr:0", "hr:12"}, 10, []string{"hr:0+1", "hr:12+1"}, nil},
		{"no gaps", []string{"hr:0", "hr:2", "hr:1"}, -1, []string{"hr:0+3"}, nil},
		{"no gaps split", []string{"hr:0", "hr:2"}, -1, []string{"hr:0+1", "hr:2+1"}, nil},
		{"overlap", []string{"hr:10:float64", "hr:11", "hr:10.3", "hr:12:int32"}, 0, []string{"hr:10+4"}, nil},
		{"areas apart", []string{"hr:0", "ir:0", "coil:0", "di:0", "hr:1"}, 10,
			[]string{"coil:0+1", "di:0+1", "ir:0+1", "hr:0+2"}, [][]int{{2}, {3}, {1}, {0, 4}}},
		{"register limit", contiguous("hr", 126, 1), 10, []string{"hr:0+125", "hr:125+1"}, nil},
		{"float32 never split", contiguous("hr", 63, 2), 10, []string{"hr:0+124", "hr:124+2"}, nil},
		{"limit with gap", []string{"hr:0:string:120", "hr:124", "hr:126"}, 10, []string{"hr:0+125", "hr:126+1"}, nil},
		{"bit limit", contiguous("coil", 2001, 1), 10, []string{"coil:0+2000", "coil:2000+1"}, nil},
		{"bits gap", []string{"di:0", "di:10", "di:30"}, 10, []string{"di:0+11", "di:30+1"}, nil},
		{"string", []string{"hr:0:string:125", "hr:125"}, 10, []string{"hr:0+125", "hr:125+1"}, nil},
		{"top of range", []string{"hr:65535", "hr:65530:int32"}, 10, []string{"hr:65530+6"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			reqs := modbus.Plan(addrs(t, tt.addrs...), tt.maxGap)
			var got []string
			var items [][]int
			for _, r := range reqs {
				got = append(got, r.String())
				items = append(items, r.Items)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Plan = %v, want %v", got, tt.want)
			}
			if tt.items != nil && !reflect.DeepEqual(items, tt.items) {
				t.Errorf("items = %v, want %v", items, tt.items)
			}
			checkCovered(t, addrs(t, tt.addrs...), reqs)
		})
	}
}

// checkCovered checks that every address is served exactly once, inside
// its request, and that no request exceeds the protocol's limit.
func checkCovered(t *testing.T, as []modbus.Address, reqs []modbus.Request) {
	t.Helper()
	seen := make([]int, len(as))
	for _, r := range reqs {
		if int(r.Count) > r.Area.Limit() || r.Count == 0 {
			t.Errorf("request %s exceeds the limit %d", r, r.Area.Limit())
		}
		for _, i := range r.Items {
			seen[i]++
			a := as[i]
			if a.Area != r.Area || a.Offset < r.Start || int(a.Offset)+a.Words() > int(r.Start)+int(r.Count) {
				t.Errorf("%s is outside %s", a, r)
			}
		}
	}
	for i, n := range seen {
		if n != 1 {
			t.Errorf("%s served %d times", as[i], n)
		}
	}
}

func TestPlanContiguousCount(t *testing.T) {
	for _, n := range []int{1, 124, 125, 126, 250, 251, 1000, 5000} {
		if got, want := len(modbus.Plan(addrs(t, contiguous("hr", n, 1)...), 10)), (n+124)/125; got != want {
			t.Errorf("%d contiguous registers: %d requests, want %d", n, got, want)
		}
	}
}

func TestPlanRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		var ss []string
		for range r.IntN(300) {
			area := []string{"hr", "ir", "coil", "di"}[r.IntN(4)]
			s := fmt.Sprintf("%s:%d", area, r.IntN(3000))
			if area == "hr" && r.IntN(3) == 0 {
				s += ":float64"
			}
			ss = append(ss, s)
		}
		as := addrs(t, ss...)
		checkCovered(t, as, modbus.Plan(as, r.IntN(30)-5))
	}
}

// scattered returns n distinct pseudo-random holding register addresses.
func scattered(n int) []string {
	r := rand.New(rand.NewPCG(7, 7))
	seen := map[int]bool{}
	var ss []string
	for len(ss) < n {
		if o := r.IntN(65536); !seen[o] {
			seen[o] = true
			ss = append(ss, fmt.Sprintf("hr:%d", o))
		}
	}
	return ss
}

func newPlanned(b testing.TB, ss []string) *modbus.Driver {
	ts := make([]modbus.Tag, len(ss))
	for i, s := range ss {
		ts[i] = modbus.Tag{Def: tags.Def{Name: fmt.Sprintf("T%d", i), Type: tags.Int, Address: s}}
	}
	d, err := modbus.New(modbus.Config{Name: "bench", Address: "127.0.0.1:1"}, ts, modbus.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return d
}

// BenchmarkPlan reports the read requests per scan cycle that New plans
// for 1,000 contiguous and 1,000 scattered registers.
//
//	go test ./tags/modbus -run '^$' -bench Plan
func BenchmarkPlan(b *testing.B) {
	for _, bc := range []struct {
		name string
		addr []string
	}{{"contiguous1000", contiguous("hr", 1000, 1)}, {"scattered1000", scattered(1000)}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			var d *modbus.Driver
			for b.Loop() {
				d = newPlanned(b, bc.addr)
			}
			b.ReportMetric(float64(d.Stats().Groups[0].Requests), "requests/cycle")
		})
	}
}
