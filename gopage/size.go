package gopage

import (
	"errors"
	"strconv"
	"strings"
)

// The design size of a screen that does not set `size`.
const (
	DefaultWidth  = 1280
	DefaultHeight = 800
)

// maxSide bounds a design size; larger values are typos, not screens.
const maxSide = 100000

// Size is a screen's design size in pixels, written "1280x800".
type Size struct{ W, H int }

// String returns "WxH".
func (s Size) String() string { return strconv.Itoa(s.W) + "x" + strconv.Itoa(s.H) }

// ParseSize parses "WxH" with both sides between 1 and 100000.
func ParseSize(s string) (Size, error) {
	w, h, ok := strings.Cut(s, "x")
	if !ok {
		return Size{}, errors.New(`bad size "` + s + `" (want WIDTHxHEIGHT, e.g. 1280x800)`)
	}
	W, errW := parseSide(w)
	H, errH := parseSide(h)
	if errW != nil || errH != nil {
		return Size{}, errors.New(`bad size "` + s + `" (want WIDTHxHEIGHT, each 1..100000)`)
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
	if err != nil || n < 1 || n > maxSide {
		return 0, strconv.ErrRange
	}
	return n, nil
}
