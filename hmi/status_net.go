package hmi

import (
	"path/filepath"

	"github.com/gohmi/gohmi/hmi/audit"
	"github.com/gohmi/gohmi/hmi/netsec"
)

// PKIDir is a project's certificate directory: pki/own holds gohmi's own
// certificates (the OPC UA client's, and https.crt/https.key of the
// status server and the web view off loopback).
const PKIDir = "pki"

// NetOptions returns the hmi/netsec options of an endpoint of this
// runtime called name ("status server", "web view"): its Authority (the
// login off loopback), its audit trail, the project's pki/, the site's
// certificate (Options.TLSCert, TLSKey), its clock and logger.
func (r *Runtime) NetOptions(name string) netsec.Options {
	o := netsec.Options{
		Name: name, PKI: filepath.Join(r.project().Dir, PKIDir),
		CertFile: r.tls[0], KeyFile: r.tls[1],
		Authority: r.Authority(), Logger: r.log, Clock: r.clk, Remote: r.netRemote,
	}
	if r.Audit() != nil {
		o.Audit = func(rec audit.Record) { r.audit(rec) }
	}
	return o
}

// statusEndpoint binds the status server's address: loopback as it is,
// elsewhere over TLS behind a login (hmi/netsec).
func (r *Runtime) statusEndpoint() (*netsec.Endpoint, error) {
	return netsec.Listen(r.addr, r.StatusHandler(), r.NetOptions("status server"))
}
