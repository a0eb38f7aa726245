// Package opcuapeer starts and stops the node-opcua test server
// (server.js in this directory) for gohmi's OPC UA tests: on 127.0.0.1, on
// a free port, waiting for its READY line.
//
// When node or node_modules is missing, tests are skipped, or fail when the
// environment variable CI is set (run scripts/deps.sh to install them).
package opcuapeer

import (
	"bytes"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Options select what the server offers.
type Options struct {
	// Bench adds Bench0…Bench<N-1> (ns=1;s=Bench<i>), Doubles that change every 100 ms.
	Bench int
	// User and Password enable a user name login (anonymous stays allowed).
	User, Password string
	// PKI names the server's PKI folder under pki/, so packages that test
	// at the same time do not share one. Default "default".
	PKI string
	// CertFile and KeyFile (PEM) replace the certificate the server creates
	// in its PKI folder; ApplicationURI replaces node-opcua's default
	// application URI (urn:<host>:NodeOPCUA-Server). Trust tests set them.
	CertFile, KeyFile, ApplicationURI string
}

// Peer is a running (or stopped) server.
type Peer struct {
	Port     int
	Endpoint string // opc.tcp://127.0.0.1:PORT
	opts     Options

	mu   sync.Mutex
	cmd  *exec.Cmd
	out  *watcher
	done chan struct{} // closed when cmd has been waited for
}

// Start starts a server on a free port and stops it when t ends. It skips t
// (fails it when CI is set) if node or node_modules is missing.
func Start(t testing.TB, opts Options) *Peer {
	t.Helper()
	p, err := Launch(opts)
	if errors.Is(err, ErrMissing) && os.Getenv("CI") == "" {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Stop)
	return p
}

// ErrMissing is returned when node or the peer's node_modules is missing.
var ErrMissing = errors.New("opcuapeer: node or testpeers/opcua/node_modules missing (run scripts/deps.sh)")

// Dir is this directory, where server.js is.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(file)
}

// Launch starts a server on a free port; the caller must Stop it.
func Launch(opts Options) (*Peer, error) {
	if _, err := exec.LookPath("node"); err != nil {
		return nil, ErrMissing
	}
	if _, err := os.Stat(filepath.Join(Dir(), "node_modules", "node-opcua")); err != nil {
		return nil, ErrMissing
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	p := &Peer{Port: port, Endpoint: "opc.tcp://127.0.0.1:" + strconv.Itoa(port), opts: opts}
	return p, p.Restart()
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Restart starts the server again on the same port after Stop or Kill.
// The first start creates the PKI folder and a certificate; it may take
// ten seconds or more.
func (p *Peer) Restart() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd != nil {
		return errors.New("opcuapeer: already running")
	}
	pki := p.opts.PKI
	if pki == "" {
		pki = "default"
	}
	args := []string{"server.js", "--port", strconv.Itoa(p.Port), "--pki", filepath.Join(Dir(), "pki", pki)}
	if p.opts.Bench > 0 {
		args = append(args, "--bench", strconv.Itoa(p.opts.Bench))
	}
	if p.opts.User != "" {
		args = append(args, "--user", p.opts.User, "--password", p.opts.Password)
	}
	if p.opts.CertFile != "" {
		args = append(args, "--cert", p.opts.CertFile, "--key", p.opts.KeyFile)
	}
	if p.opts.ApplicationURI != "" {
		args = append(args, "--uri", p.opts.ApplicationURI)
	}
	cmd := exec.Command("node", args...)
	cmd.Dir = Dir()
	w := &watcher{ready: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = w, w
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("opcuapeer: %w", err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	select {
	case <-w.ready:
		p.cmd, p.out, p.done = cmd, w, done
		return nil
	case <-done:
		return fmt.Errorf("opcuapeer: server exited before READY:\n%s", w.String())
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		return fmt.Errorf("opcuapeer: no READY within 60s:\n%s", w.String())
	}
}

// UseCertificate makes the server present another certificate (PEM files)
// from its next Restart on.
func (p *Peer) UseCertificate(certFile, keyFile string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.opts.CertFile, p.opts.KeyFile = certFile, keyFile
}

// Certificate returns the certificate (DER) the server presents: the one
// Options or UseCertificate gave, else the one node-opcua created in its
// PKI folder.
func (p *Peer) Certificate() ([]byte, error) {
	p.mu.Lock()
	file := p.opts.CertFile
	if file == "" {
		pki := p.opts.PKI
		if pki == "" {
			pki = "default"
		}
		file = filepath.Join(Dir(), "pki", pki, "own", "certs", "certificate.pem")
	}
	p.mu.Unlock()
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("opcuapeer: %w", err)
	}
	block, _ := pem.Decode(b)
	if block == nil {
		return b, nil
	}
	return block.Bytes, nil
}

// Stop sends SIGTERM, waits up to five seconds, then kills. It is a no-op
// when the server is not running.
func (p *Peer) Stop() { p.signal(syscall.SIGTERM, 5*time.Second) }

// Kill kills the server at once, as a crash or power loss would.
func (p *Peer) Kill() { p.signal(syscall.SIGKILL, 0) }

func (p *Peer) signal(sig syscall.Signal, grace time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd == nil {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGCONT) // in case it was paused
	_ = p.cmd.Process.Signal(sig)
	select {
	case <-p.done:
	case <-time.After(grace):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
	p.cmd = nil
}

// Pause stops the process (SIGSTOP): the connection stays open but the
// server answers nothing, like a hung device. Resume continues it.
func (p *Peer) Pause() { p.send(syscall.SIGSTOP) }

// Resume continues a paused server.
func (p *Peer) Resume() { p.send(syscall.SIGCONT) }

func (p *Peer) send(sig syscall.Signal) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd != nil {
		_ = p.cmd.Process.Signal(sig)
	}
}

// Output returns what the server printed, for failure messages.
func (p *Peer) Output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.out == nil {
		return ""
	}
	return p.out.String()
}

// watcher collects the server's output (the last 64 KiB) and closes ready
// at the READY line.
type watcher struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	ready chan struct{}
	seen  bool
}

func (w *watcher) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(b)
	if !w.seen && strings.Contains(w.buf.String(), "READY") {
		w.seen = true
		close(w.ready)
	}
	if w.buf.Len() > 64<<10 {
		w.buf.Next(w.buf.Len() - 32<<10)
	}
	return len(b), nil
}

func (w *watcher) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}
