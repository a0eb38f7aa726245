package netsec

import (
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/gohmi/gohmi/hmi/audit"
	"github.com/gohmi/gohmi/hmi/auth"
	"github.com/gohmi/gohmi/internal/clock"
)

// Options configure [Listen].
type Options struct {
	// Name is what the endpoint is called in logs and errors: "status
	// server", "web view".
	Name string
	// PKI is the project's pki directory: a non-loopback endpoint without
	// CertFile uses (and first generates) PKI/own/https.crt and https.key.
	PKI string
	// CertFile and KeyFile are a site's own certificate (PEM, the chain
	// after the leaf) and key, used instead of the generated one. Both or
	// neither.
	CertFile, KeyFile string
	// Authority logs users in off loopback. Nil, or one that allows all
	// (no users file), refuses a non-loopback address.
	Authority *auth.Authority
	// Audit, when set, records logins, failed logins and lockouts. Ends
	// of sessions (logout, idle) are the Authority's Ended's to record.
	Audit func(audit.Record)
	// Logger logs the endpoint and its certificate; default slog.Default().
	Logger *slog.Logger
	// Clock stamps generated certificates and audit records; default the
	// wall clock.
	Clock clock.Clock
	// Remote treats a loopback address as any other: TLS and login. For
	// tests, which must not depend on the machine's interfaces.
	Remote bool
}

// Endpoint is a bound address and the handler to serve on it.
type Endpoint struct {
	// Listener accepts the connections: TLS ones when Remote.
	Listener net.Listener
	// Handler is the caller's handler, behind the login when Remote.
	Handler http.Handler
	// Remote tells whether the endpoint needs TLS and a login.
	Remote bool
	// Fingerprint is the certificate's SHA-256 ([Fingerprint]); "" when
	// not Remote.
	Fingerprint string
	// CertFile is the certificate in use ("" when not Remote).
	CertFile string
}

// URL returns the endpoint's base URL (http or https).
func (e *Endpoint) URL() string {
	if e.Remote {
		return "https://" + e.Listener.Addr().String() + "/"
	}
	return "http://" + e.Listener.Addr().String() + "/"
}

// Listen binds addr for h. A loopback address (unless o.Remote) serves h
// as it is over plain HTTP; any other needs a users file and serves h
// over TLS behind a login (see the package comment). The certificate is
// loaded (or generated) before binding, so every problem fails here.
func Listen(addr string, h http.Handler, o Options) (*Endpoint, error) {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	o.Clock = clock.Or(o.Clock)
	if o.Name == "" {
		o.Name = "server"
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.Name, err)
	}
	if !o.Remote && IsLoopbackHost(host) {
		if strings.EqualFold(host, "localhost") { // the IPv4 one, not whatever the resolver says first
			_, port, _ := net.SplitHostPort(addr)
			addr = net.JoinHostPort("127.0.0.1", port)
		}
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", o.Name, err)
		}
		return &Endpoint{Listener: ln, Handler: h}, nil
	}
	if o.Authority == nil || o.Authority.AllowsAll() {
		return nil, errNoUsers(o.Name, addr)
	}
	cert, certFile, err := o.certificate(host)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.Name, err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.Name, err)
	}
	tl := tls.NewListener(ln, &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert}})
	e := &Endpoint{Listener: tl, Remote: true, Fingerprint: Fingerprint(cert.Certificate[0]), CertFile: certFile}
	e.Handler = newGate(h, o)
	o.Logger.Info(o.Name+": TLS and login required", "addr", ln.Addr().String(), "certificate", certFile,
		"sha256", e.Fingerprint, "expires", cert.Leaf.NotAfter.UTC().Format("2006-01-02"))
	return e, nil
}

// certificate returns the site's pair or the generated one, and its file.
func (o *Options) certificate(host string) (tls.Certificate, string, error) {
	if (o.CertFile == "") != (o.KeyFile == "") {
		return tls.Certificate{}, "", errors.New("--tls-cert and --tls-key go together: give both or neither")
	}
	if o.CertFile != "" {
		c, err := loadPair(o.CertFile, o.KeyFile)
		if err == nil {
			o.warn(c, o.CertFile, host)
		}
		return c, o.CertFile, err
	}
	if o.PKI == "" {
		return tls.Certificate{}, "", errors.New("no TLS certificate: give --tls-cert and --tls-key")
	}
	certFile := filepath.Join(o.PKI, "own", CertName)
	keyFile := filepath.Join(o.PKI, "own", KeyName)
	c, made, err := loadOrCreate(certFile, keyFile, hostNames(host), o.Clock.Now())
	if err != nil {
		return c, "", err
	}
	if made {
		o.Logger.Info(o.Name+": generated a self-signed TLS certificate", "certificate", certFile, "key", keyFile)
	} else {
		o.warn(c, certFile, host)
	}
	return c, certFile, nil
}

func (o *Options) warn(c tls.Certificate, file, host string) {
	if w := certWarnings(c.Leaf, host, o.Clock.Now()); len(w) > 0 {
		o.Logger.Warn(o.Name+": TLS certificate "+strings.Join(w, ", ")+": browsers will warn (give --tls-cert/--tls-key, or delete the generated pair to get a new one)", "certificate", file)
	}
}

// CheckUsers returns [Listen]'s refusal of a non-loopback addr for the
// endpoint called name when there are no users (users false), else nil:
// callers that must refuse before they build what Listen needs.
func CheckUsers(name, addr string, users bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil || users || IsLoopbackHost(host) {
		return nil // a bad address is Listen's to report
	}
	return errNoUsers(name, addr)
}

func errNoUsers(name, addr string) error {
	return fmt.Errorf("%s on %s: a non-loopback address needs a users file (users.yaml in the project, or --users FILE) so that callers log in: there is no anonymous remote access; bind 127.0.0.1 instead, or add users", name, addr)
}

// IsLoopbackHost tells whether host (from a host:port) only reaches this
// machine: a loopback address or "localhost". "" (every interface) is not.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
