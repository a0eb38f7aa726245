package auth_test

import (
	"strings"
	"testing"

	"github.com/gohmi/gohmi/hmi/auth"
)

// TestHashRoundTrip: NewHash makes a line ParseHash accepts with OWASP's
// parameters, Verify knows the secret and refuses others, and two hashes
// of one secret differ (a fresh salt each).
func TestHashRoundTrip(t *testing.T) {
	line, err := auth.NewHash("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(line, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash line %q", line)
	}
	h, err := auth.ParseHash(line)
	if err != nil {
		t.Fatal(err)
	}
	if p := h.Params(); p.Memory != 19456 || p.Iterations != 2 || p.Parallelism != 1 || p.SaltLength != 16 || p.KeyLength != 32 {
		t.Errorf("params %+v", p)
	}
	for _, tt := range []struct {
		secret string
		ok     bool
	}{{"correct horse", true}, {"correct horsE", false}, {"", false}, {"correct horse ", false}} {
		if got := h.Verify(tt.secret); got != tt.ok {
			t.Errorf("Verify(%q) = %v", tt.secret, got)
		}
	}
	again, _ := auth.NewHash("correct horse")
	if again == line {
		t.Error("two hashes of one secret are equal: no fresh salt")
	}
	if h.String() != line {
		t.Errorf("String %q", h.String())
	}
}

// TestParseHashRefuses: weak, huge and foreign hash lines are refused with
// a message that says why; OWASP's equivalent settings are accepted.
func TestParseHashRefuses(t *testing.T) {
	const salt, key = "SQoVLcqeqMqRPVwQliL/Rg", "5E5/vQlWR6LbQT2L8JtftMzcNGrjwc5T+ieXV92aFC0"
	line := func(params string) string { return "$argon2id$v=19$" + params + "$" + salt + "$" + key }
	tests := []struct {
		name, line, err string
	}{
		{"owasp", line("m=19456,t=2,p=1"), ""},
		{"owasp 46 MiB t=1", line("m=47104,t=1,p=1"), ""},
		{"owasp 7 MiB t=5", line("m=7168,t=5,p=1"), ""},
		{"stronger", line("m=65536,t=3,p=4"), ""},
		{"weak memory", line("m=4096,t=2,p=1"), "weaker than OWASP's minimum"},
		{"weak time", line("m=19456,t=1,p=1"), "weaker than OWASP's minimum"},
		{"between rows", line("m=12288,t=2,p=1"), "weaker than OWASP's minimum"},
		{"huge memory", line("m=4194304,t=2,p=1"), "beyond the limits"},
		{"huge time", line("m=19456,t=1000,p=1"), "beyond the limits"},
		{"no lanes", line("m=19456,t=2,p=0"), "parallelism"},
		{"short salt", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$" + key, "salt (4 bytes)"},
		{"argon2i", "$argon2i$v=19$m=19456,t=2,p=1$" + salt + "$" + key, "not an Argon2id hash"},
		{"old version", "$argon2id$v=16$m=19456,t=2,p=1$" + salt + "$" + key, "incompatible version"},
		{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", "not an Argon2id hash"},
		{"bad base64", line("m=19456,t=2,p=1")[:60] + "!!", "malformed"},
		{"empty", "", "not an Argon2id hash"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := auth.ParseHash(tt.line)
			switch {
			case tt.err == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
				t.Errorf("error %v, want one containing %q", err, tt.err)
			}
		})
	}
}

func TestCheckPIN(t *testing.T) {
	for _, tt := range []struct {
		pin, err string
	}{{"2468", ""}, {"0000000000", ""}, {"123", "at least 4 digits"}, {"12a4", "digits only"}, {"１２３４", "digits only"}, {"", "at least 4"}} {
		err := auth.CheckPIN(tt.pin)
		if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("CheckPIN(%q) = %v, want %q", tt.pin, err, tt.err)
		}
	}
}

// BenchmarkVerify is what one login costs the panel: one Argon2id
// verification with the parameters NewHash uses (m=19 MiB, t=2, p=1).
//
//	go test -tags migrated_fynedo,no_emoji -run '^$' -bench Verify ./hmi/auth/
func BenchmarkVerify(b *testing.B) {
	line, err := auth.NewHash("correct horse")
	if err != nil {
		b.Fatal(err)
	}
	h, err := auth.ParseHash(line)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if !h.Verify("correct horse") {
			b.Fatal("no match")
		}
	}
	b.ReportMetric(float64(b.Elapsed())/1e6/float64(b.N), "ms/verify")
}
