package hmi

import "slices"

// setWatchProblems is the file watcher's Watcher.Problems: the project
// directories it cannot watch show on the banner, after the last reload's
// errors, until they can be watched again. The runtime keeps running the
// last good project meanwhile.
func (r *Runtime) setWatchProblems(msgs []string) {
	r.reloadMu.Lock() // the banner's reload half is Reload's
	defer r.reloadMu.Unlock()
	r.mu.Lock()
	r.watchProblems = slices.Clone(msgs)
	var errs []string
	if r.lastReload != nil {
		errs = r.lastReload.Errors
	}
	r.mu.Unlock()
	r.showBanner(errs)
}

// showBanner shows a reload's errors and the watcher's problems on the
// banner; none hides it. Callers hold reloadMu.
func (r *Runtime) showBanner(reloadErrs []string) {
	r.mu.Lock()
	errs := append(slices.Clip(reloadErrs), r.watchProblems...)
	if r.watchNote != "" {
		errs = append(errs, r.watchNote)
	}
	r.mu.Unlock()
	r.bannerUp.Store(len(errs) > 0)
	r.ui(func() { r.banner.SetErrors(errs) })
}
