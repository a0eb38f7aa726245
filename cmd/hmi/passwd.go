package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/term"

	"github.com/gohmi/gohmi/hmi/auth"
)

// minPassword is the shortest password hmi passwd hashes (NIST SP 800-63B's
// minimum for a chosen password).
const minPassword = 8

// passwdCmd is `hmi passwd [--pin]`: it reads a password (or a PIN) twice,
// from the terminal without echo (or lines of stdin when it is not a
// terminal), and prints the users.yaml line holding its Argon2id hash.
func passwdCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("passwd", flag.ContinueOnError)
	fs.SetOutput(stderr)
	pin := fs.Bool("pin", false, "hash a PIN (digits only, at least 4) for the numeric keypad")
	if err := parseFlags(fs, args); err != nil {
		return 2
	}
	if fs.NArg() != 0 {
		fmt.Fprintln(stderr, "usage: hmi passwd [--pin]")
		return 2
	}
	what, key := "Password", "password"
	if *pin {
		what, key = "PIN", "pin"
	}
	read := secretReader(stdin, stderr)
	first, err := read(what + ": ")
	if err == nil {
		err = checkSecret(first, *pin)
	}
	var again string
	if err == nil {
		again, err = read("Again: ")
	}
	if err == nil && again != first {
		err = errors.New("the two entries differ")
	}
	if err != nil {
		fmt.Fprintf(stderr, "hmi passwd: %v\n", err)
		return 1
	}
	line, err := auth.NewHash(first)
	if err != nil {
		fmt.Fprintf(stderr, "hmi passwd: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s: %q\n", key, line)
	return 0
}

// secretReader returns a function that prompts on stderr and reads one
// secret: from the terminal without echo when stdin is one, else one line.
func secretReader(stdin io.Reader, stderr io.Writer) func(prompt string) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return func(prompt string) (string, error) {
			fmt.Fprint(stderr, prompt)
			b, err := term.ReadPassword(int(f.Fd()))
			fmt.Fprintln(stderr)
			return string(b), err
		}
	}
	r := bufio.NewReaderSize(io.LimitReader(stdin, 64<<10), 4096)
	return func(string) (string, error) {
		line, err := r.ReadString('\n')
		if err != nil && (!errors.Is(err, io.EOF) || line == "") {
			return "", errors.New("no secret on standard input")
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
}

// checkSecret refuses a secret too weak to hash.
func checkSecret(s string, pin bool) error {
	if pin {
		return auth.CheckPIN(s)
	}
	if n := utf8.RuneCountInString(s); n < minPassword {
		return fmt.Errorf("a password has at least %d characters (this one has %d)", minPassword, n)
	}
	if len(s) > 1024 {
		return errors.New("a password has at most 1024 bytes")
	}
	return nil
}
