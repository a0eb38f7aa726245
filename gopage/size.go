package gopage

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// The design size of a screen that does not set `size`.
const (
	DefaultWidth  = 1280
	DefaultHeight = 800
)

// MaxSide and MaxPixels bound a size: a screen's design size, which is also
// the default size of a snapshot, and `hmi snapshot --size`. A picture is
// 4 bytes a pixel, so 100000x100000 asked for 40 GB; the largest panels
// are 8K (7680x4320), and MaxPixels (8192x4320) is 142 MB of RGBA.
const (
	MaxSide   = 8192
	MaxPixels = 8192 * 4320
)

// Size is a screen's design size in pixels, written "1280x800".
type Size struct{ W, H int }

// String returns "WxH".
func (s Size) String() string { return strconv.Itoa(s.W) + "x" + strconv.Itoa(s.H) }

// ParseSize parses "WxH" with both sides between 1 and [MaxSide] and at
// most [MaxPixels] in all.
func ParseSize(s string) (Size, error) {
	w, h, ok := strings.Cut(s, "x")
	if !ok {
		return Size{}, errors.New(`bad size "` + s + `" (want WIDTHxHEIGHT, e.g. 1280x800)`)
	}
	W, errW := parseSide(w)
	H, errH := parseSide(h)
	if errW != nil || errH != nil {
		return Size{}, fmt.Errorf("bad size %q (want WIDTHxHEIGHT, each 1..%d)", s, MaxSide)
	}
	if W*H > MaxPixels {
		return Size{}, fmt.Errorf("size %s too large: %d pixels (limit %d, e.g. 8192x4320)", s, W*H, MaxPixels)
	}
	return Size{W, H}, nil
}

func parseSide(s string) (int, error) {
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, strconv.ErrSyntax
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > MaxSide {
		return 0, strconv.ErrRange
	}
	return n, nil
}
