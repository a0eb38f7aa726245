package web

import "image"

// Window is how many batches a viewer may leave unacknowledged, for the
// tests that need the point where only an acknowledgement lets the next
// batch out.
const Window = window

// FrameOf is the frame the server sends from: its own copy, or the one it
// was presented when it shares the driver's (PaintLock).
func FrameOf(s *Server) *image.RGBA {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.frame
}
