package hmi

// SetPermissions runs the permission pass over the screen on show, as a
// login, a logout or a reload does (UI goroutine): for benchmarks.
func (r *Runtime) SetPermissions() { r.setPermissions(r.Scene(r.Current())) }
