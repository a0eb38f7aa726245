package main

import (
	"testing"

	"github.com/gohmi/gohmi/render/raster/evdev"
)

func TestParseTouchAxes(t *testing.T) {
	for _, tc := range []struct {
		in   string
		x, y evdev.Axis
		err  string
	}{
		{in: "0:4095,0:4095", x: evdev.Axis{Min: 0, Max: 4095}, y: evdev.Axis{Min: 0, Max: 4095}},
		{in: "0:1279, 0:799", x: evdev.Axis{Min: 0, Max: 1279}, y: evdev.Axis{Min: 0, Max: 799}},
		{in: "-100:100,20:300", x: evdev.Axis{Min: -100, Max: 100}, y: evdev.Axis{Min: 20, Max: 300}},
		{in: "0:4095", err: `"0:4095": want XMIN:XMAX,YMIN:YMAX, e.g. 0:4095,0:4095`},
		{in: "0:4095,0:4095,1", err: `"0:4095,0:4095,1": want XMIN:XMAX,YMIN:YMAX, e.g. 0:4095,0:4095`},
		{in: "a:b,c:d", err: `"a:b,c:d": want XMIN:XMAX,YMIN:YMAX, e.g. 0:4095,0:4095`},
		{in: "99999999999:1,0:1", err: `"99999999999:1,0:1": want XMIN:XMAX,YMIN:YMAX, e.g. 0:4095,0:4095`},
		{in: "10:10,0:799", err: `"10:10,0:799": each axis's maximum must be above its minimum`},
		{in: "0:799,800:0", err: `"0:799,800:0": each axis's maximum must be above its minimum`},
	} {
		t.Run(tc.in, func(t *testing.T) {
			x, y, err := parseTouchAxes(tc.in)
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("error %v, want %s", err, tc.err)
				}
				return
			}
			if err != nil || x != tc.x || y != tc.y {
				t.Fatalf("%v %v %v, want %v %v", x, y, err, tc.x, tc.y)
			}
		})
	}
}
