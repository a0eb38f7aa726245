package netsec_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gohmi/gohmi/hmi/audit"
	"github.com/gohmi/gohmi/hmi/auth"
	"github.com/gohmi/gohmi/hmi/netsec"
	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/internal/logtest"
)

var t0 = time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)

// The users of the tests: eng may control the web view, vic only watch.
const (
	engPass = "eng-secret-1"
	vicPass = "vic-secret-2"
)

// secrets are strings the inner handler serves: an anonymous caller must
// never see any of them.
var secrets = []string{"Tank1.Level", "/srv/plant/project", "gohmi v0.9.1", "Pump station"}

// inner is what a status server might serve: names and paths.
var inner = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	io.WriteString(w, strings.Join(secrets, "\n"))
})

func usersFile(t testing.TB) *auth.Config {
	t.Helper()
	h1, err := auth.NewHash(engPass)
	if err != nil {
		t.Fatal(err)
	}
	h2, err := auth.NewHash(vicPass)
	if err != nil {
		t.Fatal(err)
	}
	src := `
users:
  eng: {role: engineer, password: "` + h1 + `"}
  vic: {role: viewer, password: "` + h2 + `"}
roles:
  viewer: {navigate: all}
  engineer: {includes: [viewer], write: all, web-control: true}
session:
  idle-logout: 10m
  lockout: {failures: 3, backoff: 30s, max-backoff: 4m}
`
	cfg, errs := auth.Decode("users.yaml", []byte(src))
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// env is a non-loopback endpoint (Remote on 127.0.0.1) being served.
type env struct {
	t     testing.TB
	clk   *clocktest.Clock
	a     *auth.Authority
	ep    *netsec.Endpoint
	pki   string
	base  string // https://127.0.0.1:port
	c     *http.Client
	log   *logtest.Buffer
	ended chan auth.End // the Authority's ends
	mu    sync.Mutex    // guards trail
	trail []audit.Record
}

func newEnv(t testing.TB, h http.Handler) *env {
	t.Helper()
	e := &env{t: t, clk: clocktest.New(t0), pki: filepath.Join(t.TempDir(), "pki"), log: &logtest.Buffer{}}
	e.ended = make(chan auth.End, 16)
	e.a = auth.New(usersFile(t), auth.Options{Clock: e.clk, Ended: func(x auth.End) { e.ended <- x }})
	ep, err := netsec.Listen("127.0.0.1:0", h, netsec.Options{Name: "web view", PKI: e.pki, Authority: e.a,
		Audit: e.record, Logger: e.log.Logger(), Clock: e.clk, Remote: true})
	if err != nil {
		t.Fatal(err)
	}
	e.ep = ep
	e.base = "https://" + ep.Listener.Addr().String()
	serve(t, ep)
	e.c = e.client(pool(t, filepath.Join(e.pki, "own", netsec.CertName)))
	return e
}

// serve serves ep until the test ends.
func serve(t testing.TB, ep *netsec.Endpoint) {
	hs := &http.Server{Handler: ep.Handler, ErrorLog: log.New(io.Discard, "", 0)} // handshake errors of the refusal tests
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := hs.Serve(ep.Listener); err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Error(err)
		}
	}()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		hs.Shutdown(ctx)
		<-done
	})
}

// client trusts roots and follows no redirects.
func (e *env) client(roots *x509.CertPool) *http.Client {
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}
	e.t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func pool(t testing.TB, certFile string) *x509.CertPool {
	t.Helper()
	pem, err := os.ReadFile(certFile)
	if err != nil {
		t.Fatal(err)
	}
	p := x509.NewCertPool()
	if !p.AppendCertsFromPEM(pem) {
		t.Fatal("no certificate in " + certFile)
	}
	return p
}

func (e *env) record(r audit.Record) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.trail = append(e.trail, r)
}

func (e *env) actions() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []string
	for _, r := range e.trail {
		out = append(out, string(r.Action)+" "+r.Actor+" "+string(r.Where))
	}
	return out
}

// login posts the form from the endpoint's own origin.
func (e *env) login(user, pass string) *http.Response {
	e.t.Helper()
	return e.post("/login", url.Values{"user": {user}, "password": {pass}, "next": {"/status"}}, e.base, nil)
}

func (e *env) post(path string, form url.Values, origin string, c *http.Cookie) *http.Response {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	if c != nil {
		req.AddCookie(c)
	}
	return e.do(req)
}

func (e *env) get(path string, c *http.Cookie, accept string) *http.Response {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.base+path, nil)
	if c != nil {
		req.AddCookie(c)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	return e.do(req)
}

// do sends req and reads the body into the response's Body again.
func (e *env) do(req *http.Request) *http.Response {
	e.t.Helper()
	resp, err := e.c.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body = io.NopCloser(strings.NewReader(string(b)))
	return resp
}

func body(r *http.Response) string {
	b, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(strings.NewReader(string(b)))
	return string(b)
}

func sessionCookie(t testing.TB, r *http.Response) *http.Cookie {
	t.Helper()
	for _, c := range r.Cookies() {
		if c.Name == netsec.CookieName {
			return c
		}
	}
	t.Fatalf("no %s cookie in %d response (%v)", netsec.CookieName, r.StatusCode, r.Header["Set-Cookie"])
	return nil
}

// runAuthority runs e's Authority (its idle logout) until stop.
func runAuthority(t testing.TB, e *env) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); e.a.Run(ctx) }()
	return func() { cancel(); <-done }
}
