package opcua

import (
	"bytes"
	"crypto/sha1"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/gopcua/opcua/ua"

	"github.com/gohmi/gohmi/pos"
)

// The trust list's folders inside Config.PKIDir, as OPC UA stacks lay them
// out: trusted/ holds the server certificates the client accepts (also read:
// trusted/certs/, the layout of node-opcua and the UA .NET stack),
// rejected/ the ones it refused, own/ its own certificate and key.
const (
	TrustedDir  = "trusted"
	RejectedDir = "rejected"
	OwnDir      = "own"
)

// Bounds on what the trust list reads and writes, so that a folder full
// of junk (or a server presenting a new certificate at each attempt)
// costs neither unbounded memory nor disk.
const (
	// MaxCertFileSize is the largest file read as a certificate; larger
	// files in trusted/ are skipped and reported.
	MaxCertFileSize = 64 << 10
	// maxTrustFiles is the most files read from trusted/ (and
	// trusted/certs/); the rest are skipped and reported.
	maxTrustFiles = 1000
	// maxRejected is the most certificates kept in rejected/; past it a
	// refused certificate is not saved (the refusal still is logged).
	maxRejected = 100
)

// CertError is why a server certificate was refused. Code is the OPC UA
// status of the first problem (BadCertificateInvalid,
// BadCertificateTimeInvalid, BadCertificateUriInvalid, then
// BadCertificateUntrusted); Problems lists every problem found. Its text is
// what a refused connection's tags show as their Bad reason.
type CertError struct {
	Code     ua.StatusCode
	Problems []string
	// Untrusted: the certificate is not in the trust list.
	Untrusted bool
	// Thumbprint is the certificate's SHA-1 in hex, as OPC UA names
	// certificates; Name its subject's common name (or "server").
	Thumbprint, Name string
	// Saved is the file in rejected/ the certificate was saved to, and
	// Trusted the folder to move it into to trust it ("" when not saved).
	Saved, Trusted string
}

func (e *CertError) Error() string {
	s := StatusName(e.Code) + ": " + strings.Join(e.Problems, "; ")
	if e.Saved != "" {
		s += fmt.Sprintf("; saved to %s (move it into %s to trust it)", e.Saved, e.Trusted)
	}
	return s
}

// VerifyServerCert decides whether a client accepts the certificate a
// server presents (der, as the endpoint description carries it: the
// server's certificate first, maybe followed by its issuers). It accepts
// only when all hold:
//
//   - the certificate is in trusted, compared whole: trust is per
//     certificate, so a server that presents another certificate, even with
//     the same name, application URI or host, is refused;
//   - now lies within its validity period (NotBefore to NotAfter);
//   - appURI, the server's application URI from its endpoint description,
//     is among its URI subject alternative names.
//
// It returns nil, or a *[CertError] naming every problem. It reads no file
// and keeps no state: the caller loads trusted ([LoadTrusted]) and saves a
// refused certificate.
func VerifyServerCert(der []byte, appURI string, trusted []*x509.Certificate, now time.Time) error {
	if len(der) == 0 {
		return &CertError{Code: ua.StatusBadCertificateInvalid, Name: "server", Problems: []string{"the server presented no certificate"}}
	}
	certs, err := x509.ParseCertificates(der)
	if err != nil || len(certs) == 0 {
		sum := sha1.Sum(der)
		return &CertError{Code: ua.StatusBadCertificateInvalid, Name: "server", Thumbprint: hex.EncodeToString(sum[:]),
			Problems: []string{fmt.Sprintf("the server's certificate does not parse: %v", err)}}
	}
	c := certs[0]
	e := &CertError{Name: certName(c), Thumbprint: Thumbprint(c.Raw)}
	var codes []ua.StatusCode
	add := func(code ua.StatusCode, msg string) {
		codes = append(codes, code)
		e.Problems = append(e.Problems, msg)
	}
	switch {
	case now.Before(c.NotBefore):
		add(ua.StatusBadCertificateTimeInvalid, fmt.Sprintf("server certificate %q is not valid before %s (now %s)",
			e.Name, c.NotBefore.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339)))
	case now.After(c.NotAfter):
		add(ua.StatusBadCertificateTimeInvalid, fmt.Sprintf("server certificate %q expired on %s (now %s)",
			e.Name, c.NotAfter.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339)))
	}
	if msg := uriProblem(c, appURI); msg != "" {
		add(ua.StatusBadCertificateURIInvalid, msg)
	}
	if !slices.ContainsFunc(trusted, func(t *x509.Certificate) bool { return bytes.Equal(t.Raw, c.Raw) }) {
		e.Untrusted = true
		add(ua.StatusBadCertificateUntrusted, untrustedProblem(c, e, appURI, trusted))
	}
	if len(codes) == 0 {
		return nil
	}
	e.Code = slices.MinFunc(codes, func(a, b ua.StatusCode) int { return certRank(a) - certRank(b) })
	return e
}

// certRank orders the codes: a problem of the certificate itself comes
// before its trust, since trusting it would not help.
func certRank(c ua.StatusCode) int {
	switch c {
	case ua.StatusBadCertificateInvalid:
		return 0
	case ua.StatusBadCertificateTimeInvalid:
		return 1
	case ua.StatusBadCertificateURIInvalid:
		return 2
	}
	return 3
}

// uriProblem says why c is not the certificate of the application appURI;
// "" when it is.
func uriProblem(c *x509.Certificate, appURI string) string {
	var uris []string
	for _, u := range c.URIs {
		uris = append(uris, u.String())
	}
	switch {
	case appURI == "":
		return "the server's endpoint names no application URI to check its certificate against"
	case slices.Contains(uris, appURI):
		return ""
	case len(uris) == 0:
		return fmt.Sprintf("server certificate %q names no application URI (URI SAN); the server's is %q", certName(c), appURI)
	}
	return fmt.Sprintf("server certificate %q is for application URI %q, not the server's %q", certName(c), strings.Join(uris, ", "), appURI)
}

// untrustedProblem says that c is not trusted, naming the trusted
// certificate it replaces when one with the same application URI is.
func untrustedProblem(c *x509.Certificate, e *CertError, appURI string, trusted []*x509.Certificate) string {
	for _, t := range trusted {
		for _, u := range t.URIs {
			if u.String() == appURI && appURI != "" {
				return fmt.Sprintf("server certificate %q (sha1 %s) is not trusted: it differs from the trusted certificate of %s (sha1 %s)",
					e.Name, e.Thumbprint, appURI, Thumbprint(t.Raw))
			}
		}
	}
	return fmt.Sprintf("server certificate %q (sha1 %s) is not trusted", e.Name, e.Thumbprint)
}

// Thumbprint is a certificate's SHA-1 in lower-case hex: the name OPC UA
// gives a certificate.
func Thumbprint(der []byte) string {
	sum := sha1.Sum(der)
	return hex.EncodeToString(sum[:])
}

// certName is a certificate's subject common name, else its first URI,
// else "server".
func certName(c *x509.Certificate) string {
	switch {
	case c.Subject.CommonName != "":
		return c.Subject.CommonName
	case len(c.URIs) > 0:
		return c.URIs[0].String()
	}
	return "server"
}

// LoadTrusted reads the trust list in dir (a PKI folder's trusted/): every
// certificate in its files and in those of dir/certs, DER or PEM (a PEM
// file may hold several). A missing folder is an empty list. A file that
// cannot be read, is larger than [MaxCertFileSize] or holds no
// certificate is skipped and reported as a problem at its path; past
// maxTrustFiles files the rest are skipped, reported once.
func LoadTrusted(dir string) ([]*x509.Certificate, pos.ErrorList) {
	var certs []*x509.Certificate
	var errs pos.ErrorList
	files := 0
	for _, d := range []string{dir, filepath.Join(dir, "certs")} {
		entries, err := os.ReadDir(d)
		if err != nil {
			if !errors.Is(err, os.ErrNotExist) {
				errs.Add(pos.Pos{Filename: d}, fmt.Sprintf("cannot read the trust list: %v", unwrapPath(err)))
			}
			continue
		}
		for _, ent := range entries {
			if ent.IsDir() || strings.HasPrefix(ent.Name(), ".") {
				continue
			}
			file := filepath.Join(d, ent.Name())
			if files++; files > maxTrustFiles {
				errs.Add(pos.Pos{Filename: d}, fmt.Sprintf("more than %d files in the trust list; the rest are ignored", maxTrustFiles))
				return certs, errs
			}
			cs, err := readCertFile(file)
			if err != nil {
				errs.Add(pos.Pos{Filename: file}, err.Error())
				continue
			}
			certs = append(certs, cs...)
		}
	}
	return certs, errs
}

// readCertFile reads the certificates of one file, DER or PEM, of at most
// MaxCertFileSize bytes.
func readCertFile(file string) ([]*x509.Certificate, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("cannot read certificate: %v", unwrapPath(err))
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxCertFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read certificate: %v", unwrapPath(err))
	}
	if len(b) > MaxCertFileSize {
		return nil, fmt.Errorf("larger than %d KiB: not a certificate; ignored", MaxCertFileSize>>10)
	}
	if len(b) == 0 {
		return nil, errors.New("empty file: not a certificate")
	}
	if block, _ := pem.Decode(b); block == nil {
		certs, err := x509.ParseCertificates(b)
		if err != nil || len(certs) == 0 {
			return nil, fmt.Errorf("not a certificate (DER or PEM): %v", err)
		}
		return certs, nil
	}
	var certs []*x509.Certificate
	for rest := b; ; {
		var block *pem.Block
		if block, rest = pem.Decode(rest); block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("PEM certificate does not parse: %v", err)
		}
		certs = append(certs, c)
	}
	if len(certs) == 0 {
		return nil, errors.New("PEM file holds no CERTIFICATE block")
	}
	return certs, nil
}

// unwrapPath drops the path an *os.PathError repeats: the caller names
// the file.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
