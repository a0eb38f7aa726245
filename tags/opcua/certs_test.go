package opcua_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// peerURI is the application URI the trust tests give the test server.
const peerURI = "urn:gohmi:test-peer"

// certSpec describes a certificate the tests make with crypto/x509.
type certSpec struct {
	cn        string
	uri       string // the URI SAN; "" for none
	notBefore time.Time
	notAfter  time.Time
}

// makeCert makes a self-signed application instance certificate as OPC UA
// wants it (RSA, the usages of Part 6, 6.2.2), signed by key.
func makeCert(t testing.TB, key *rsa.PrivateKey, s certSpec) []byte {
	t.Helper()
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 100))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: s.cn, Organization: []string{"gohmi tests"}},
		NotBefore:    s.notBefore,
		NotAfter:     s.notAfter,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment |
			x509.KeyUsageKeyEncipherment | x509.KeyUsageDataEncipherment | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		BasicConstraintsValid: true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	if s.uri != "" {
		u, err := url.Parse(s.uri)
		if err != nil {
			t.Fatal(err)
		}
		tmpl.URIs = []*url.URL{u}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func newKey(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// serverCert makes a key and a certificate for the test server and writes
// them as PEM files into dir: the files node-opcua's --cert and --key read.
func serverCert(t testing.TB, dir string, s certSpec) (certFile, keyFile string, der []byte) {
	t.Helper()
	key := newKey(t)
	der = makeCert(t, key, s)
	certFile, keyFile = filepath.Join(dir, s.cn+"-cert.pem"), filepath.Join(dir, s.cn+"-key.pem")
	writeFile(t, certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
	writeFile(t, keyFile, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
	return certFile, keyFile, der
}

func writeFile(t testing.TB, name string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
