package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/hmi/netsec"
)

func runCmd(args []string, stderr io.Writer) (code int) {
	defer crashed(stderr, &code)
	ctx, release := stopSignals(context.Background())
	defer release()
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	headless := fs.Bool("headless", false, "run without a window (servers, tests)")
	statusAddr := fs.String("status-addr", "", "serve /status and /snapshot.png on this address, e.g. 127.0.0.1:8080")
	dataDir := fs.String("data", "", "data directory: the alarm journal and other runtime state (default PROJECT/data)")
	users := fs.String("users", "", "users file (default: the project's users.yaml, if any); may lie outside the project")
	watch := fs.String("watch", "notify", "reload edited files: notify (inotify), poll (network shares, some container volumes) or off (production panels)")
	rf := addRasterFlags(fs)
	kf := addKioskFlags(fs)
	fs.Usage = runUsage(fs, stderr)
	tf := addTLSFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return 2
	}
	if err := kf.check(*headless, *rf.backend); err != nil {
		fmt.Fprintf(stderr, "hmi run: %v\n", err)
		return 2
	}
	if err := rf.check(*headless); err != nil {
		fmt.Fprintf(stderr, "hmi run: %v\n", err)
		return 2
	}
	mode, err := hmi.ParseWatchMode(*watch)
	if err != nil {
		fmt.Fprintf(stderr, "hmi run: --watch: %v\n", err)
		return 2
	}
	dir := "screens/demo"
	if fs.NArg() > 0 {
		dir = fs.Arg(0)
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	log.Info("starting", "project", dir)
	p, err := hmi.LoadWith(dir, kinds(), hmi.LoadOptions{Users: *users})
	if err != nil {
		// Run what can run: a partial project still shows its good screens.
		printErrors(stderr, err)
		if p.Screen(p.Start) == nil {
			return 1
		}
	}
	for _, w := range p.Warnings {
		log.Warn("check", "warning", w.Error())
	}
	if ctx.Err() != nil { // stopped while loading: nothing to open
		return 0
	}
	opts := hmi.Options{Logger: log, StatusAddr: *statusAddr, Watch: mode, DataDir: *dataDir}
	if err := tf.apply(&opts); err != nil {
		fmt.Fprintf(stderr, "hmi run: %v\n", err)
		return 2
	}
	if *statusAddr != "" { // a start error (exit 1), before anything opens
		if err := netsec.CheckUsers("status server", *statusAddr, p.Users() != nil); err != nil {
			fmt.Fprintf(stderr, "hmi run: %v\n", err)
			return exitStart
		}
	}
	switch {
	case *headless:
		err = runHeadless(ctx, p, opts)
	case *rf.backend == "raster":
		err = runRaster(ctx, p, opts, rf, kf)
	default:
		err = runWindow(ctx, p, opts, kf)
	}
	if err != nil {
		fmt.Fprintf(stderr, "hmi run: %v\n", err)
	}
	return exitCode(err)
}

func runHeadless(ctx context.Context, p *hmi.Project, opts hmi.Options) error {
	hmi.NewHeadlessApp()
	win := hmi.NewHeadlessWindow(designSize(p))
	rt, err := hmi.NewRuntime(p, win, opts)
	if err != nil {
		return err
	}
	return runFailed(rt.Run(ctx))
}

func designSize(p *hmi.Project) fyne.Size {
	size := gopage.Size{W: 1280, H: 800}
	if s := p.Screen(p.Start); s != nil && s.Page.Size.W > 0 {
		size = s.Page.Size
	}
	return fyne.NewSize(float32(size.W), float32(size.H))
}
