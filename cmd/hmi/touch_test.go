package main

import (
	"flag"
	"strings"
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

// TestRasterFlagsCheck: settings that contradict each other are refused
// before anything opens, naming the flag; the others pass.
func TestRasterFlagsCheck(t *testing.T) {
	for _, tc := range []struct {
		args     []string
		headless bool
		want     string // a part of the error; "" for none
	}{
		{[]string{"--backend", "raster"}, false, ""},
		{[]string{"--backend", "raster", "--touch", "/dev/input/event0", "--touch-rotate", "90", "--touch-axes", "0:4095,0:4095"}, false, ""},
		{[]string{"--backend", "raster", "--fb", "fb.raw", "--fb-geometry", "800x480:RGB565"}, false, ""},
		{[]string{"--backend", "raster", "--web", "127.0.0.1:0", "--web-control"}, false, ""},
		{[]string{"--backend", "vulkan"}, false, `--backend "vulkan": want gl or raster`},
		{[]string{"--backend", "raster", "--fb-geometry", "800x480:RGB565"}, false, "--fb-geometry needs --fb FILE"},
		{[]string{"--backend", "raster", "--web-control"}, false, "--web-control needs --web ADDR"},
		{[]string{"--backend", "raster", "--fb", "fb.raw"}, true, "--headless shows nothing"},
		{[]string{"--backend", "raster", "--touch-axes", "0:4095,0:4095"}, false, "--touch-axes needs --touch DEVICE"},
		{[]string{"--backend", "raster", "--touch-rotate", "90"}, false, "--touch-rotate needs --touch DEVICE"},
		{[]string{"--backend", "raster", "--touch-calibration", "1 0 0 0 1 0"}, false, "--touch-calibration needs --touch DEVICE"},
		{[]string{"--backend", "raster", "--touch-swap-xy"}, false, "--touch-swap-xy needs --touch DEVICE"},
		{[]string{"--backend", "raster", "--touch-invert-x"}, false, "--touch-invert-x needs --touch DEVICE"},
		{[]string{"--backend", "raster", "--touch-invert-y"}, false, "--touch-invert-y needs --touch DEVICE"},
	} {
		fs := flag.NewFlagSet("run", flag.ContinueOnError)
		f := addRasterFlags(fs)
		if err := fs.Parse(tc.args); err != nil {
			t.Fatalf("%q: %v", tc.args, err)
		}
		err := f.check(tc.headless)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%q: %v, want no error", tc.args, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%q: %v, want %q", tc.args, err, tc.want)
		}
	}
}
