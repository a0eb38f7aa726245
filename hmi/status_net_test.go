package hmi_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/hmi/audit"
	"github.com/gohmi/gohmi/hmi/auth"
	"github.com/gohmi/gohmi/hmi/netsec"
	"github.com/gohmi/gohmi/internal/logtest"
	"github.com/gohmi/gohmi/tags/drivers"
)

// netProject writes a small project, with users.yaml when users is set,
// and returns a runtime on it with its status server at addr.
func netProject(t *testing.T, users bool, addr string, log *slog.Logger, data string) *hmi.Runtime {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "secret-plant-dir")
	write(t, dir, "hmi.yaml", `name: North Station
start: main
connections:
  - { name: sim, type: sim }
tags:
  - { name: Tank.Level, connection: sim, signal: { kind: memory, initial: 40 } }
`)
	write(t, dir, "screens/main.gopage", "screen: main\nroot: { type: label, text: \"{Tank.Level}\" }\n")
	if users {
		h, err := auth.NewHash("op-secret-9")
		if err != nil {
			t.Fatal(err)
		}
		write(t, dir, "users.yaml", "users:\n  op: {role: operator, password: \""+h+"\"}\nroles:\n  operator: {navigate: all}\n")
	}
	p, err := hmi.Load(dir, drivers.Kinds())
	if err != nil {
		t.Fatal(err)
	}
	hmi.NewHeadlessApp()
	rt, err := hmi.NewRuntime(p, hmi.NewHeadlessWindow(fyne.NewSize(320, 200)),
		hmi.Options{StatusAddr: addr, Logger: log, Clock: fixedClock{statusT0}, NoData: data == "", DataDir: data, Watch: hmi.WatchOff})
	if err != nil {
		t.Fatal(err)
	}
	return rt
}

// runStatus runs rt until the test ends; it returns Run's error if Run
// ends at once, else nil once the status server is bound.
func runStatus(t *testing.T, rt *hmi.Runtime) error {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	errc := make(chan error, 1)
	wg.Add(1)
	go func() { defer wg.Done(); errc <- rt.Run(ctx) }()
	t.Cleanup(func() { cancel(); wg.Wait() })
	ok := false
	eventually(t, "status server bound or Run ended", func() bool {
		select {
		case err := <-errc:
			errc <- err
			return true
		default:
		}
		ok = rt.StatusAddr() != ""
		return ok
	})
	if ok {
		return nil
	}
	return <-errc
}

// TestStatusServerBeyondLoopback: loopback serves as before; any other
// address without a users file stops Run with an error saying one is
// needed.
func TestStatusServerBeyondLoopback(t *testing.T) {
	for _, tc := range []struct {
		addr string
		err  string
	}{
		{"127.0.0.1:0", ""},
		{"localhost:0", ""},
		{"0.0.0.0:0", "needs a users file"},
		{":0", "needs a users file"},
	} {
		t.Run(tc.addr, func(t *testing.T) {
			rt := netProject(t, false, tc.addr, slog.New(slog.DiscardHandler), "")
			err := runStatus(t, rt)
			if tc.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				code, body := request(t, "GET", "http://"+rt.StatusAddr()+"/status")
				if code != 200 || !strings.Contains(body, "North Station") {
					t.Errorf("loopback /status: %d %s", code, body)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), "status server") {
				t.Fatalf("Run: %v, want an error with %q", err, tc.err)
			}
		})
	}
}

// TestStatusServerLogin: bound as if remote, the status server speaks
// TLS with the certificate generated into the project's pki/own, answers
// anonymous callers 401 without naming the project, its directory or its
// tags, and serves /status and /tags after a login.
func TestStatusServerLogin(t *testing.T) {
	var logb logtest.Buffer
	data := t.TempDir()
	rt := netProject(t, true, "127.0.0.1:0", slog.New(slog.NewTextHandler(&logb, nil)), data)
	hmi.SetNetRemote(rt)
	if err := runStatus(t, rt); err != nil {
		t.Fatal(err)
	}
	dir := rt.Project().Dir
	pem, err := os.ReadFile(filepath.Join(dir, "pki", "own", netsec.CertName))
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(pem)
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	base := "https://" + rt.StatusAddr()
	get := func(path string, ck *http.Cookie) (int, string) {
		req, _ := http.NewRequest("GET", base+path, nil)
		if ck != nil {
			req.AddCookie(ck)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for _, p := range []string{"/status", "/tags", "/alarms", "/snapshot.png", "/login"} {
		code, body := get(p, nil)
		if want := map[bool]int{true: 200, false: 401}[p == "/login"]; code != want {
			t.Errorf("anonymous %s: %d, want %d", p, code, want)
		}
		for _, s := range []string{"North Station", "secret-plant-dir", dir, "Tank.Level", "gohmi v"} {
			if strings.Contains(body, s) {
				t.Errorf("anonymous %s names %q:\n%s", p, s, body)
			}
		}
	}
	login := func(pass string) *http.Response {
		form := url.Values{"user": {"op"}, "password": {pass}, "next": {"/status"}}
		req, _ := http.NewRequest("POST", base+"/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", base)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := login("wrong"); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("wrong password: %d", resp.StatusCode)
	}
	resp := login("op-secret-9")
	var ck *http.Cookie
	for _, x := range resp.Cookies() {
		if x.Name == netsec.CookieName {
			ck = x
		}
	}
	if resp.StatusCode != http.StatusSeeOther || ck == nil {
		t.Fatalf("login: %d, cookie %v", resp.StatusCode, ck)
	}
	if code, body := get("/status", ck); code != 200 || !strings.Contains(body, "North Station") {
		t.Errorf("/status after login: %d %s", code, body)
	}
	if code, body := get("/tags", ck); code != 200 || !strings.Contains(body, "Tank.Level") {
		t.Errorf("/tags after login: %d %s", code, body)
	}
	if s := rt.Authority().Sessions(); len(s) != 1 || s[0].User != "op" || !strings.HasPrefix(s[0].Where, "web 127.0.0.1") {
		t.Errorf("the runtime's sessions: %+v", s)
	}
	if !strings.Contains(logb.String(), "sha256=") {
		t.Errorf("no fingerprint in the log:\n%s", logb.String())
	}
	// The runtime's audit trail has the failed login and the login.
	ctx := context.Background()
	if err := rt.AuditFlush(ctx); err != nil {
		t.Fatal(err)
	}
	rd, err := audit.OpenReader(data)
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	recs, err := rd.Query(ctx, audit.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range recs {
		if r.Where == audit.Web {
			got = append(got, string(r.Action)+" "+r.Actor+" "+r.Host)
		}
	}
	slices.Sort(got)
	if want := []string{"login op 127.0.0.1", "login-failed op 127.0.0.1"}; !slices.Equal(got, want) {
		t.Errorf("web records in the audit trail: %q, want %q", got, want)
	}
}
