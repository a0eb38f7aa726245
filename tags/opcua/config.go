package opcua

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gopcua/opcua/ua"
)

// Config describes the connection to one OPC UA server.
type Config struct {
	// Name is the connection's name, used in messages.
	Name string
	// Endpoint is the server's URL: opc.tcp://host:port[/path].
	Endpoint string
	// Policy is the security policy: None (default), Basic256Sha256,
	// Basic256, Basic128Rsa15, Aes128_Sha256_RsaOaep, Aes256_Sha256_RsaPss,
	// or the policy's full URI. Case does not matter.
	Policy string
	// Mode is the message security mode: None, Sign or SignAndEncrypt.
	// Default: None when Policy is None, SignAndEncrypt otherwise.
	Mode string
	// Username and Password log in as a user; an empty Username is anonymous.
	Username, Password string
	// CertFile and KeyFile are the client's certificate and RSA key (PEM or
	// DER). When both are empty and security is not None, a certificate is
	// generated into PKIDir/own on first use (and reused afterwards, never
	// overwritten); its URI SAN is the session's ApplicationURI, as OPC UA
	// requires.
	CertFile, KeyFile string
	// PKIDir is the PKI folder: own/ (a generated certificate), trusted/
	// (the server certificates accepted when security is not None, read
	// afresh at each connection attempt) and rejected/ (the ones refused).
	// Default: <user config dir>/gohmi/opcua-pki; a project's connection
	// uses the project's pki/.
	PKIDir string
	// Timeout bounds each request, the connect and the watchdog's check of
	// a silent server. Default 5s.
	Timeout time.Duration
	// Backoff is the first delay before reconnecting; it doubles after
	// each failed attempt up to MaxBackoff. Defaults 500ms and 10s.
	Backoff, MaxBackoff time.Duration
}

// Defaults of [Config] and [Tag].
const (
	DefaultTimeout    = 5 * time.Second
	DefaultBackoff    = 500 * time.Millisecond
	DefaultMaxBackoff = 10 * time.Second
	DefaultSampling   = 100 * time.Millisecond
)

// policies maps the lower-case short name of each security policy gopcua
// implements to its URI.
var policies = map[string]string{
	"none":                  ua.SecurityPolicyURINone,
	"basic128rsa15":         ua.SecurityPolicyURIBasic128Rsa15,
	"basic256":              ua.SecurityPolicyURIBasic256,
	"basic256sha256":        ua.SecurityPolicyURIBasic256Sha256,
	"aes128_sha256_rsaoaep": ua.SecurityPolicyURIAes128Sha256RsaOaep,
	"aes256_sha256_rsapss":  ua.SecurityPolicyURIAes256Sha256RsaPss,
}

// modes maps the lower-case names of the message security modes.
var modes = map[string]ua.MessageSecurityMode{
	"none":           ua.MessageSecurityModeNone,
	"sign":           ua.MessageSecurityModeSign,
	"signandencrypt": ua.MessageSecurityModeSignAndEncrypt,
}

// settings is a checked Config with defaults applied.
type settings struct {
	Config
	policyURI string
	mode      ua.MessageSecurityMode
}

// secure reports whether the channel signs (and maybe encrypts).
func (s *settings) secure() bool { return s.mode != ua.MessageSecurityModeNone }

// prefix starts every message about this connection: "opcua plc1".
func (s *settings) prefix() string {
	if s.Name == "" {
		return "opcua " + s.Endpoint
	}
	return "opcua " + s.Name
}

// check validates c and applies the defaults.
func (c Config) check() (*settings, error) {
	s := &settings{Config: c}
	var errs []error
	if err := checkEndpoint(c.Endpoint); err != nil {
		errs = append(errs, err)
	}
	var err error
	if s.policyURI, err = parsePolicy(c.Policy); err != nil {
		errs = append(errs, err)
	}
	if s.mode, err = parseMode(c.Mode, s.policyURI); err != nil {
		errs = append(errs, err)
	}
	if (c.CertFile == "") != (c.KeyFile == "") {
		errs = append(errs, errors.New("cert and key must be given together"))
	}
	if c.Password != "" && c.Username == "" {
		errs = append(errs, errors.New("password given without a username"))
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"timeout", c.Timeout}, {"backoff", c.Backoff}, {"max backoff", c.MaxBackoff}} {
		if d.v < 0 {
			errs = append(errs, fmt.Errorf("%s %s is negative", d.name, d.v))
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s: %w", s.prefix(), errors.Join(errs...))
	}
	s.defaults()
	return s, nil
}

func (s *settings) defaults() {
	if s.Timeout == 0 {
		s.Timeout = DefaultTimeout
	}
	if s.Backoff == 0 {
		s.Backoff = DefaultBackoff
	}
	if s.MaxBackoff == 0 {
		s.MaxBackoff = DefaultMaxBackoff
	}
	s.MaxBackoff = max(s.MaxBackoff, s.Backoff)
	if s.PKIDir == "" {
		dir, err := os.UserConfigDir()
		if err != nil {
			dir = "."
		}
		s.PKIDir = filepath.Join(dir, "gohmi", "opcua-pki")
	}
}

func checkEndpoint(ep string) error {
	if ep == "" {
		return errors.New("no endpoint (opc.tcp://host:port)")
	}
	u, err := url.Parse(ep)
	if err != nil {
		return fmt.Errorf("endpoint %q: %v", ep, err)
	}
	if u.Scheme != "opc.tcp" || u.Host == "" {
		return fmt.Errorf("endpoint %q: want opc.tcp://host:port", ep)
	}
	return nil
}

// parsePolicy accepts a short policy name or a full URI; empty is None.
func parsePolicy(p string) (string, error) {
	if p == "" {
		return ua.SecurityPolicyURINone, nil
	}
	short := strings.ToLower(p)
	if i := strings.LastIndexByte(short, '#'); i >= 0 && strings.HasPrefix(p, ua.SecurityPolicyURIPrefix) {
		short = short[i+1:]
	}
	if uri, ok := policies[short]; ok {
		return uri, nil
	}
	return "", fmt.Errorf("unknown security policy %q (want None, Basic256Sha256, Aes128_Sha256_RsaOaep, Aes256_Sha256_RsaPss, Basic256 or Basic128Rsa15)", p)
}

// parseMode parses a security mode; empty follows the policy.
func parseMode(m, policyURI string) (ua.MessageSecurityMode, error) {
	none := policyURI == ua.SecurityPolicyURINone
	if m == "" {
		if none {
			return ua.MessageSecurityModeNone, nil
		}
		return ua.MessageSecurityModeSignAndEncrypt, nil
	}
	mode, ok := modes[strings.ToLower(m)]
	switch {
	case !ok:
		return 0, fmt.Errorf("unknown security mode %q (want None, Sign or SignAndEncrypt)", m)
	case none && mode != ua.MessageSecurityModeNone:
		return 0, fmt.Errorf("security mode %s needs a security policy other than None", m)
	case !none && mode == ua.MessageSecurityModeNone:
		return 0, fmt.Errorf("security policy %s needs mode Sign or SignAndEncrypt", policyName(policyURI))
	}
	return mode, nil
}

// modeName is the specification's name of a security mode: "SignAndEncrypt".
func modeName(m ua.MessageSecurityMode) string {
	return strings.TrimPrefix(m.String(), "MessageSecurityMode")
}

// policyName is the short name of a policy URI.
func policyName(uri string) string { return strings.TrimPrefix(uri, ua.SecurityPolicyURIPrefix) }
