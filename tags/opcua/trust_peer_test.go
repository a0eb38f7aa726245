package opcua_test

import (
	"bytes"
	"crypto/x509"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/tags/opcua"
	opcuapeer "github.com/gohmi/gohmi/testpeers/opcua"
)

// Trust of server certificates against the real node-opcua server. The
// driver's reconnect backoff waits on a stepped clock, so a reconnect
// happens when the test steps it; real time only bounds how long the
// server (a real process) may take.

// trustPeer puts the certificate the peer presents into pki/trusted.
func trustPeer(t testing.TB, p *opcuapeer.Peer, pki string) {
	t.Helper()
	der, err := p.Certificate()
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(pki, opcua.TrustedDir, "peer.der"), der)
}

// peerCertFrom is t, or a second after the peer's certificate becomes
// valid when that is later: a clock time the certificate is valid at.
func peerCertFrom(t testing.TB, p *opcuapeer.Peer, at time.Time) time.Time {
	t.Helper()
	der, err := p.Certificate()
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	at = at.Truncate(time.Second)
	if nb := c.NotBefore.Add(time.Second); at.Before(nb) {
		return nb
	}
	return at
}

// trustConfig is a Sign connection to the peer with its PKI folder in pki
// and a constant backoff, so that each retry is one step of the clock. The
// timeout is long: it bounds how long the server (a real process on a
// loaded machine) may take to answer, not the test's pace.
func trustConfig(p *opcuapeer.Peer, pki string) opcua.Config {
	return opcua.Config{Endpoint: p.Endpoint, Policy: "Basic256Sha256", Mode: "Sign", PKIDir: pki,
		Timeout: 10 * time.Second, Backoff: 100 * time.Millisecond, MaxBackoff: 100 * time.Millisecond}
}

// retry steps the clock to the driver's next connection attempt.
func retry(t testing.TB, clk *clocktest.Clock) {
	t.Helper()
	if !clk.WaitArmed(clk.Now().Add(100*time.Millisecond), time.After(30*time.Second)) {
		t.Fatal("the driver does not wait for its next attempt")
	}
	clk.Step(100 * time.Millisecond)
}

// refused lets the driver make connection attempts, stepping its clock
// over each backoff, until one ends with the tag Bad for a reason that
// starts with prefix, and returns that value. Every failed attempt ends
// with the driver waiting for its backoff, so the test steps in lockstep
// with it; an attempt that failed otherwise (the restarted server not up
// yet, a timeout) is followed by the next, at most 20.
func (r *rig) refused(clk *clocktest.Clock, name, prefix string) tags.Value {
	r.t.Helper()
	var v tags.Value
	for range 20 {
		if !clk.WaitArmed(clk.Now().Add(100*time.Millisecond), time.After(30*time.Second)) {
			r.t.Fatalf("%s: the driver does not wait for its next attempt; last value %s", name, v)
		}
		if v, _ = r.db.Get(name); hasPrefix(prefix)(v) {
			return v
		}
		clk.Step(100 * time.Millisecond)
	}
	r.t.Fatalf("%s: not Bad with %q after 20 attempts; last value %s", name, prefix, v)
	return v
}

func hasPrefix(prefix string) func(tags.Value) bool {
	return func(v tags.Value) bool { return v.Quality == tags.Bad && strings.HasPrefix(v.Reason, prefix) }
}

// neverGood fails when the tag was ever Good: no value of an untrusted
// server is accepted.
func (r *rig) neverGood(name string) {
	r.t.Helper()
	for _, v := range r.pub.values(name) {
		if v.Quality != tags.Bad {
			r.t.Errorf("%s was %s while the server's certificate was refused", name, v)
		}
	}
}

// TestTrustUnknownThenTrusted: the server presents its own certificate
// (node-opcua made it), which the trust list does not hold: the tags go
// Bad with BadCertificateUntrusted, the certificate is saved into
// rejected/ and a log line gives the mv that trusts it, once however
// often the driver retries. The file moved into trusted/ is accepted at
// the next attempt, without restarting the driver. The server restarted
// with another certificate (same application URI) is refused again,
// naming the trusted certificate it differs from.
func TestTrustUnknownThenTrusted(t *testing.T) {
	p := opcuapeer.Start(t, opcuapeer.Options{PKI: "trust", ApplicationURI: peerURI})
	pki := filepath.Join(t.TempDir(), "pki")
	clk := clocktest.New(peerCertFrom(t, p, time.Now()))
	r := runClock(t, trustConfig(p, pki), clk, node("Double", tags.Float))

	v := r.refused(clk, "Plant.Double", "BadCertificateUntrusted: ")
	der, err := p.Certificate()
	if err != nil {
		t.Fatal(err)
	}
	rejected, err := filepath.Glob(filepath.Join(pki, opcua.RejectedDir, "*_"+opcua.Thumbprint(der)+".der"))
	if err != nil || len(rejected) != 1 {
		t.Fatalf("rejected/ holds %v (%v), want one <name>_<sha1>.der", rejected, err)
	}
	if b, err := os.ReadFile(rejected[0]); err != nil || !bytes.Equal(b, der) {
		t.Errorf("rejected file %s does not hold the server's certificate (%v)", rejected[0], err)
	}
	abs, _ := filepath.Abs(rejected[0])
	trustedDir, _ := filepath.Abs(filepath.Join(pki, opcua.TrustedDir))
	if !strings.Contains(v.Reason, "is not trusted") || !strings.Contains(v.Reason, "saved to "+abs) {
		t.Errorf("reason %q does not say the certificate is not trusted and where it was saved", v.Reason)
	}
	mv := "mv '" + abs + "' '" + trustedDir + "/'"
	if !strings.Contains(r.logs.String(), mv) {
		t.Errorf("the log does not give the command that trusts the certificate (%s):\n%s", mv, r.logs.String())
	}

	// Another attempt: still refused, not logged twice.
	clk.Step(100 * time.Millisecond)
	r.refused(clk, "Plant.Double", "BadCertificateUntrusted: ")
	if n := strings.Count(r.logs.String(), "server certificate refused"); n != 1 {
		t.Errorf("the refusal was logged %d times after two attempts, want once", n)
	}
	r.neverGood("Plant.Double")

	// Trust it: moved into trusted/, accepted at the next attempt.
	if err := os.MkdirAll(trustedDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(rejected[0], filepath.Join(trustedDir, filepath.Base(rejected[0]))); err != nil {
		t.Fatal(err)
	}
	retry(t, clk)
	r.wait("Plant.Double", 30*time.Second, "1.5", func(v tags.Value) bool { return v.Quality == tags.Good && v.V == 1.5 })

	// The server comes back with another certificate for the same
	// application URI: refused.
	certFile, keyFile, swapped := serverCert(t, t.TempDir(), certSpec{cn: "impostor", uri: peerURI,
		notBefore: clk.Now().Add(-time.Hour), notAfter: clk.Now().Add(24 * time.Hour)})
	p.Stop()
	r.wait("Plant.Double", 30*time.Second, "bad", hasPrefix("comm failure: "))
	p.UseCertificate(certFile, keyFile)
	if err := p.Restart(); err != nil {
		t.Fatal(err)
	}
	seen := len(r.pub.values("Plant.Double"))
	// Each attempt until the restarted server answers is refused by TCP,
	// then by trust.
	last := r.refused(clk, "Plant.Double", "BadCertificateUntrusted: ")
	want := "it differs from the trusted certificate of " + peerURI + " (sha1 " + opcua.Thumbprint(der) + ")"
	if !strings.Contains(last.Reason, want) {
		t.Fatalf("after the swap: %s, want BadCertificateUntrusted: … %s", last, want)
	}
	for _, v := range r.pub.values("Plant.Double")[seen:] {
		if v.Quality != tags.Bad {
			t.Errorf("a value from the server with the swapped certificate was accepted: %s", v)
		}
	}
	if _, err := os.Stat(filepath.Join(pki, opcua.RejectedDir, "impostor_"+opcua.Thumbprint(swapped)+".der")); err != nil {
		t.Errorf("the swapped certificate was not saved: %v", err)
	}
}

// TestTrustCertificateChecks: a certificate in the trust list is still
// refused when it expired (on the driver's clock) or is for another
// application URI than the server's endpoint names; the tags go Bad with
// the reason, and no value is accepted.
func TestTrustCertificateChecks(t *testing.T) {
	now := time.Now().Truncate(time.Second)
	dir := t.TempDir()
	for _, tc := range []struct {
		name   string
		spec   certSpec
		clock  time.Time
		reason string
	}{
		{"expired", certSpec{cn: "expired", uri: peerURI, notBefore: now.Add(-48 * time.Hour), notAfter: now.Add(-24 * time.Hour)}, now,
			`BadCertificateTimeInvalid: server certificate "expired" expired on ` + now.Add(-24*time.Hour).UTC().Format(time.RFC3339)},
		{"expired on the driver's clock", certSpec{cn: "later", uri: peerURI, notBefore: now.Add(-time.Hour), notAfter: now.Add(time.Hour)}, now.Add(2 * time.Hour),
			`BadCertificateTimeInvalid: server certificate "later" expired on ` + now.Add(time.Hour).UTC().Format(time.RFC3339)},
		{"wrong application URI", certSpec{cn: "other", uri: "urn:gohmi:impostor", notBefore: now.Add(-time.Hour), notAfter: now.Add(time.Hour)}, now,
			`BadCertificateUriInvalid: server certificate "other" is for application URI "urn:gohmi:impostor", not the server's "` + peerURI + `"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			certFile, keyFile, der := serverCert(t, dir, tc.spec)
			p := opcuapeer.Start(t, opcuapeer.Options{PKI: "trust", ApplicationURI: peerURI, CertFile: certFile, KeyFile: keyFile})
			pki := filepath.Join(t.TempDir(), "pki")
			writeFile(t, filepath.Join(pki, opcua.TrustedDir, "peer.der"), der)
			clk := clocktest.New(tc.clock)
			r := runClock(t, trustConfig(p, pki), clk, node("Double", tags.Float))
			v := r.refused(clk, "Plant.Double", "BadCertificate")
			if !strings.HasPrefix(v.Reason, tc.reason) {
				t.Errorf("reason %q, want %q", v.Reason, tc.reason)
			}
			r.neverGood("Plant.Double")
			if entries, _ := os.ReadDir(filepath.Join(pki, opcua.RejectedDir)); len(entries) != 0 {
				t.Errorf("a trusted certificate was saved into rejected/")
			}
		})
	}
}

// TestTrustNone: with security None the trust list plays no part (the
// server's certificate protects nothing on such a channel): an empty
// trust list connects, and nothing is written into the PKI folder.
func TestTrustNone(t *testing.T) {
	p := peer(t)
	pki := filepath.Join(t.TempDir(), "pki")
	r := run(t, opcua.Config{Endpoint: p.Endpoint, PKIDir: pki}, node("Double", tags.Float))
	r.waitValue("Plant.Double", 1.5)
	if _, err := os.Stat(pki); !os.IsNotExist(err) {
		t.Errorf("security None touched the PKI folder: %v", err)
	}
}
