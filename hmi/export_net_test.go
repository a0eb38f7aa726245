package hmi

// SetNetRemote makes r's status server treat a loopback address as any
// other (TLS and login): tests bind 127.0.0.1 whatever the machine has.
func SetNetRemote(r *Runtime) { r.netRemote = true }
