package netsec_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkGate is the login's cost on an authenticated request (cookie
// lookup, the Authority's Session and Touch, the refreshed cookie), in
// process without TLS or the network. The login itself is an Argon2id
// verification: hmi/auth's BenchmarkVerify.
//
//	go test ./hmi/netsec -run '^$' -bench Gate
func BenchmarkGate(b *testing.B) {
	e := newEnv(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	c := sessionCookie(b, e.login("vic", vicPass))
	req := httptest.NewRequest("GET", e.base+"/status", nil)
	req.AddCookie(c)
	h := e.ep.Handler
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatal(w.Code)
		}
	}
}
