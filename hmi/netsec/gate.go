package netsec

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/gohmi/gohmi/hmi/audit"
	"github.com/gohmi/gohmi/hmi/auth"
	"github.com/gohmi/gohmi/internal/clock"
)

// CookieName is the session cookie's name. The __Host- prefix makes
// browsers insist on Secure, Path=/ and no Domain.
const CookieName = "__Host-gohmi-session"

// MaxSessions caps the web sessions an endpoint keeps; a login beyond it
// is refused until one ends.
const MaxSessions = 256

// SessionCheck is how often an open WebSocket's session is checked: a
// viewer whose session ended (logout, idle logout, user removed) is
// disconnected within it.
const SessionCheck = 5 * time.Second

// maxForm is the most bytes a login form may have.
const maxForm = 4 << 10

// MaxLogins is how many logins an endpoint verifies at once: each is an
// Argon2id verification of 19 MiB, so a flood of them must queue rather
// than exhaust a panel's memory. The others wait (until their request
// ends).
const MaxLogins = 2

// gate is a non-loopback endpoint's login in front of the caller's
// handler.
type gate struct {
	next  http.Handler
	a     *auth.Authority
	audit func(audit.Record)
	log   *slog.Logger
	clk   clock.Clock
	name  string
	slots chan struct{} // MaxLogins: logins being verified

	mu      sync.Mutex               // guards cookies
	cookies map[string]*auth.Session // by cookie value
}

func newGate(next http.Handler, o Options) *gate {
	return &gate{next: next, a: o.Authority, audit: o.Audit, log: o.Logger, clk: o.Clock, name: o.Name,
		cookies: map[string]*auth.Session{}, slots: make(chan struct{}, MaxLogins)}
}

// viewerKey keys the request context's [viewer].
type viewerKey struct{}

// viewer is what a gated request carries: its session and the Authority.
type viewer struct {
	s *auth.Session
	a *auth.Authority
}

// Session returns the session of a request that came through a
// non-loopback endpoint's login, or nil (a loopback request).
func Session(r *http.Request) *auth.Session {
	if v, ok := r.Context().Value(viewerKey{}).(viewer); ok {
		return v.s
	}
	return nil
}

// Allow is the web view's per-viewer hook (web.Options.Allow): a request
// that did not come through a login (loopback) may view and, when the
// server allows control, control; one that did may view, and control only
// with its user's web-control permission.
func Allow(r *http.Request) (control, ok bool) {
	v, gated := r.Context().Value(viewerKey{}).(viewer)
	if !gated {
		return true, true
	}
	if v.s == nil {
		return false, false
	}
	return v.a.Can(v.s, auth.WebControl, ""), true
}

// Active is the web view's activity hook (web.Options.Active): input from
// a logged-in viewer counts as activity for the idle logout.
func Active(r *http.Request) {
	if v, ok := r.Context().Value(viewerKey{}).(viewer); ok && v.s != nil {
		v.a.Touch(v.s)
	}
}

func (g *gate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	// same-origin, not no-referrer: with no-referrer a browser sends
	// "Origin: null" on the login form's POST, which the check refuses.
	h.Set("Referrer-Policy", "same-origin")
	switch r.URL.Path {
	case "/login":
		g.serveLogin(w, r)
		return
	case "/logout":
		g.serveLogout(w, r)
		return
	}
	cookie, s := g.session(r)
	if s == nil {
		g.deny(w, r)
		return
	}
	upgrade := isUpgrade(r)
	if (upgrade || !safeMethod(r.Method)) && !sameOrigin(r) {
		http.Error(w, "forbidden: cross-origin request", http.StatusForbidden)
		return
	}
	g.a.Touch(s)
	g.setCookie(w, cookie)
	ctx := context.WithValue(r.Context(), viewerKey{}, viewer{s: s, a: g.a})
	if upgrade {
		var stop func()
		ctx, stop = g.whileLive(ctx, s)
		defer stop()
	}
	g.next.ServeHTTP(w, r.WithContext(ctx))
}

// session returns the request's cookie value and its live session, or
// nil. A cookie whose session ended is forgotten.
func (g *gate) session(r *http.Request) (string, *auth.Session) {
	c, err := r.Cookie(CookieName)
	if err != nil {
		return "", nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	s := g.cookies[c.Value]
	if s == nil {
		return "", nil
	}
	if g.a.Session(s.ID) == nil {
		delete(g.cookies, c.Value)
		return "", nil
	}
	return c.Value, s
}

// deny answers an anonymous request: a page is sent to the login, anything
// else gets 401. Neither body names anything of the project.
func (g *gate) deny(w http.ResponseWriter, r *http.Request) {
	if safeMethod(r.Method) && !isUpgrade(r) && strings.Contains(r.Header.Get("Accept"), "text/html") {
		http.Redirect(w, r, "/login?next="+nextOf(r.URL.Path), http.StatusSeeOther)
		return
	}
	w.Header().Set("WWW-Authenticate", `Cookie realm="gohmi", form="/login"`)
	http.Error(w, "login required", http.StatusUnauthorized)
}

// whileLive returns a context canceled when s ends, checked every
// [SessionCheck] on the clock: a WebSocket outlives its upgrade request.
// stop ends the checking goroutine and waits for it.
func (g *gate) whileLive(ctx context.Context, s *auth.Session) (context.Context, func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := g.clk.NewTimer(SessionCheck)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C():
				if g.a.Session(s.ID) == nil {
					g.log.Info(g.name+": session ended, viewer disconnected", "user", s.User, "where", s.Where)
					cancel()
					return
				}
				t.Reset(SessionCheck)
			}
		}
	}()
	return ctx, func() { cancel(); <-done }
}

func (g *gate) serveLogin(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		g.page(w, http.StatusOK, "", nextOf(r.URL.Query().Get("next")))
	case http.MethodPost:
		g.login(w, r)
	default:
		w.Header().Set("Allow", "GET, HEAD, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

// login checks a posted form with the Authority (its lockout applies) and
// sets the session cookie.
func (g *gate) login(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		http.Error(w, "forbidden: cross-origin request", http.StatusForbidden)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	name, next := r.PostForm.Get("user"), nextOf(r.PostForm.Get("next"))
	host := clientIP(r)
	select {
	case g.slots <- struct{}{}:
	case <-r.Context().Done():
		return
	}
	s, err := g.a.Login(name, auth.Password(r.PostForm.Get("password")), "web "+host)
	<-g.slots
	var locked *auth.LockedError
	switch {
	case errors.As(err, &locked):
		g.record(audit.Record{Actor: name, Host: host, Action: audit.Lockout, Detail: locked.Error()})
		g.log.Warn(g.name+": login refused: locked out", "user", name, "from", host, "wait", locked.Wait)
		g.page(w, http.StatusTooManyRequests, locked.Error(), next)
		return
	case errors.Is(err, auth.ErrLogin):
		g.record(audit.Record{Actor: name, Host: host, Action: audit.LoginFailed})
		g.log.Warn(g.name+": login failed", "user", name, "from", host)
		g.page(w, http.StatusUnauthorized, "Wrong user name or password.", next)
		return
	case err != nil:
		g.log.Error(g.name+": login", "err", err)
		g.page(w, http.StatusServiceUnavailable, "Login is not possible now.", next)
		return
	}
	cookie, ok := g.admit(s)
	if !ok {
		g.a.Logout(s)
		g.page(w, http.StatusServiceUnavailable, "Too many sessions; try again later.", next)
		return
	}
	g.record(audit.Record{Actor: s.User, Role: firstRole(s), Host: host, Action: audit.Login})
	g.log.Info(g.name+": login", "user", s.User, "from", host)
	g.setCookie(w, cookie)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// admit keeps s under a new random cookie value, unless MaxSessions live
// sessions are kept already.
func (g *gate) admit(s *auth.Session) (string, bool) {
	var b [32]byte
	rand.Read(b[:]) // never fails (crypto/rand)
	id := base64.RawURLEncoding.EncodeToString(b[:])
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.cookies) >= MaxSessions {
		for k, old := range g.cookies {
			if g.a.Session(old.ID) == nil {
				delete(g.cookies, k)
			}
		}
	}
	if len(g.cookies) >= MaxSessions {
		return "", false
	}
	g.cookies[id] = s
	return id, true
}

func (g *gate) serveLogout(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if !sameOrigin(r) {
		http.Error(w, "forbidden: cross-origin request", http.StatusForbidden)
		return
	}
	cookie, s := g.session(r)
	if s != nil {
		g.mu.Lock()
		delete(g.cookies, cookie)
		g.mu.Unlock()
		g.a.Logout(s) // audited by the Authority's Ended (the runtime's), as every end of a session
		g.log.Info(g.name+": logout", "user", s.User, "from", clientIP(r))
	}
	http.SetCookie(w, &http.Cookie{Name: CookieName, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: true, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// setCookie sets (or refreshes) the session cookie: it expires after the
// users file's idle logout, counted again from every request.
func (g *gate) setCookie(w http.ResponseWriter, value string) {
	c := &http.Cookie{Name: CookieName, Value: value, Path: "/", HttpOnly: true, Secure: true, SameSite: http.SameSiteStrictMode}
	if cfg := g.a.Config(); cfg != nil && cfg.Session.IdleLogout > 0 {
		c.MaxAge = int(cfg.Session.IdleLogout / time.Second)
	}
	http.SetCookie(w, c)
}

func (g *gate) record(r audit.Record) {
	if g.audit == nil {
		return
	}
	r.Where = audit.Web
	r.Time = g.clk.Now()
	g.audit(r)
}

func firstRole(s *auth.Session) string {
	if len(s.Roles) > 0 {
		return s.Roles[0]
	}
	return ""
}

// sameOrigin tells whether a request's Origin is the endpoint itself:
// https and the Host the request was sent to. A request without Origin
// is refused (browsers send it on every POST and WebSocket).
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	return o != "" && strings.EqualFold(o, "https://"+r.Host)
}

func safeMethod(m string) bool { return m == http.MethodGet || m == http.MethodHead }

func isUpgrade(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}

// clientIP is the caller's address without its port.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// safePath is what a login may return to: a plain absolute path of this
// server.
var safePath = regexp.MustCompile(`^/[A-Za-z0-9._~/-]{0,200}$`)

// nextOf returns p when it is a plain local path, else "/".
func nextOf(p string) string {
	if !safePath.MatchString(p) || strings.HasPrefix(p, "//") || p == "/login" || p == "/logout" {
		return "/"
	}
	return p
}

// page writes the login form, with msg above it.
func (g *gate) page(w http.ResponseWriter, code int, msg, next string) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	w.WriteHeader(code)
	loginPage.Execute(w, struct{ Msg, Next string }{msg, next})
}

// loginPage names nothing of the project: anyone may fetch it.
var loginPage = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Log in</title></head>
<body>
<h1>Log in</h1>
{{if .Msg}}<p role="alert">{{.Msg}}</p>{{end}}
<form method="post" action="/login">
<input type="hidden" name="next" value="{{.Next}}">
<p><label>User <input name="user" autocomplete="username" required autofocus></label></p>
<p><label>Password <input name="password" type="password" autocomplete="current-password" required></label></p>
<p><button type="submit">Log in</button></p>
</form>
</body></html>
`))
