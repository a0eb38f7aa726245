package opcua

import (
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gopcua/opcua/ua"
)

// trustLog is the state the check of server certificates keeps between the
// attempts of one driver (or one browse): which problems of the trust
// list's files were logged, and which refused certificates' hints. Both
// are bounded: the files by the last scan, the hints by maxRejected. It
// is owned by the goroutine that dials.
type trustLog struct {
	log   *slog.Logger
	files map[string]string // file → the problem logged for it
	hints map[string]bool   // thumbprints whose `mv` hint was logged
}

func newTrustLog(log *slog.Logger) *trustLog {
	return &trustLog{log: log, files: map[string]string{}, hints: map[string]bool{}}
}

// checkServerCert verifies the certificate of the endpoint the client is
// about to open a secure channel to against the trust list in
// s.PKIDir/trusted, read afresh at each attempt (a certificate moved in is
// accepted at the next reconnect). A refused certificate that is not
// trusted is saved into rejected/, and the first refusal of each is
// logged with the command that trusts it.
func (tl *trustLog) checkServerCert(s *settings, ep *ua.EndpointDescription, now time.Time) error {
	trustedDir := filepath.Join(s.PKIDir, TrustedDir)
	trusted, problems := LoadTrusted(trustedDir)
	seen := map[string]bool{}
	for _, p := range problems {
		seen[p.Pos.Filename] = true
		if tl.files[p.Pos.Filename] != p.Msg {
			tl.files[p.Pos.Filename] = p.Msg
			tl.log.Warn(s.prefix()+": trust list: file ignored", "file", p.Pos.Filename, "reason", p.Msg)
		}
	}
	for f := range tl.files {
		if !seen[f] {
			delete(tl.files, f)
		}
	}
	appURI := ""
	if ep.Server != nil {
		appURI = ep.Server.ApplicationURI
	}
	err := VerifyServerCert(ep.ServerCertificate, appURI, trusted, now)
	var ce *CertError
	if !errors.As(err, &ce) || !ce.Untrusted {
		return err
	}
	saved, saveErr := saveRejected(filepath.Join(s.PKIDir, RejectedDir), ce, ep.ServerCertificate)
	if saveErr != nil {
		tl.log.Warn(s.prefix()+": cannot save the refused server certificate", "reason", saveErr)
	} else {
		ce.Saved, ce.Trusted = absPath(saved), absPath(trustedDir)+string(filepath.Separator)
	}
	if !tl.hints[ce.Thumbprint] {
		if len(tl.hints) >= maxRejected {
			clear(tl.hints)
		}
		tl.hints[ce.Thumbprint] = true
		args := []any{"endpoint", s.Endpoint, "application_uri", appURI, "sha1", ce.Thumbprint, "reason", ce.Error()}
		msg := s.prefix() + ": server certificate refused"
		if ce.Saved != "" {
			msg += "; to trust it: mv " + shellQuote(ce.Saved) + " " + shellQuote(ce.Trusted)
		}
		tl.log.Warn(msg, args...)
	}
	return ce
}

// saveRejected writes a refused certificate (the server's own, without
// issuers) into dir as <name>_<sha1>.der, unless it is there already or
// dir holds maxRejected files. It never overwrites a file.
func saveRejected(dir string, ce *CertError, der []byte) (string, error) {
	if ce.Thumbprint == "" || len(der) == 0 {
		return "", errors.New("no certificate to save")
	}
	file := filepath.Join(dir, fileSafe(ce.Name)+"_"+ce.Thumbprint+".der")
	if _, err := os.Stat(file); err == nil {
		return file, nil
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) >= maxRejected {
		return "", fmt.Errorf("%s holds %d files already; remove old ones", dir, len(entries))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if certs, err := parseLeaf(der); err == nil {
		der = certs
	}
	if err := writeNew(file, der, 0o644); err != nil && !errors.Is(err, os.ErrExist) {
		return "", err
	}
	return file, nil
}

// parseLeaf returns the DER of the first certificate of a chain.
func parseLeaf(der []byte) ([]byte, error) {
	certs, err := x509.ParseCertificates(der)
	if err != nil || len(certs) == 0 {
		return nil, errors.New("no certificate")
	}
	return certs[0].Raw, nil
}

// fileSafe keeps letters, digits, '-', '_' and '.' of a name (others become
// '_'), at most 64 bytes: a certificate's name in a file name.
func fileSafe(name string) string {
	b := []byte(name)
	if len(b) > 64 {
		b = b[:64]
	}
	for i, c := range b {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '.' && i > 0:
		default:
			b[i] = '_'
		}
	}
	if len(b) == 0 {
		return "server"
	}
	return string(b)
}

// shellQuote quotes a path for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// absPath is p made absolute, or p when that fails.
func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}
