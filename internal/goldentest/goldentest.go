// Package goldentest holds what the golden-image tests of several packages
// share (cmd/hmi, hmi, render/symbol, render/raster/paint): writing a PNG
// for -update or into testdata/failed/ on a mismatch. It is imported by
// tests only.
package goldentest

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// WritePNG writes img to file as a PNG, making file's directory first
// (testdata/failed/ does not exist until a test fails); any error fails t.
func WritePNG(t testing.TB, file string, img image.Image) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatalf("encode %s: %v", file, err)
	}
	if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
