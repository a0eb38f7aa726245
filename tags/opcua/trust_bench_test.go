package opcua_test

import (
	"encoding/pem"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/gohmi/gohmi/tags/opcua"
)

// BenchmarkTrustCheck is what each secure connection attempt adds before
// the channel opens: reading a trust list of 100 PEM certificates from disk
// and deciding on the server's certificate (the last one). It reports
// the time per attempt; attempts come at most every Config.Backoff.
//
//	go test ./tags/opcua -run '^$' -bench TrustCheck
func BenchmarkTrustCheck(b *testing.B) {
	now := time.Now()
	key := newKey(b)
	dir := filepath.Join(b.TempDir(), "trusted")
	var der []byte
	for i := range 100 {
		der = makeCert(b, key, certSpec{cn: fmt.Sprintf("srv%d", i), uri: peerURI, notBefore: now.Add(-time.Hour), notAfter: now.Add(time.Hour)})
		writeFile(b, filepath.Join(dir, fmt.Sprintf("srv%d.pem", i)), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
	}
	b.ReportAllocs()
	for b.Loop() {
		trusted, errs := opcua.LoadTrusted(dir)
		if len(errs) > 0 || len(trusted) != 100 {
			b.Fatal(errs)
		}
		if err := opcua.VerifyServerCert(der, peerURI, trusted, now); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/attempt")
}
