package opcua_test

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gopcua/opcua/ua"

	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/tags/opcua"
)

// Integration tests against the node-opcua peer (testpeers/opcua).
//
//	go test -race ./tags/opcua/

// typed is one variable of each type the peer offers, with its initial value.
var typed = []struct {
	node string
	typ  tags.Type
	init any
	set  any // a value to write
}{
	{"Double", tags.Float, 1.5, 3.25},
	{"Float", tags.Float, 2.5, 0.1},
	{"Int16", tags.Int, int64(-16), int64(-1234)},
	{"Int32", tags.Int, int64(32), int64(123456)},
	{"UInt16", tags.Int, int64(16), int64(65535)},
	{"Boolean", tags.Bool, true, false},
	{"String", tags.String, "hello", "wörld"},
}

func typedTags() []opcua.Tag {
	var ts []opcua.Tag
	for _, tt := range typed {
		ts = append(ts, node(tt.node, tt.typ))
	}
	return ts
}

func TestReadEveryType(t *testing.T) {
	p := peer(t)
	ro := node("ReadOnly", tags.Float)
	r := run(t, opcua.Config{Endpoint: p.Endpoint}, append(typedTags(), ro)...)
	r.waitGood("Plant.ReadOnly")
	r.waitValue("Plant.ReadOnly", 42.0)
	names := []string{"Plant.ReadOnly"}
	for _, tt := range typed {
		r.waitValue("Plant."+tt.node, tt.init)
		names = append(names, "Plant."+tt.node)
	}
	// The Reader reads the same values on demand.
	vals, err := r.drv.Read(context.Background(), names)
	if err != nil {
		t.Fatal(err)
	}
	if vals[0].V != 42.0 || vals[0].Quality != tags.Good {
		t.Errorf("Read ReadOnly = %s", vals[0])
	}
	for i, tt := range typed {
		if v := vals[i+1]; v.V != tt.init || v.Quality != tags.Good || v.Time.IsZero() {
			t.Errorf("Read %s = %s, want %v", tt.node, v, tt.init)
		}
	}
	if _, err := r.drv.Read(context.Background(), []string{"Plant.Nope"}); err == nil || !strings.Contains(err.Error(), `unknown tag "Plant.Nope"`) {
		t.Errorf("Read unknown tag: %v", err)
	}
}

func TestSubscribeSourceTimestamps(t *testing.T) {
	p := peer(t)
	ramp := node("Ramp", tags.Float)
	ramp.Sampling = 100 * time.Millisecond
	cfg := opcua.Config{Endpoint: p.Endpoint, Timeout: 3 * time.Second}
	// A clock far in the past: a value stamped by it was not stamped by the server.
	past := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	drv, err := opcua.New(cfg, []opcua.Tag{ramp}, opcua.Options{Clock: clocktest.New(past)})
	if err != nil {
		t.Fatal(err)
	}
	db := tags.NewDB(tags.Options{})
	if err := db.Define(ramp.Def); err != nil {
		t.Fatal(err)
	}
	sub := db.Subscribe([]string{ramp.Def.Name})
	defer sub.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- drv.Run(ctx, db) }()
	defer func() { cancel(); <-done }()

	var got []tags.Value
	deadline := time.After(15 * time.Second)
	var buf []tags.Update
	for len(got) < 10 {
		select {
		case <-sub.C():
		case <-deadline:
			t.Fatalf("only %d good changes within 15s: %v", len(got), got)
		}
		for _, u := range sub.Take(buf[:0]) {
			if u.Value.Quality == tags.Good {
				got = append(got, u.Value)
			}
		}
	}
	start := time.Now().Add(-20 * time.Second)
	for i, v := range got {
		if v.Time.Before(start) || v.Time.After(time.Now().Add(time.Second)) {
			t.Errorf("change %d: time %s is not the server's source timestamp", i, v.Time)
		}
		if v.Time.Nanosecond()%int(time.Millisecond) != 0 {
			t.Errorf("change %d: time %s has sub-millisecond digits; node-opcua's source timestamps are JavaScript Dates", i, v.Time)
		}
		if i > 0 && !v.Time.After(got[i-1].Time) {
			t.Errorf("change %d: time %s not after %s", i, v.Time, got[i-1].Time)
		}
		if i > 0 && v.V == got[i-1].V {
			t.Errorf("change %d: value %v did not change", i, v.V)
		}
	}
	// 10 changes at 100 ms take about a second, not 10.
	if span := got[len(got)-1].Time.Sub(got[0].Time); span > 3*time.Second {
		t.Errorf("10 changes spanned %s; want about 0.9s at 100ms sampling", span)
	}
}

func TestWriteEveryType(t *testing.T) {
	p := peer(t)
	r := run(t, opcua.Config{Endpoint: p.Endpoint}, typedTags()...)
	ctx := context.Background()
	for _, tt := range typed {
		name := "Plant." + tt.node
		r.waitGood(name)
		t.Run(tt.node, func(t *testing.T) {
			defer func() { // leave the shared peer as it was
				if err := r.db.Write(ctx, name, tt.init); err != nil {
					t.Errorf("restore: %v", err)
				}
				r.waitValue(name, tt.init)
			}()
			if err := r.db.Write(ctx, name, tt.set); err != nil {
				t.Fatal(err)
			}
			r.waitValue(name, tt.set)
			vals, err := r.drv.Read(ctx, []string{name})
			if err != nil || vals[0].V != tt.set {
				t.Errorf("read back %v, %v; want %v", vals, err, tt.set)
			}
		})
	}
}

func TestWriteReadOnly(t *testing.T) {
	p := peer(t)
	r := run(t, opcua.Config{Endpoint: p.Endpoint}, node("ReadOnly", tags.Float))
	r.waitGood("Plant.ReadOnly")
	err := r.db.Write(context.Background(), "Plant.ReadOnly", 1)
	if err == nil || !strings.Contains(err.Error(), "BadNotWritable") {
		t.Fatalf("write to a read-only node: %v, want BadNotWritable", err)
	}
	if !errors.Is(err, ua.StatusBadNotWritable) {
		t.Errorf("errors.Is(%v, StatusBadNotWritable) is false", err)
	}
	t.Log(err)
}

func TestWriteConvertsToNodeType(t *testing.T) {
	p := peer(t)
	// A float tag (a setpoint an operator types) on an Int32 node, and an
	// int tag on an Int16 node.
	asFloat := node("Int32", tags.Float)
	asFloat.Def.Name = "Plant.Int32AsFloat"
	r := run(t, opcua.Config{Endpoint: p.Endpoint}, asFloat, node("Int16", tags.Int))
	r.waitGood("Plant.Int32AsFloat", "Plant.Int16")
	ctx := context.Background()
	defer func() {
		_ = r.db.Write(ctx, "Plant.Int32AsFloat", 32)
		_ = r.db.Write(ctx, "Plant.Int16", -16)
	}()
	if err := r.db.Write(ctx, "Plant.Int32AsFloat", 4711.0); err != nil {
		t.Fatalf("Double 4711 to an Int32 node: %v", err)
	}
	r.waitValue("Plant.Int32AsFloat", 4711.0)
	for _, tc := range []struct {
		tag  string
		v    any
		want string
	}{
		{"Plant.Int32AsFloat", 2.5, "ns=1;s=Int32 is Int32: 2.5 is not a whole number"},
		{"Plant.Int32AsFloat", 3e9, "ns=1;s=Int32 is Int32: 3e+09 is out of range for Int32 (-2147483648..2147483647)"},
		{"Plant.Int16", 40000, "ns=1;s=Int16 is Int16: 40000 is out of range for Int16 (-32768..32767)"},
	} {
		err := r.db.Write(ctx, tc.tag, tc.v)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("write %v to %s: %v, want %q", tc.v, tc.tag, err, tc.want)
		}
	}
	// Refused before sending: the node still holds the last good write.
	vals, err := r.drv.Read(ctx, []string{"Plant.Int32AsFloat"})
	if err != nil || vals[0].V != 4711.0 {
		t.Errorf("after refused writes: %v, %v; want 4711", vals, err)
	}
}

func TestUnknownNode(t *testing.T) {
	p := peer(t)
	missing := opcua.Tag{Def: tags.Def{Name: "Plant.Missing", Address: "ns=1;s=NoSuchNode"}}
	r := run(t, opcua.Config{Endpoint: p.Endpoint}, missing, node("Double", tags.Float))
	r.waitGood("Plant.Double")
	r.wait("Plant.Missing", 5*time.Second, "BadNodeIdUnknown", func(v tags.Value) bool {
		return v.Quality == tags.Bad && v.Reason == "BadNodeIdUnknown"
	})
}

func TestAbsoluteDeadband(t *testing.T) {
	p := peer(t)
	// Ramp rises by 1 every 100 ms: an absolute deadband of 2.5 reports
	// every third step.
	all := node("Ramp", tags.Float)
	all.Def.Name = "Plant.RampAll"
	banded := node("Ramp", tags.Float)
	banded.Deadband = opcua.Deadband{Kind: "absolute", Value: 2.5}
	r := run(t, opcua.Config{Endpoint: p.Endpoint}, all, banded)
	r.waitGood("Plant.RampAll", "Plant.Ramp")
	// Count what each item reports while the server's ramp moves 20 steps:
	// the server's time, not a window of ours.
	a0, b0 := len(r.pub.values("Plant.RampAll")), len(r.pub.values("Plant.Ramp"))
	v0, _ := r.db.Get("Plant.RampAll")
	r.wait("Plant.RampAll", 10*time.Second, "20 steps on", func(v tags.Value) bool {
		f, _ := v.V.(float64)
		return v.Quality == tags.Good && f >= v0.V.(float64)+20
	})
	a, b := len(r.pub.values("Plant.RampAll"))-a0, len(r.pub.values("Plant.Ramp"))-b0
	if a < 12 || b > a/2 || b < 3 {
		t.Errorf("in 20 steps: %d changes without deadband, %d with an absolute deadband of 2.5; want about 20 and 7", a, b)
	}
}

// TestPercentDeadbandFiltersSmallChanges: a change of 2 % is not reported
// through a 5 % deadband, a change of 8 % is. The server's own time, not a
// sleep, says when the small change has been sampled: a second item on
// the same node, without deadband, reports it, and the server's ramp
// (one step per 100 ms) then moves three steps, more than the 100 ms
// sampling interval of the deadband item.
func TestPercentDeadbandFiltersSmallChanges(t *testing.T) {
	p := peer(t)
	level := node("Level", tags.Float)
	level.Deadband = opcua.Deadband{Kind: "percent", Value: 5} // 5 of EURange 0..100
	witness := node("Level", tags.Float)
	witness.Def.Name = "Plant.LevelAll"
	r := run(t, opcua.Config{Endpoint: p.Endpoint}, level, witness, node("Ramp", tags.Float))
	r.waitValue("Plant.Level", 50.0)
	ctx := context.Background()
	defer func() { _ = r.db.Write(ctx, "Plant.Level", 50) }()
	if err := r.db.Write(ctx, "Plant.Level", 52); err != nil {
		t.Fatal(err)
	}
	r.waitValue("Plant.LevelAll", 52.0)
	ramp, _ := r.db.Get("Plant.Ramp")
	r.wait("Plant.Ramp", 5*time.Second, "three steps on", func(v tags.Value) bool {
		f, _ := v.V.(float64)
		return v.Quality == tags.Good && math.Abs(f-ramp.V.(float64)) >= 3
	})
	if err := r.db.Write(ctx, "Plant.Level", 58); err != nil {
		t.Fatal(err)
	}
	r.waitValue("Plant.Level", 58.0)
	for _, v := range r.pub.values("Plant.Level") {
		if v.V == 52.0 {
			t.Errorf("a change of 2 %% inside a 5 %% deadband was reported: %s", v)
		}
	}
}

func TestSecurity(t *testing.T) {
	p := peer(t)
	pki := t.TempDir()
	trustPeer(t, p, pki)
	// The driver's clock runs behind the wall clock (the server's), up to
	// a day, but not before the server's certificate is valid: the
	// generated client certificate is dated by the driver's clock, and
	// still valid now.
	day := clocktest.New(peerCertFrom(t, p, time.Now().Add(-24*time.Hour)))
	for _, mode := range []string{"Sign", "SignAndEncrypt"} {
		t.Run(mode, func(t *testing.T) {
			cfg := opcua.Config{Endpoint: p.Endpoint, Policy: "Basic256Sha256", Mode: mode, PKIDir: pki}
			r := runClock(t, cfg, day, node("Double", tags.Float))
			r.waitValue("Plant.Double", 1.5)
			if err := r.db.Write(context.Background(), "Plant.Double", 1.5); err != nil {
				t.Errorf("write over %s: %v", mode, err)
			}
			if mode == "Sign" && !strings.Contains(r.logs.String(), "generated a client certificate") {
				t.Errorf("no log line about the generated certificate:\n%s", r.logs.String())
			}
		})
	}
	if _, err := os.Stat(filepath.Join(pki, "own", "gohmi-client-key.pem")); err != nil {
		t.Errorf("generated key: %v", err)
	}
	b, err := os.ReadFile(filepath.Join(pki, "own", "gohmi-client-cert.pem"))
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(b)
	if block == nil {
		t.Fatal("generated certificate is not PEM")
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	if len(cert.URIs) != 1 || !strings.HasSuffix(cert.URIs[0].String(), ":gohmi:client") {
		t.Errorf("certificate URI SANs %v, want the application URI urn:<host>:gohmi:client", cert.URIs)
	}
	if from, to := day.Now().Add(-time.Hour), day.Now().AddDate(10, 0, 0); !cert.NotBefore.Equal(from) || !cert.NotAfter.Equal(to) {
		t.Errorf("certificate valid %v to %v, want %v to %v: an hour before the driver's clock, for ten years",
			cert.NotBefore, cert.NotAfter, from, to)
	}
}

func TestUsernamePassword(t *testing.T) {
	p := peer(t)
	good := run(t, opcua.Config{Endpoint: p.Endpoint, Username: peerUser, Password: peerPassword}, node("Double", tags.Float))
	good.waitValue("Plant.Double", 1.5)
	good.stop()

	bad := run(t, opcua.Config{Endpoint: p.Endpoint, Username: peerUser, Password: "wrong"}, node("Double", tags.Float))
	v := bad.wait("Plant.Double", 10*time.Second, "bad with a reason", func(v tags.Value) bool {
		return v.Quality == tags.Bad && strings.HasPrefix(v.Reason, "comm failure:")
	})
	if !strings.Contains(v.Reason, "BadUserAccessDenied") && !strings.Contains(v.Reason, "BadIdentityTokenRejected") {
		t.Errorf("reason %q does not name the refused login", v.Reason)
	}
}
