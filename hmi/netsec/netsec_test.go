package netsec_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gohmi/gohmi/hmi/auth"
	"github.com/gohmi/gohmi/hmi/netsec"
)

// TestPlainHTTPRefused: a non-loopback endpoint speaks TLS only; a plain
// HTTP request gets nothing of the handler.
func TestPlainHTTPRefused(t *testing.T) {
	e := newEnv(t, inner)
	resp, err := http.Get("http://" + e.ep.Listener.Addr().String() + "/status")
	if err == nil {
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode == http.StatusOK {
			t.Fatalf("plain HTTP served: %s", b)
		}
		for _, s := range secrets {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("plain HTTP answer names %q", s)
			}
		}
	}
}

// TestOldTLSRefused: TLS 1.0 and 1.1 handshakes fail; 1.2 and 1.3 work.
func TestOldTLSRefused(t *testing.T) {
	e := newEnv(t, inner)
	roots := pool(t, filepath.Join(e.pki, "own", netsec.CertName))
	for _, tc := range []struct {
		v  uint16
		ok bool
	}{{tls.VersionTLS10, false}, {tls.VersionTLS11, false}, {tls.VersionTLS12, true}, {tls.VersionTLS13, true}} {
		c, err := tls.Dial("tcp", e.ep.Listener.Addr().String(), &tls.Config{RootCAs: roots, MinVersion: tc.v, MaxVersion: tc.v})
		if err == nil {
			err = c.Handshake()
			c.Close()
		}
		if (err == nil) != tc.ok {
			t.Errorf("%s: handshake error %v, want ok=%v", tls.VersionName(tc.v), err, tc.ok)
		}
	}
}

// TestGeneratedCertificate: the first Listen generates an ECDSA P-256
// pair into pki/own (key 0600) naming 127.0.0.1 and localhost, valid
// two years from the clock, with its fingerprint logged; a second one
// uses the same pair, unchanged.
func TestGeneratedCertificate(t *testing.T) {
	e := newEnv(t, inner)
	certFile, keyFile := filepath.Join(e.pki, "own", "https.crt"), filepath.Join(e.pki, "own", "https.key")
	fi, err := os.Stat(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	if m := fi.Mode().Perm(); m != 0o600 {
		t.Errorf("key file mode %v, want 0600", m)
	}
	certPEM, _ := os.ReadFile(certFile)
	keyPEM, _ := os.ReadFile(keyFile)
	blk, _ := pem.Decode(certPEM)
	if blk == nil {
		t.Fatal("certificate is not PEM")
	}
	c, err := x509.ParseCertificate(blk.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	if k, ok := c.PublicKey.(*ecdsa.PublicKey); !ok || k.Curve != elliptic.P256() {
		t.Errorf("key %T, want ECDSA P-256", c.PublicKey)
	}
	if !c.NotAfter.Equal(t0.Add(netsec.Validity).Truncate(time.Second)) || c.NotBefore.After(t0) {
		t.Errorf("valid %v to %v, want from before %v for %v", c.NotBefore, c.NotAfter, t0, netsec.Validity)
	}
	for _, h := range []string{"127.0.0.1", "localhost", "::1"} {
		if err := c.VerifyHostname(h); err != nil {
			t.Errorf("does not name %s: %v", h, err)
		}
	}
	if slices.Contains(c.ExtKeyUsage, x509.ExtKeyUsageServerAuth) == false {
		t.Error("no server auth usage")
	}
	fp := netsec.Fingerprint(blk.Bytes)
	if e.ep.Fingerprint != fp || len(fp) != 32*3-1 {
		t.Errorf("Endpoint.Fingerprint %q, want %q", e.ep.Fingerprint, fp)
	}
	if !strings.Contains(e.log.String(), "sha256="+fp) {
		t.Errorf("fingerprint not logged:\n%s", e.log.String())
	}
	// The browser's view: the connection's certificate is the file's.
	conn, err := tls.Dial("tcp", e.ep.Listener.Addr().String(), &tls.Config{RootCAs: pool(t, certFile)})
	if err != nil {
		t.Fatal(err)
	}
	if got := conn.ConnectionState().PeerCertificates[0].Raw; !bytes.Equal(got, blk.Bytes) {
		t.Error("the server presents another certificate")
	}
	conn.Close()

	// Again, a day later: the same pair, not rewritten.
	e.clk.Step(24 * time.Hour)
	ep2, err := netsec.Listen("127.0.0.1:0", inner, netsec.Options{PKI: e.pki, Authority: e.a, Clock: e.clk, Remote: true, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	ep2.Listener.Close()
	if ep2.Fingerprint != fp {
		t.Error("a second start has another certificate")
	}
	c2, _ := os.ReadFile(certFile)
	k2, _ := os.ReadFile(keyFile)
	if !bytes.Equal(c2, certPEM) || !bytes.Equal(k2, keyPEM) {
		t.Error("the pair was rewritten")
	}
	// Half a pair is an error, not a silent regeneration.
	os.Remove(keyFile)
	_, err = netsec.Listen("127.0.0.1:0", inner, netsec.Options{PKI: e.pki, Authority: e.a, Clock: e.clk, Remote: true, Logger: slog.New(slog.DiscardHandler)})
	if err == nil || !strings.Contains(err.Error(), "one exists without the other") {
		t.Errorf("half a pair: %v", err)
	}
	if c3, _ := os.ReadFile(certFile); !bytes.Equal(c3, certPEM) {
		t.Error("the certificate was rewritten")
	}
}

// TestSiteCertificate: --tls-cert/--tls-key are used as given; one
// without the other is an error.
func TestSiteCertificate(t *testing.T) {
	e := newEnv(t, inner) // makes a pair to use as the site's
	own := filepath.Join(e.pki, "own")
	site := t.TempDir()
	for _, n := range []string{"https.crt", "https.key"} {
		b, _ := os.ReadFile(filepath.Join(own, n))
		os.WriteFile(filepath.Join(site, "site-"+n), b, 0o600)
	}
	o := netsec.Options{PKI: t.TempDir(), Authority: e.a, Clock: e.clk, Remote: true, Logger: slog.New(slog.DiscardHandler),
		CertFile: filepath.Join(site, "site-https.crt"), KeyFile: filepath.Join(site, "site-https.key")}
	ep, err := netsec.Listen("127.0.0.1:0", inner, o)
	if err != nil {
		t.Fatal(err)
	}
	ep.Listener.Close()
	if ep.Fingerprint != e.ep.Fingerprint || ep.CertFile != o.CertFile {
		t.Errorf("site certificate not used: %s %s", ep.CertFile, ep.Fingerprint)
	}
	if _, err := os.Stat(filepath.Join(o.PKI, "own")); err == nil {
		t.Error("a pair was generated although the site gave one")
	}
	o.KeyFile = ""
	if _, err := netsec.Listen("127.0.0.1:0", inner, o); err == nil || !strings.Contains(err.Error(), "--tls-key") {
		t.Errorf("certificate without key: %v", err)
	}
}

// TestNoUsersRefused: without a users file a non-loopback bind fails at
// start, saying a users file is needed; loopback serves as before.
func TestNoUsersRefused(t *testing.T) {
	for _, a := range []*auth.Authority{nil, auth.New(nil, auth.Options{})} {
		_, err := netsec.Listen("127.0.0.1:0", inner, netsec.Options{Name: "status server", PKI: t.TempDir(), Authority: a, Remote: true})
		if err == nil || !strings.Contains(err.Error(), "needs a users file") || !strings.Contains(err.Error(), "status server on 127.0.0.1:0") {
			t.Errorf("no users, remote: %v", err)
		}
	}
	ep, err := netsec.Listen("localhost:0", inner, netsec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	serve(t, ep)
	if ep.Remote || !strings.HasPrefix(ep.URL(), "http://127.0.0.1:") {
		t.Errorf("loopback endpoint %s remote=%v", ep.URL(), ep.Remote)
	}
	resp, err := http.Get(ep.URL() + "status")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if b, _ := io.ReadAll(resp.Body); resp.StatusCode != 200 || !strings.Contains(string(b), "Tank1.Level") {
		t.Errorf("loopback: %d %q", resp.StatusCode, b)
	}
}

// TestIsLoopbackHost: what counts as this machine only.
func TestIsLoopbackHost(t *testing.T) {
	for _, tc := range []struct {
		host string
		want bool
	}{
		{"127.0.0.1", true}, {"127.1.2.3", true}, {"::1", true}, {"localhost", true}, {"LOCALHOST", true},
		{"", false}, {"0.0.0.0", false}, {"::", false}, {"192.0.2.2", false}, {"panel.local", false},
	} {
		if got := netsec.IsLoopbackHost(tc.host); got != tc.want {
			t.Errorf("IsLoopbackHost(%q) = %v", tc.host, got)
		}
	}
}

// TestAnonymous: without a session every path answers 401 (or, for a
// page, a redirect to the login) with a body naming nothing the handler
// serves; the login page names nothing either.
func TestAnonymous(t *testing.T) {
	e := newEnv(t, inner)
	check := func(what string, r *http.Response, code int) {
		t.Helper()
		if r.StatusCode != code {
			t.Errorf("%s: %d, want %d", what, r.StatusCode, code)
		}
		b := body(r) + r.Header.Get("Location")
		for _, s := range secrets {
			if strings.Contains(b, s) {
				t.Errorf("%s: names %q: %s", what, s, b)
			}
		}
	}
	for _, p := range []string{"/status", "/tags", "/alarms", "/history?tag=Tank1.Level", "/snapshot.png", "/ws", "/", "/nothing"} {
		check("GET "+p, e.get(p, nil, ""), http.StatusUnauthorized)
	}
	r := e.get("/status", nil, "text/html,application/xhtml+xml")
	check("page", r, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/login?next=/status" {
		t.Errorf("page redirected to %q", loc)
	}
	check("login page", e.get("/login?next=/status", nil, "text/html"), http.StatusOK)
	check("bad cookie", e.get("/status", &http.Cookie{Name: netsec.CookieName, Value: strings.Repeat("A", 43)}, ""), http.StatusUnauthorized)
	check("POST", e.post("/status", url.Values{}, e.base, nil), http.StatusUnauthorized)
}

// TestLogin: a wrong password is 401 and audited, the lockout follows
// the users file (3 failures: the right password is refused until the
// backoff passed), the right one sets a cookie with which the handler
// answers; a tampered cookie, a cross-origin login and one without an
// Origin are refused; a logout ends the session.
func TestLogin(t *testing.T) {
	e := newEnv(t, inner)
	for i := range 2 {
		r := e.login("eng", "wrong")
		if r.StatusCode != http.StatusUnauthorized || !strings.Contains(body(r), "Wrong user name or password") {
			t.Fatalf("wrong password %d: %d %s", i, r.StatusCode, body(r))
		}
		if len(r.Cookies()) != 0 {
			t.Fatalf("wrong password %d set a cookie", i)
		}
	}
	r := e.login("eng", "wrong") // the third: locked out
	if r.StatusCode != http.StatusTooManyRequests || !strings.Contains(body(r), "try again in 30s") {
		t.Fatalf("third wrong password: %d %s", r.StatusCode, body(r))
	}
	r = e.login("eng", engPass)
	if r.StatusCode != http.StatusTooManyRequests || !strings.Contains(body(r), "try again") {
		t.Fatalf("right password while locked out: %d %s", r.StatusCode, body(r))
	}
	if len(r.Cookies()) != 0 {
		t.Fatal("a locked-out login set a cookie")
	}
	e.clk.Step(time.Minute) // past the 30 s backoff
	r = e.login("eng", engPass)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/status" {
		t.Fatalf("right password: %d %q %s", r.StatusCode, r.Header.Get("Location"), body(r))
	}
	c := sessionCookie(t, r)
	if !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteStrictMode || c.Path != "/" || c.MaxAge != 600 || c.Domain != "" {
		t.Errorf("cookie attributes: %+v", c)
	}
	if len(c.Value) != 43 { // 256 bits, base64url
		t.Errorf("cookie value %q: want 256 random bits", c.Value)
	}
	if r := e.get("/status", c, ""); r.StatusCode != 200 || !strings.Contains(body(r), "Tank1.Level") {
		t.Fatalf("/status with the cookie: %d %s", r.StatusCode, body(r))
	}
	if r := e.get("/status", c, ""); sessionCookie(t, r).MaxAge != 600 {
		t.Error("the cookie is not refreshed by a request")
	}
	tampered := *c
	tampered.Value = c.Value[:42] + string("AB"[strings.IndexByte("AB", c.Value[42])+1&1])
	if c.Value[42] != 'A' && c.Value[42] != 'B' {
		tampered.Value = c.Value[:42] + "A"
	}
	if r := e.get("/status", &tampered, ""); r.StatusCode != http.StatusUnauthorized || strings.Contains(body(r), "Tank1") {
		t.Errorf("tampered cookie: %d %s", r.StatusCode, body(r))
	}
	// Cross-site: the cookie would not come with SameSite=Strict; the
	// Origin check refuses even when it does.
	if r := e.post("/status", url.Values{}, "https://evil.example", c); r.StatusCode != http.StatusForbidden {
		t.Errorf("cross-origin POST with the cookie: %d", r.StatusCode)
	}
	if r := e.post("/login", url.Values{"user": {"eng"}, "password": {engPass}}, "https://evil.example", nil); r.StatusCode != http.StatusForbidden || len(r.Cookies()) != 0 {
		t.Errorf("cross-origin login: %d", r.StatusCode)
	}
	if r := e.post("/login", url.Values{"user": {"eng"}, "password": {engPass}}, "", nil); r.StatusCode != http.StatusForbidden || len(r.Cookies()) != 0 {
		t.Errorf("login without Origin: %d", r.StatusCode)
	}
	if n := len(e.a.Sessions()); n != 1 {
		t.Errorf("%d sessions, want 1", n)
	}
	// Logout ends the Authority's session and the cookie.
	if r := e.post("/logout", url.Values{}, e.base, c); r.StatusCode != http.StatusSeeOther || sessionCookie(t, r).MaxAge >= 0 {
		t.Errorf("logout: %d %v", r.StatusCode, r.Header["Set-Cookie"])
	}
	if len(e.a.Sessions()) != 0 {
		t.Error("the session outlived the logout")
	}
	if r := e.get("/status", c, ""); r.StatusCode != http.StatusUnauthorized {
		t.Errorf("/status after logout: %d", r.StatusCode)
	}
	want := []string{"login-failed eng web", "login-failed eng web", "lockout eng web", "lockout eng web", "login eng web"}
	if got := e.actions(); !slices.Equal(got, want) {
		t.Errorf("audit trail:\n%q\nwant\n%q", got, want)
	}
	if strings.Contains(e.log.String(), engPass) {
		t.Error("a password reached the log")
	}
}

// TestNextIsLocal: the login returns only to a plain path of the server.
func TestNextIsLocal(t *testing.T) {
	e := newEnv(t, inner)
	for next, want := range map[string]string{
		"/status": "/status", "//evil.example/x": "/", "https://evil.example/": "/", "/a?b": "/",
		"/login": "/", `/"><script>`: "/", "": "/",
	} {
		e.clk.Step(time.Second)
		r := e.post("/login", url.Values{"user": {"vic"}, "password": {vicPass}, "next": {next}}, e.base, nil)
		if got := r.Header.Get("Location"); got != want {
			t.Errorf("next %q: redirected to %q, want %q", next, got, want)
		}
	}
	r := e.get(`/login?next=/"><script>alert(1)</script>`, nil, "")
	if strings.Contains(body(r), "<script>") {
		t.Error("the login page reflects markup")
	}
}

// TestIdleLogout: a session idle for the users file's idle-logout ends
// (Authority.Run on the stepped clock) and its cookie no longer works;
// requests before that count as activity.
func TestIdleLogout(t *testing.T) {
	e := newEnv(t, inner)
	stop := runAuthority(t, e)
	defer stop()
	c := sessionCookie(t, e.login("vic", vicPass))
	if !e.clk.WaitArmed(t0.Add(10*time.Minute), time.After(10*time.Second)) {
		t.Fatal("no idle timer")
	}
	e.clk.Step(9 * time.Minute)
	if r := e.get("/status", c, ""); r.StatusCode != 200 {
		t.Fatalf("after 9 min: %d", r.StatusCode)
	}
	e.clk.Step(9 * time.Minute) // 18 min: the timer of 10 fired; Run re-arms for 19 (9 + 10)
	if !e.clk.WaitArmed(t0.Add(19*time.Minute), time.After(10*time.Second)) {
		t.Fatal("the idle timer did not move to 19 min")
	}
	if r := e.get("/status", c, ""); r.StatusCode != 200 {
		t.Fatalf("9 min after the last request: %d", r.StatusCode)
	}
	e.clk.Step(time.Minute) // Run sees the request at 18 and re-arms for 28
	if !e.clk.WaitArmed(t0.Add(28*time.Minute), time.After(10*time.Second)) {
		t.Fatal("the idle timer did not move to 28 min")
	}
	e.clk.Step(9 * time.Minute)
	select {
	case end := <-e.ended:
		if end.Reason != auth.IdleTimeout || end.Session.User != "vic" {
			t.Fatalf("ended: %+v", end)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the idle session did not end")
	}
	if r := e.get("/status", c, ""); r.StatusCode != http.StatusUnauthorized {
		t.Errorf("after the idle logout: %d", r.StatusCode)
	}
}

// TestListenErrors: a bad address names the endpoint.
func TestListenErrors(t *testing.T) {
	_, err := netsec.Listen("nonsense", inner, netsec.Options{Name: "web view"})
	if err == nil || !strings.HasPrefix(err.Error(), "web view: ") {
		t.Errorf("bad address: %v", err)
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	defer ln.Close()
	_, err = netsec.Listen(ln.Addr().String(), inner, netsec.Options{Name: "status server"})
	if err == nil || !strings.HasPrefix(err.Error(), "status server: ") {
		t.Errorf("busy address: %v", err)
	}
}

// TestConcurrentLogins: logins beyond MaxLogins queue and all complete,
// right or wrong (every path gives its slot back).
func TestConcurrentLogins(t *testing.T) {
	e := newEnv(t, inner)
	const n = 3 * netsec.MaxLogins
	codes := make(chan int, n)
	for i := range n {
		// Two wrong ones under a name that is nobody's (its place's count
		// stays under the lockout's 3), the rest right: the Authority
		// counts attempts in flight, so wrong and right ones of one user
		// at once could lock it out.
		user, pass := "vic", vicPass
		if i%3 == 0 {
			user, pass = "nobody", "wrong"
		}
		go func() { codes <- e.login(user, pass).StatusCode }()
	}
	var ok, bad int
	for range n {
		switch <-codes {
		case http.StatusSeeOther:
			ok++
		case http.StatusUnauthorized:
			bad++
		}
	}
	if ok != n-n/3 || bad != n/3 {
		t.Errorf("%d logins, %d refused; want %d and %d", ok, bad, n-n/3, n/3)
	}
}

// TestCheckUsers: the refusal callers can ask for before building an
// endpoint.
func TestCheckUsers(t *testing.T) {
	for _, tc := range []struct {
		addr   string
		users  bool
		refuse bool
	}{
		{"127.0.0.1:8081", false, false}, {"localhost:8081", false, false}, {"[::1]:8081", false, false},
		{"0.0.0.0:8081", false, true}, {":8081", false, true}, {"192.0.2.2:8443", false, true},
		{"0.0.0.0:8081", true, false}, {"nonsense", false, false},
	} {
		err := netsec.CheckUsers("web view", tc.addr, tc.users)
		if (err != nil) != tc.refuse || err != nil && !strings.Contains(err.Error(), "web view on "+tc.addr+": a non-loopback address needs a users file") {
			t.Errorf("CheckUsers(%q, users=%v) = %v", tc.addr, tc.users, err)
		}
	}
}
