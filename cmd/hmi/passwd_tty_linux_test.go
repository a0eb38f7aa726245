package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestPasswdNoEcho reads a secret from a real terminal (a pseudo-terminal
// pair): hmi passwd turns echo off while it reads, so what is typed never
// comes back to the screen, and restores the terminal after.
func TestPasswdNoEcho(t *testing.T) {
	master, tty := openPTY(t)
	before, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	if before.Lflag&unix.ECHO == 0 {
		t.Fatal("a new terminal does not echo")
	}
	var prompts bytes.Buffer
	read := secretReader(tty, &prompts)
	type result struct {
		s   string
		err error
	}
	got := make(chan result, 1)
	go func() {
		s, err := read("Password: ")
		got <- result{s, err}
	}()
	// Type only once echo is off, as a person would after the prompt.
	deadline := time.Now().Add(10 * time.Second)
	for {
		tio, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
		if err != nil {
			t.Fatal(err)
		}
		if tio.Lflag&unix.ECHO == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("echo never turned off")
		}
		time.Sleep(time.Millisecond)
	}
	if _, err := master.Write([]byte("correct horse\n")); err != nil {
		t.Fatal(err)
	}
	r := <-got
	if r.err != nil || r.s != "correct horse" {
		t.Fatalf("read %q, %v", r.s, r.err)
	}
	if prompts.String() != "Password: \n" {
		t.Errorf("prompt %q", prompts.String())
	}
	// Whatever the terminal shows: never the secret.
	if err := master.SetReadDeadline(time.Now().Add(200 * time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	var screen bytes.Buffer
	buf := make([]byte, 256)
	for {
		n, err := master.Read(buf)
		screen.Write(buf[:n])
		if err != nil {
			break
		}
	}
	if strings.Contains(screen.String(), "horse") {
		t.Errorf("the secret was echoed: %q", screen.String())
	}
	after, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if err != nil || after.Lflag&unix.ECHO == 0 {
		t.Errorf("echo not restored: %v", err)
	}
}

// openPTY opens a pseudo-terminal pair: the master (what a terminal
// emulator holds) and the terminal a program reads.
func openPTY(t *testing.T) (master, tty *os.File) {
	t.Helper()
	// Non-blocking, so that os.NewFile makes it pollable: reads then
	// honour a deadline.
	fd, err := unix.Open("/dev/ptmx", unix.O_RDWR|unix.O_NOCTTY|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	master = os.NewFile(uintptr(fd), "/dev/ptmx") // no Fd() after this: it would make the file blocking
	t.Cleanup(func() { master.Close() })
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	tty, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	t.Cleanup(func() { tty.Close() })
	return master, tty
}
