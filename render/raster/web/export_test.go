package web

// Window is how many batches a viewer may leave unacknowledged, for the
// tests that need the point where only an acknowledgement lets the next
// batch out.
const Window = window
