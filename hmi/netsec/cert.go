package netsec

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// The names of the generated pair in a project's pki/own.
const (
	CertName = "https.crt"
	KeyName  = "https.key"
)

// Validity is how long a generated certificate is valid.
const Validity = 2 * 365 * 24 * time.Hour

// loadOrCreate returns the key pair at certFile and keyFile, generating
// it (for hosts) when neither exists. It reports whether it generated it.
func loadOrCreate(certFile, keyFile string, hosts []string, now time.Time) (tls.Certificate, bool, error) {
	_, errC := os.Stat(certFile)
	_, errK := os.Stat(keyFile)
	switch {
	case errC == nil && errK == nil:
		c, err := loadPair(certFile, keyFile)
		return c, false, err
	case errors.Is(errC, fs.ErrNotExist) && errors.Is(errK, fs.ErrNotExist):
	case errC == nil || errK == nil:
		return tls.Certificate{}, false, fmt.Errorf("%s and %s: one exists without the other; delete it to generate a new pair, or give both", certFile, keyFile)
	default:
		return tls.Certificate{}, false, fmt.Errorf("TLS certificate: %w", errors.Join(errC, errK))
	}
	certPEM, keyPEM, err := generate(hosts, now)
	if err != nil {
		return tls.Certificate{}, false, err
	}
	if err := os.MkdirAll(filepath.Dir(certFile), 0o755); err != nil {
		return tls.Certificate{}, false, fmt.Errorf("TLS certificate: %w", err)
	}
	if err := writeNew(keyFile, keyPEM, 0o600); err != nil {
		return tls.Certificate{}, false, err
	}
	if err := writeNew(certFile, certPEM, 0o644); err != nil {
		os.Remove(keyFile) // ours: created just now, no certificate goes with it
		return tls.Certificate{}, false, err
	}
	c, err := loadPair(certFile, keyFile)
	return c, true, err
}

func loadPair(certFile, keyFile string) (tls.Certificate, error) {
	c, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("TLS certificate %s, key %s: %w", certFile, keyFile, err)
	}
	if c.Leaf == nil {
		if c.Leaf, err = x509.ParseCertificate(c.Certificate[0]); err != nil {
			return tls.Certificate{}, fmt.Errorf("TLS certificate %s: %w", certFile, err)
		}
	}
	return c, nil
}

// writeNew writes data to name, which must not exist: it writes a
// temporary file and links it into place, so that a crash leaves no
// half-written file and an existing file is never replaced.
func writeNew(name string, data []byte, mode os.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(name), ".tmp-"+filepath.Base(name)+"-*")
	if err != nil {
		return fmt.Errorf("TLS certificate: %w", err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	err = f.Chmod(mode)
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Link(tmp, name) // fails if name exists: never overwritten
	}
	if err != nil {
		return fmt.Errorf("TLS certificate: writing %s: %w", name, err)
	}
	return nil
}

// generate makes a self-signed ECDSA P-256 server certificate for hosts
// (names and addresses), valid from an hour before now for [Validity].
func generate(hosts []string, now time.Time) (certPEM, keyPEM []byte, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("TLS certificate: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, nil, fmt.Errorf("TLS certificate: %w", err)
	}
	cn := "gohmi"
	if len(hosts) > 0 {
		cn = "gohmi " + hosts[0]
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"gohmi"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(Validity),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, fmt.Errorf("TLS certificate: %w", err)
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, fmt.Errorf("TLS certificate: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder}), nil
}

// Fingerprint returns the SHA-256 of a certificate's DER bytes as
// colon-separated upper-case hex pairs, as browsers show it.
func Fingerprint(der []byte) string {
	sum := sha256.Sum256(der)
	var b strings.Builder
	for i, c := range sum {
		if i > 0 {
			b.WriteByte(':')
		}
		fmt.Fprintf(&b, "%02X", c)
	}
	return b.String()
}

// hostNames returns what a generated certificate names: the bound host
// (unless a wildcard), the machine's host name, localhost and the
// addresses of its interfaces, without duplicates.
func hostNames(bound string) []string {
	var out []string
	add := func(h string) {
		if h != "" && !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	if ip := net.ParseIP(bound); ip == nil || !ip.IsUnspecified() {
		add(bound)
	}
	if h, err := os.Hostname(); err == nil {
		add(h)
	}
	add("localhost")
	if addrs, err := net.InterfaceAddrs(); err == nil {
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok && !n.IP.IsLinkLocalUnicast() {
				add(n.IP.String())
			}
		}
	}
	add("127.0.0.1")
	add("::1")
	return out
}

// certWarnings says what is wrong with an existing certificate: expired,
// not yet valid, or not naming host (a wildcard host is not checked).
func certWarnings(c *x509.Certificate, host string, now time.Time) []string {
	var w []string
	if now.After(c.NotAfter) {
		w = append(w, "expired on "+c.NotAfter.UTC().Format(time.DateOnly))
	} else if now.Before(c.NotBefore) {
		w = append(w, "not valid before "+c.NotBefore.UTC().Format(time.RFC3339))
	}
	if ip := net.ParseIP(host); host != "" && (ip == nil || !ip.IsUnspecified()) {
		if err := c.VerifyHostname(host); err != nil {
			w = append(w, "does not name "+host)
		}
	}
	return w
}
