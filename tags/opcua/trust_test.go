package opcua_test

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gopcua/opcua/ua"

	"github.com/gohmi/gohmi/tags/opcua"
)

// TestVerifyServerCert: the trust decision over a certificate, the trust
// list and the time. Trust is per certificate (byte for byte), validity
// is checked on the time given, and the certificate's URI SAN must be the
// server's application URI; every problem is named, the code is the
// first by rank (the certificate's own problems before its trust).
func TestVerifyServerCert(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	key, other := newKey(t), newKey(t)
	valid := certSpec{cn: "peer", uri: peerURI, notBefore: now.Add(-day), notAfter: now.Add(365 * day)}
	good := makeCert(t, key, valid)
	reissued := makeCert(t, key, valid) // same name, URI and key; another serial
	swapped := makeCert(t, other, certSpec{cn: "impostor", uri: peerURI, notBefore: valid.notBefore, notAfter: valid.notAfter})
	expired := makeCert(t, key, certSpec{cn: "peer", uri: peerURI, notBefore: now.Add(-365 * day), notAfter: now.Add(-day)})
	future := makeCert(t, key, certSpec{cn: "peer", uri: peerURI, notBefore: now.Add(day), notAfter: now.Add(365 * day)})
	wrongURI := makeCert(t, key, certSpec{cn: "peer", uri: "urn:gohmi:impostor", notBefore: valid.notBefore, notAfter: valid.notAfter})
	noURI := makeCert(t, key, certSpec{cn: "peer", notBefore: valid.notBefore, notAfter: valid.notAfter})
	edge := makeCert(t, key, certSpec{cn: "peer", uri: peerURI, notBefore: now.Add(-day), notAfter: now})
	issuer := makeCert(t, other, certSpec{cn: "ca", notBefore: valid.notBefore, notAfter: valid.notAfter})

	parse := func(ders ...[]byte) []*x509.Certificate {
		var cs []*x509.Certificate
		for _, d := range ders {
			c, err := x509.ParseCertificate(d)
			if err != nil {
				t.Fatal(err)
			}
			cs = append(cs, c)
		}
		return cs
	}
	tp := opcua.Thumbprint
	for _, tc := range []struct {
		name      string
		der       []byte
		appURI    string
		trusted   []*x509.Certificate
		now       time.Time
		code      ua.StatusCode // 0: accepted
		untrusted bool
		problems  []string
	}{
		{name: "trusted", der: good, appURI: peerURI, trusted: parse(issuer, good), now: now},
		{name: "trusted, with its issuer after it", der: append(slices.Clip(good), issuer...), appURI: peerURI, trusted: parse(good), now: now},
		{name: "valid through NotAfter", der: edge, appURI: peerURI, trusted: parse(edge), now: now},
		{name: "valid from NotBefore", der: good, appURI: peerURI, trusted: parse(good), now: now.Add(-day)},
		{name: "empty trust list", der: good, appURI: peerURI, now: now,
			code: ua.StatusBadCertificateUntrusted, untrusted: true,
			problems: []string{`server certificate "peer" (sha1 ` + tp(good) + `) is not trusted`}},
		{name: "swapped on a trusted endpoint", der: swapped, appURI: peerURI, trusted: parse(good), now: now,
			code: ua.StatusBadCertificateUntrusted, untrusted: true,
			problems: []string{`server certificate "impostor" (sha1 ` + tp(swapped) + `) is not trusted: it differs from the trusted certificate of ` + peerURI + ` (sha1 ` + tp(good) + `)`}},
		{name: "re-issued: same name, URI and key", der: reissued, appURI: peerURI, trusted: parse(good), now: now,
			code: ua.StatusBadCertificateUntrusted, untrusted: true,
			problems: []string{`server certificate "peer" (sha1 ` + tp(reissued) + `) is not trusted: it differs from the trusted certificate of ` + peerURI + ` (sha1 ` + tp(good) + `)`}},
		{name: "expired", der: expired, appURI: peerURI, trusted: parse(expired), now: now,
			code:     ua.StatusBadCertificateTimeInvalid,
			problems: []string{`server certificate "peer" expired on 2026-05-31T12:00:00Z (now 2026-06-01T12:00:00Z)`}},
		{name: "a nanosecond after NotAfter", der: edge, appURI: peerURI, trusted: parse(edge), now: now.Add(time.Nanosecond),
			code:     ua.StatusBadCertificateTimeInvalid,
			problems: []string{`server certificate "peer" expired on 2026-06-01T12:00:00Z (now 2026-06-01T12:00:00Z)`}},
		{name: "not yet valid", der: future, appURI: peerURI, trusted: parse(future), now: now,
			code:     ua.StatusBadCertificateTimeInvalid,
			problems: []string{`server certificate "peer" is not valid before 2026-06-02T12:00:00Z (now 2026-06-01T12:00:00Z)`}},
		{name: "wrong application URI", der: wrongURI, appURI: peerURI, trusted: parse(wrongURI), now: now,
			code:     ua.StatusBadCertificateURIInvalid,
			problems: []string{`server certificate "peer" is for application URI "urn:gohmi:impostor", not the server's "` + peerURI + `"`}},
		{name: "no URI SAN", der: noURI, appURI: peerURI, trusted: parse(noURI), now: now,
			code:     ua.StatusBadCertificateURIInvalid,
			problems: []string{`server certificate "peer" names no application URI (URI SAN); the server's is "` + peerURI + `"`}},
		{name: "endpoint without application URI", der: good, appURI: "", trusted: parse(good), now: now,
			code:     ua.StatusBadCertificateURIInvalid,
			problems: []string{"the server's endpoint names no application URI to check its certificate against"}},
		{name: "expired and untrusted: time first, both named", der: expired, appURI: peerURI, now: now,
			code: ua.StatusBadCertificateTimeInvalid, untrusted: true,
			problems: []string{
				`server certificate "peer" expired on 2026-05-31T12:00:00Z (now 2026-06-01T12:00:00Z)`,
				`server certificate "peer" (sha1 ` + tp(expired) + `) is not trusted`,
			}},
		{name: "no certificate", der: nil, appURI: peerURI, trusted: parse(good), now: now,
			code: ua.StatusBadCertificateInvalid, problems: []string{"the server presented no certificate"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := opcua.VerifyServerCert(tc.der, tc.appURI, tc.trusted, tc.now)
			if tc.code == 0 {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var ce *opcua.CertError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v (%T), want a *CertError", err, err)
			}
			if ce.Code != tc.code || ce.Untrusted != tc.untrusted {
				t.Errorf("code %s untrusted %v, want %s %v", opcua.StatusName(ce.Code), ce.Untrusted, opcua.StatusName(tc.code), tc.untrusted)
			}
			if !slices.Equal(ce.Problems, tc.problems) {
				t.Errorf("problems\n%q\nwant\n%q", ce.Problems, tc.problems)
			}
			if want := opcua.StatusName(tc.code) + ": " + strings.Join(tc.problems, "; "); err.Error() != want {
				t.Errorf("error %q, want %q", err, want)
			}
		})
	}
	t.Run("garbage", func(t *testing.T) {
		err := opcua.VerifyServerCert([]byte("not a certificate"), peerURI, parse(good), now)
		var ce *opcua.CertError
		if !errors.As(err, &ce) || ce.Code != ua.StatusBadCertificateInvalid || !strings.Contains(err.Error(), "does not parse") {
			t.Errorf("error %v, want BadCertificateInvalid: does not parse", err)
		}
	})
}

// TestLoadTrusted: DER and PEM files (several certificates in one PEM),
// trusted/certs as OPC UA stacks lay it out; junk, empty and oversized
// files are skipped and reported at their paths; hidden files and
// folders are ignored; a missing folder is an empty list.
func TestLoadTrusted(t *testing.T) {
	now := time.Now()
	key := newKey(t)
	spec := func(cn string) certSpec {
		return certSpec{cn: cn, uri: "urn:" + cn, notBefore: now, notAfter: now.Add(time.Hour)}
	}
	a, b, c, d := makeCert(t, key, spec("a")), makeCert(t, key, spec("b")), makeCert(t, key, spec("c")), makeCert(t, key, spec("d"))
	dir := filepath.Join(t.TempDir(), "trusted")
	pemOf := func(ders ...[]byte) []byte {
		var out []byte
		for _, der := range ders {
			out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})...)
		}
		return out
	}
	writeFile(t, filepath.Join(dir, "a.der"), a)
	writeFile(t, filepath.Join(dir, "bc.pem"), pemOf(b, c))
	writeFile(t, filepath.Join(dir, "certs", "d.pem"), pemOf(d))
	writeFile(t, filepath.Join(dir, "junk.der"), []byte("junk"))
	writeFile(t, filepath.Join(dir, "empty.der"), nil)
	writeFile(t, filepath.Join(dir, "key.pem"), pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: []byte{1}}))
	writeFile(t, filepath.Join(dir, "huge.der"), make([]byte, opcua.MaxCertFileSize+1))
	writeFile(t, filepath.Join(dir, ".hidden"), []byte("junk"))
	writeFile(t, filepath.Join(dir, "crl", "x.crl"), []byte("junk"))

	certs, errs := opcua.LoadTrusted(dir)
	var got []string
	for _, c := range certs {
		got = append(got, c.Subject.CommonName)
	}
	slices.Sort(got)
	if want := []string{"a", "b", "c", "d"}; !slices.Equal(got, want) {
		t.Errorf("certificates %v, want %v", got, want)
	}
	errs.Sort()
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Error())
	}
	want := []string{
		filepath.Join(dir, "empty.der") + ": empty file: not a certificate",
		filepath.Join(dir, "huge.der") + ": larger than 64 KiB: not a certificate; ignored",
		filepath.Join(dir, "junk.der") + ": not a certificate (DER or PEM): x509: malformed certificate",
		filepath.Join(dir, "key.pem") + ": PEM file holds no CERTIFICATE block",
	}
	if !slices.Equal(msgs, want) {
		t.Errorf("problems\n%s\nwant\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}

	certs, errs = opcua.LoadTrusted(filepath.Join(t.TempDir(), "missing"))
	if len(certs) != 0 || len(errs) != 0 {
		t.Errorf("missing folder: %d certificates, problems %v", len(certs), errs)
	}
}

// FuzzVerifyServerCert: whatever bytes a server presents as its
// certificate, the decision does not panic and a refusal is a *CertError
// with a code and at least one problem.
func FuzzVerifyServerCert(f *testing.F) {
	now := time.Now()
	key := newKey(f)
	der := makeCert(f, key, certSpec{cn: "peer", uri: peerURI, notBefore: now.Add(-time.Hour), notAfter: now.Add(time.Hour)})
	trusted, err := x509.ParseCertificate(der)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(der)
	f.Add(der[:len(der)/2])
	f.Add([]byte{0x30, 0x82, 0xff, 0xff})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		err := opcua.VerifyServerCert(b, peerURI, []*x509.Certificate{trusted}, now)
		if err == nil {
			return
		}
		var ce *opcua.CertError
		if !errors.As(err, &ce) || ce.Code == 0 || len(ce.Problems) == 0 {
			t.Fatalf("refusal %v (%T) is not a complete *CertError", err, err)
		}
	})
}
