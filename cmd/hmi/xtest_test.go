package main

import (
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"strings"
	"time"
)

// xClick moves the pointer of an X server to (x, y) and clicks the left
// button, as an operator's tap, through the XTEST extension. It speaks the
// X11 wire protocol itself (a dozen requests' worth), so the tests need no
// xdotool and the product no test hook. Xvfb started without -auth accepts
// local clients without authorisation.
func xClick(display string, x, y int) error {
	num := strings.TrimPrefix(display, ":")
	if i := strings.IndexByte(num, '.'); i >= 0 {
		num = num[:i]
	}
	c, err := net.DialTimeout("unix", "/tmp/.X11-unix/X"+num, 5*time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	if err := xSetup(c); err != nil {
		return err
	}
	op, err := xExtension(c, "XTEST")
	if err != nil {
		return err
	}
	for _, ev := range []struct {
		typ, detail byte
	}{{6, 0}, {4, 1}, {5, 1}} { // MotionNotify (absolute), ButtonPress 1, ButtonRelease 1
		if _, err := c.Write(xFakeInput(op, ev.typ, ev.detail, x, y)); err != nil {
			return err
		}
	}
	// GetInputFocus has a reply: once it comes, the server has handled the
	// fake input before it.
	if _, err := c.Write([]byte{43, 0, 1, 0}); err != nil {
		return err
	}
	_, err = xReply(c)
	return err
}

// xSetup sends the connection setup (little-endian, protocol 11.0, no
// authorisation) and skips the server's answer.
func xSetup(c net.Conn) error {
	if _, err := c.Write([]byte{'l', 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0}); err != nil {
		return err
	}
	var head [8]byte
	if _, err := io.ReadFull(c, head[:]); err != nil {
		return err
	}
	rest := make([]byte, 4*int(binary.LittleEndian.Uint16(head[6:])))
	if _, err := io.ReadFull(c, rest); err != nil {
		return err
	}
	if head[0] != 1 {
		return fmt.Errorf("X server refused the connection: %q", rest)
	}
	return nil
}

// xExtension returns the major opcode of an extension (QueryExtension).
func xExtension(c net.Conn, name string) (byte, error) {
	pad := (4 - len(name)%4) % 4
	req := make([]byte, 8+len(name)+pad)
	req[0] = 98
	binary.LittleEndian.PutUint16(req[2:], uint16(len(req)/4))
	binary.LittleEndian.PutUint16(req[4:], uint16(len(name)))
	copy(req[8:], name)
	if _, err := c.Write(req); err != nil {
		return 0, err
	}
	rep, err := xReply(c)
	if err != nil {
		return 0, err
	}
	if rep[8] == 0 {
		return 0, fmt.Errorf("X server has no %s extension", name)
	}
	return rep[9], nil
}

// xFakeInput is an XTEST FakeInput request (minor opcode 2) on the root
// window of the pointer's screen at the current time.
func xFakeInput(op, typ, detail byte, x, y int) []byte {
	req := make([]byte, 36)
	req[0], req[1] = op, 2
	binary.LittleEndian.PutUint16(req[2:], 9)
	req[4], req[5] = typ, detail
	binary.LittleEndian.PutUint16(req[24:], uint16(int16(x)))
	binary.LittleEndian.PutUint16(req[26:], uint16(int16(y)))
	return req
}

// xReply reads one 32-byte reply (and its extra data), skipping events.
func xReply(c net.Conn) ([]byte, error) {
	for {
		var rep [32]byte
		if _, err := io.ReadFull(c, rep[:]); err != nil {
			return nil, err
		}
		switch rep[0] {
		case 0:
			return nil, fmt.Errorf("X error %d (request %d)", rep[1], rep[10])
		case 1:
			extra := make([]byte, 4*int(binary.LittleEndian.Uint32(rep[4:])))
			if _, err := io.ReadFull(c, extra); err != nil {
				return nil, err
			}
			return append(rep[:], extra...), nil
		}
		// an event: not ours, keep reading
	}
}
