package hmi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image"
	"image/png"
	"log/slog"
	"net/http"
	"path/filepath"
	"time"
)

// Status is what /status serves. It names the project by its name (or its
// directory's base name), never by its path on the panel.
type Status struct {
	Project    string       `json:"project"`
	Screen     string       `json:"screen"`
	Screens    int          `json:"screens"`
	Tags       int          `json:"tags"`
	UptimeS    float64      `json:"uptime_s"`
	Updates    int64        `json:"tag_updates"`
	UIBatches  int64        `json:"ui_batches"`
	Reloads    int          `json:"reloads"`
	LastReload *ReloadEvent `json:"last_reload,omitempty"`
	// Watch says why edited files are polled for rather than watched
	// with inotify; empty when they are not.
	Watch string `json:"watch,omitempty"`
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
	reloads, last, note := r.reloads, r.lastReload, r.watchNote
	r.mu.Unlock()
	name := p.Name
	if name == "" {
		name = filepath.Base(p.Dir)
	}
	return Status{
		Project: name, Screen: r.Current(),
		Screens: len(p.Screens), Tags: len(p.Tags),
		UptimeS: r.now().Sub(r.start).Seconds(),
		Updates: st.Updates, UIBatches: st.Batches,
		Reloads: reloads, LastReload: last, Watch: note,
	}
}

// listenStatus binds the status address now (so a bad address fails Run at
// once) and returns the function that serves it until ctx is done.
func (r *Runtime) listenStatus() (func(context.Context) error, error) {
	ep, err := r.statusEndpoint()
	if err != nil {
		return nil, err
	}
	ln := ep.Listener
	r.mu.Lock()
	r.boundAddr = ln.Addr().String()
	r.mu.Unlock()
	r.log.Info("status server", "addr", ln.Addr().String(), "url", ep.URL())
	srv := &http.Server{Handler: ep.Handler, ReadHeaderTimeout: 5 * time.Second, ErrorLog: slog.NewLogLogger(r.log.Handler(), slog.LevelDebug)}
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

// StatusHandler serves /status, /tags, /alarms, /history and /snapshot.png, all read-only and
// GET only. Run serves it on Options.StatusAddr; tests and tools may mount it
// elsewhere.
func (r *Runtime) StatusHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /status", r.serveStatus)
	mux.HandleFunc("GET /tags", r.serveTags)
	mux.HandleFunc("GET /alarms", r.serveAlarms)
	mux.HandleFunc("GET /history", r.serveHistory)
	mux.Handle("GET /snapshot.png", &snapshotServer{r: r})
	return mux
}

func (r *Runtime) serveStatus(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, r.Status())
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func encodePNG(img image.Image) ([]byte, error) {
	var b bytes.Buffer
	err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&b, img)
	return b.Bytes(), err
}
