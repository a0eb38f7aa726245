package main

import (
	"bytes"
	"image"
	"image/png"
	"io"
	"sync"
)

func pngEncode(w io.Writer, img image.Image) error { return png.Encode(w, img) }

// safeBuffer is a bytes.Buffer for one writer goroutine and a reading test.
type safeBuffer struct {
	mu sync.Mutex // guards b
	b  bytes.Buffer
}

func (s *safeBuffer) WriteString(x string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b.WriteString(x)
}

func (s *safeBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func (s *safeBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
