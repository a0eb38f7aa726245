package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"
)

// xtest is a minimal X11 client that clicks through the XTEST extension,
// as a finger on the panel would: enough for benchmarks to navigate a real
// window under Xvfb without xdotool and without a back door in the product.
// Xvfb is started without authentication (-nolisten tcp, a local socket).
type xtest struct {
	c      net.Conn
	opcode byte // XTEST's major opcode
}

// dialXTest connects to display (":N") and looks XTEST up.
func dialXTest(display string) (*xtest, error) {
	c, err := net.DialTimeout("unix", "/tmp/.X11-unix/X"+strings.TrimPrefix(display, ":"), 5*time.Second)
	if err != nil {
		return nil, err
	}
	x := &xtest{c: c}
	if err := x.setup(); err != nil {
		c.Close()
		return nil, err
	}
	return x, nil
}

// setup sends the connection setup (little-endian, protocol 11.0, no
// authorisation) and skips the server's description.
func (x *xtest) setup() error {
	_ = x.c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := x.c.Write([]byte{'l', 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0}); err != nil {
		return err
	}
	head := make([]byte, 8)
	if _, err := io.ReadFull(x.c, head); err != nil {
		return err
	}
	rest := make([]byte, 4*int(binary.LittleEndian.Uint16(head[6:])))
	if _, err := io.ReadFull(x.c, rest); err != nil {
		return err
	}
	if head[0] != 1 {
		return fmt.Errorf("X server refused the connection: %q", rest)
	}
	return x.queryExtension()
}

// queryExtension finds XTEST's major opcode (QueryExtension, opcode 98).
func (x *xtest) queryExtension() error {
	name := "XTEST"
	req := make([]byte, 8+(len(name)+3)/4*4)
	req[0] = 98
	binary.LittleEndian.PutUint16(req[2:], uint16(len(req)/4))
	binary.LittleEndian.PutUint16(req[4:], uint16(len(name)))
	copy(req[8:], name)
	if _, err := x.c.Write(req); err != nil {
		return err
	}
	reply := make([]byte, 32)
	if _, err := io.ReadFull(x.c, reply); err != nil {
		return err
	}
	if reply[0] != 1 || reply[8] == 0 {
		return errors.New("the X server has no XTEST extension")
	}
	x.opcode = reply[9]
	return nil
}

// fake sends XTestFakeInput: an event of type typ (2 key press, 4 button
// press, 5 button release, 6 motion) with detail, at x, y for a motion.
func (x *xtest) fake(typ, detail byte, px, py int) error {
	req := make([]byte, 36)
	req[0], req[1] = x.opcode, 2
	binary.LittleEndian.PutUint16(req[2:], 9)
	req[4], req[5] = typ, detail
	// time 0 (now), root 0 (the pointer's screen), then root x, y.
	binary.LittleEndian.PutUint16(req[24:], uint16(int16(px)))
	binary.LittleEndian.PutUint16(req[26:], uint16(int16(py)))
	_, err := x.c.Write(req)
	return err
}

// click moves the pointer to px, py and clicks the left button.
func (x *xtest) click(px, py int) error {
	_ = x.c.SetDeadline(time.Now().Add(5 * time.Second))
	for _, e := range [][2]byte{{6, 0}, {4, 1}, {5, 1}} {
		if err := x.fake(e[0], e[1], px, py); err != nil {
			return err
		}
		time.Sleep(30 * time.Millisecond) // a finger, not a machine gun: Fyne sees each event
	}
	return nil
}

func (x *xtest) Close() error { return x.c.Close() }

// xClick taps (x, y) on display once, as an operator's finger would, on a
// connection of its own.
func xClick(display string, x, y int) error {
	if i := strings.IndexByte(display, '.'); i >= 0 {
		display = display[:i]
	}
	xt, err := dialXTest(display)
	if err != nil {
		return err
	}
	defer xt.Close()
	return xt.click(x, y)
}
