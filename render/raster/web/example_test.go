package web_test

import (
	"net/http"

	"github.com/gohmi/gohmi/render/raster/web"
)

// The view is an http.Handler the caller mounts on its own listener, on
// loopback unless TLS and a login stand in front of it, and a
// raster.Output the driver presents every frame to.
func ExampleNew() {
	view := web.New(web.Options{Control: false}) // Input: the raster window, when Control
	defer view.Close()
	mux := http.NewServeMux()
	mux.Handle("/panel/", http.StripPrefix("/panel", view))
	srv := &http.Server{Addr: "127.0.0.1:8088", Handler: mux}
	_ = srv // go srv.ListenAndServe(); the driver calls view.Present after each frame
}
