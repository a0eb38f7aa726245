package opcua

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"time"
)

// Names of a generated client certificate and key inside Config.PKIDir.
const (
	certFileName = "gohmi-client-cert.pem"
	keyFileName  = "gohmi-client-key.pem"
)

// identity is the client's certificate (DER) and key, and the URI SAN that
// is the session's ApplicationURI.
type identity struct {
	cert []byte
	key  *rsa.PrivateKey
	uri  string
}

// clientIdentity loads Config.CertFile and KeyFile, or the generated pair
// in PKIDir, generating it, valid from now, when it does not exist yet.
func clientIdentity(s *settings, log *slog.Logger, now func() time.Time) (*identity, error) {
	certFile, keyFile := s.CertFile, s.KeyFile
	if certFile == "" {
		certFile = filepath.Join(s.PKIDir, certFileName)
		keyFile = filepath.Join(s.PKIDir, keyFileName)
		if _, err := os.Stat(certFile); errors.Is(err, os.ErrNotExist) {
			if err := generateCert(certFile, keyFile, s.prefix(), log, now()); err != nil {
				return nil, err
			}
		}
	}
	return loadIdentity(certFile, keyFile)
}

// loadIdentity reads a certificate and an RSA key, each PEM or DER.
func loadIdentity(certFile, keyFile string) (*identity, error) {
	certBytes, err := readPEMOrDER(certFile, "CERTIFICATE")
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(certBytes)
	if err != nil {
		return nil, fmt.Errorf("certificate %s: %v", certFile, err)
	}
	keyBytes, err := readPEMOrDER(keyFile, "")
	if err != nil {
		return nil, err
	}
	key, err := parseRSAKey(keyBytes)
	if err != nil {
		return nil, fmt.Errorf("key %s: %v", keyFile, err)
	}
	if !key.PublicKey.Equal(cert.PublicKey) {
		return nil, fmt.Errorf("key %s does not belong to certificate %s", keyFile, certFile)
	}
	id := &identity{cert: certBytes, key: key}
	if len(cert.URIs) > 0 {
		id.uri = cert.URIs[0].String()
	}
	if id.uri == "" {
		return nil, fmt.Errorf("certificate %s has no URI in its subject alternative names; OPC UA needs the application URI there", certFile)
	}
	return id, nil
}

func readPEMOrDER(file, wantType string) ([]byte, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	block, _ := pem.Decode(b)
	if block == nil {
		return b, nil // DER
	}
	if wantType != "" && block.Type != wantType {
		return nil, fmt.Errorf("%s: PEM block is %q, want %q", file, block.Type, wantType)
	}
	return block.Bytes, nil
}

func parseRSAKey(der []byte) (*rsa.PrivateKey, error) {
	if k, err := x509.ParsePKCS1PrivateKey(der); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, errors.New("not an RSA private key (PKCS#1 or PKCS#8)")
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("key is %T; OPC UA security policies need RSA", k)
	}
	return rk, nil
}

// generateCert writes a self-signed application instance certificate,
// valid from an hour before now (clocks of client and server differ a
// little) for ten years, and its key, and logs where they are and what the
// server must trust.
func generateCert(certFile, keyFile, who string, log *slog.Logger, now time.Time) error {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "localhost"
	}
	uri := &url.URL{Scheme: "urn", Opaque: host + ":gohmi:client"}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "gohmi@" + host, Organization: []string{"gohmi"}},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.AddDate(10, 0, 0),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment |
			x509.KeyUsageKeyEncipherment | x509.KeyUsageDataEncipherment | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth, x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		URIs:                  []*url.URL{uri},
		DNSNames:              []string{host},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(certFile), 0o700); err != nil {
		return err
	}
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	if err := writeNew(keyFile, keyPEM, 0o600); err != nil {
		return err
	}
	if err := writeNew(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		return err
	}
	sum := sha1.Sum(der)
	log.Warn(who+": generated a client certificate; if the server rejects the connection, "+
		"trust this certificate on the server (copy it into the server's trusted certificates folder)",
		"cert", certFile, "key", keyFile, "application_uri", uri.String(), "sha1", hex.EncodeToString(sum[:]))
	return nil
}

// writeNew writes a file atomically (temp file and rename), so a crash
// never leaves half a key behind.
func writeNew(name string, data []byte, perm os.FileMode) error {
	tmp := name + ".tmp"
	if err := os.WriteFile(tmp, data, perm); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}
