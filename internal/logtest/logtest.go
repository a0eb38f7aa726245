// Package logtest is the log sink of tests: a buffer that the code under
// test writes from its own goroutines while the test reads it. Several
// packages' tests had a copy of their own (cmd/hmi, hmi, hmi/netsec,
// render/raster/web, tags/opcua, trends). It is imported by tests only.
package logtest

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
)

// Buffer is a bytes.Buffer behind a mutex: safe for concurrent writers
// and readers. The zero value is ready to use.
type Buffer struct {
	mu sync.Mutex // guards b
	b  bytes.Buffer
}

// Write appends p.
func (l *Buffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// WriteString appends s.
func (l *Buffer) WriteString(s string) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.WriteString(s)
}

// String returns everything written so far.
func (l *Buffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Count returns how many times s was written (non-overlapping, as
// strings.Count counts).
func (l *Buffer) Count(s string) int { return strings.Count(l.String(), s) }

// Logger returns a text logger (slog.TextHandler, default options)
// writing into l.
func (l *Buffer) Logger() *slog.Logger { return slog.New(slog.NewTextHandler(l, nil)) }
