package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/hmi/netsec"
	"github.com/gohmi/gohmi/render/raster"
	"github.com/gohmi/gohmi/render/raster/web"
)

// tlsFlags are the site's certificate for the status server and the web
// view off loopback (default: generated into the project's pki/own).
type tlsFlags struct{ cert, key *string }

func addTLSFlags(fs *flag.FlagSet) *tlsFlags {
	return &tlsFlags{
		cert: fs.String("tls-cert", "", "off loopback, --status-addr and --web serve TLS with this certificate (PEM; default: a self-signed one generated into PROJECT/pki/own/https.crt)"),
		key:  fs.String("tls-key", "", "the private key of --tls-cert (PEM)"),
	}
}

// apply puts the flags into the runtime's options, checking they go
// together.
func (f *tlsFlags) apply(o *hmi.Options) error {
	if (*f.cert == "") != (*f.key == "") {
		return errors.New("--tls-cert and --tls-key go together: give both or neither")
	}
	o.TLSCert, o.TLSKey = *f.cert, *f.key
	return nil
}

// newWebView makes the browser view; who may operate it is decided per
// viewer (off loopback: the session user's web-control permission), and
// each viewer's input carries its own login to the runtime (in is
// wrapped by an hmi.InputSource), which it acts for.
func newWebView(in raster.Input, control bool, log *slog.Logger) *web.Server {
	return web.New(web.Options{Input: in, Control: control, Logger: log, Allow: netsec.Allow, Active: netsec.Active, Origin: webOrigin})
}

// webOrigin is the web view's Options.Origin: the viewer's session, or
// nil for a viewer that did not log in (loopback).
func webOrigin(r *http.Request) any {
	if s := netsec.Session(r); s != nil {
		return s
	}
	return nil
}

// serveWeb binds addr for the web view (loopback: plain HTTP; elsewhere
// TLS and the runtime's login, see hmi/netsec) and serves it until the
// returned closer runs.
func serveWeb(addr string, srv *web.Server, rt *hmi.Runtime, control bool, log *slog.Logger) (func(), error) {
	ep, err := netsec.Listen(addr, srv, rt.NetOptions("web view"))
	if err != nil {
		return nil, err
	}
	hs := &http.Server{Handler: ep.Handler, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelDebug)}
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := hs.Serve(ep.Listener); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("web view", "err", err)
		}
	})
	mode := "view only"
	if control {
		mode = "control"
		if ep.Remote {
			mode = "control (users with web-control)"
		}
	}
	log.Info("web view", "url", ep.URL(), "mode", mode)
	return func() {
		srv.Close() // ends the viewers' WebSockets, which Shutdown does not wait for
		sctx, stop := context.WithTimeout(context.Background(), 2*time.Second)
		defer stop()
		hs.Shutdown(sctx)
		wg.Wait()
	}, nil
}

// errWebAddr wraps a --web failure.
func errWebAddr(err error) error { return fmt.Errorf("--web: %w", err) }
