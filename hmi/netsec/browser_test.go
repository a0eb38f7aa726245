package netsec_test

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gohmi/gohmi/hmi/netsec"
	"github.com/gohmi/gohmi/internal/chromiumtest"
)

// browserTab starts a headless Chromium that trusts exactly the key of
// certFile (by its SPKI hash, as a user accepting the fingerprint would)
// and returns a tab, closed with the test. Without Chromium the test is
// skipped, or fails under CI=true.
func browserTab(t *testing.T, certFile string) context.Context {
	t.Helper()
	path := chromiumtest.Need(t)
	b, err := os.ReadFile(certFile)
	if err != nil {
		t.Fatal(err)
	}
	blk, _ := pem.Decode(b)
	c, err := x509.ParseCertificate(blk.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	spki := sha256.Sum256(c.RawSubjectPublicKeyInfo)
	ctx, stop, err := chromiumtest.Start(path, chromedp.Flag("ignore-certificate-errors-spki-list", base64.StdEncoding.EncodeToString(spki[:])))
	if err != nil {
		t.Fatal(err)
	}
	ctx, tcancel := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() { tcancel(); stop() })
	return ctx
}

// TestBrowserLogin: in a real browser, the view behind the login sends
// the visitor to the login form; a wrong password shows an error; a
// viewer-role login shows the panel view-only, with a cookie scripts
// cannot read; when the session ends the page goes back to the login by
// itself; a web-control login operates the panel.
func TestBrowserLogin(t *testing.T) {
	w := newWebEnv(t)
	ctx := browserTab(t, filepath.Join(w.pki, "own", netsec.CertName))
	run := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	eval := func(js string) any {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[any](js, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("evaluate %s: %v", js, err)
		}
		return v
	}
	login := func(user, pass string) {
		t.Helper()
		run("log in as "+user,
			chromedp.WaitVisible(`input[name=user]`),
			chromedp.SetValue(`input[name=user]`, user),
			chromedp.SetValue(`input[name=password]`, pass),
			chromedp.Submit(`form`),
		)
	}
	run("open the view", chromedp.Navigate(w.base+"/"), chromedp.WaitVisible(`form`))
	if path := eval(`location.pathname`); path != "/login" {
		t.Fatalf("the view opened at %q, want the login", path)
	}
	login("vic", "wrong")
	run("read the error", chromedp.WaitVisible(`[role=alert]`))
	if msg := eval(`document.querySelector("[role=alert]").textContent`); msg != "Wrong user name or password." {
		t.Errorf("error %q", msg)
	}
	login("vic", vicPass)
	run("the view as vic", chromedp.WaitVisible(`#panel`))
	if control := eval(`gohmi.wait(0).then(() => gohmi.control)`); control != false {
		t.Error("a viewer-role user is offered control")
	}
	if cookie := eval(`document.cookie`); cookie != "" {
		t.Errorf("scripts can read the session cookie: %q", cookie)
	}

	// vic's session ends elsewhere: the viewer is cut and the page
	// returns to the login.
	for _, s := range w.a.Sessions() {
		w.a.Logout(s)
	}
	if !w.clk.WaitTimers(1, time.After(10*time.Second)) {
		t.Fatal("no session check armed")
	}
	w.clk.Step(netsec.SessionCheck)
	run("back to the login", chromedp.WaitVisible(`input[name=user]`))
	if path := eval(`location.pathname`); path != "/login" {
		t.Fatalf("after the session ended the page is at %q", path)
	}

	login("eng", engPass)
	run("the view as eng", chromedp.WaitVisible(`#panel`))
	if control := eval(`gohmi.wait(0).then(() => gohmi.control)`); control != true {
		t.Fatal("a web-control user is view-only")
	}
	run("tap", chromedp.Click(`#panel`))
	select {
	case e := <-w.in.ptr:
		t.Logf("the panel got %+v", e)
	case <-time.After(20 * time.Second):
		t.Fatal("the web-control user's tap never reached the panel")
	}
}
