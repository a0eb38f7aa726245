package hmi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"net"
	"net/http"
	"time"

	"github.com/gohmi/gohmi/render"
)

// Status is what /status serves.
type Status struct {
	Project    string       `json:"project"`
	Dir        string       `json:"dir"`
	Screen     string       `json:"screen"`
	Screens    int          `json:"screens"`
	Tags       int          `json:"tags"`
	UptimeS    float64      `json:"uptime_s"`
	Updates    int64        `json:"tag_updates"`
	UIBatches  int64        `json:"ui_batches"`
	Reloads    int          `json:"reloads"`
	LastReload *ReloadEvent `json:"last_reload,omitempty"`
}

// StatusAddr returns the address the status server listens on (useful
// with port 0), or "" before Run has bound it.
func (r *Runtime) StatusAddr() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.boundAddr
}

// Status returns the runtime's current status.
func (r *Runtime) Status() Status {
	st := r.binder.Stats()
	p := r.project()
	r.mu.Lock()
	reloads, last := r.reloads, r.lastReload
	r.mu.Unlock()
	return Status{
		Project: p.Name, Dir: p.Dir, Screen: r.Current(),
		Screens: len(p.Screens), Tags: len(p.Tags),
		UptimeS: r.now().Sub(r.start).Seconds(),
		Updates: st.Updates, UIBatches: st.Batches,
		Reloads: reloads, LastReload: last,
	}
}

// listenStatus binds the status address now (so a bad address fails Run at
// once) and returns the function that serves it until ctx is done.
func (r *Runtime) listenStatus() (func(context.Context) error, error) {
	ln, err := net.Listen("tcp", r.addr)
	if err != nil {
		return nil, fmt.Errorf("status server: %w", err)
	}
	r.mu.Lock()
	r.boundAddr = ln.Addr().String()
	r.mu.Unlock()
	r.log.Info("status server", "addr", ln.Addr().String())
	mux := http.NewServeMux()
	mux.HandleFunc("GET /status", r.serveStatus)
	mux.HandleFunc("GET /snapshot.png", r.serveSnapshot)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	return func(ctx context.Context) error {
		done := make(chan struct{})
		go func() {
			defer close(done)
			<-ctx.Done()
			sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			_ = srv.Shutdown(sctx)
		}()
		err := srv.Serve(ln)
		<-done
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	}, nil
}

func (r *Runtime) serveStatus(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(r.Status())
}

// serveSnapshot paints the window as it is now. With a GL window under
// Xvfb and Mesa the capture is empty (Fyne reads the front buffer there);
// headless runtimes and real GPUs give the real picture.
func (r *Runtime) serveSnapshot(w http.ResponseWriter, _ *http.Request) {
	var buf []byte
	var err error
	r.ui(func() {
		render.Relayout(r.win.Content())
		pic := r.win.Canvas().Capture()
		buf, err = encodePNG(pic)
	})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	_, _ = w.Write(buf)
}

func encodePNG(img image.Image) ([]byte, error) {
	var b bytes.Buffer
	err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&b, img)
	return b.Bytes(), err
}
