// Package fynelocale gives Fyne a locale it can read when the system's is
// the C locale with an encoding ("C.UTF-8", the default of many containers
// and minimal panel images). Import it, blank, from a main package that
// links Fyne:
//
//	import _ "github.com/gohmi/gohmi/cmd/hmi/internal/fynelocale"
//
// Fyne 2.7 reads the locale while its lang package is initialised, before
// main runs, through go-locale, which takes LC_ALL, LC_MESSAGES or LANG and
// turns "C.UTF-8" into the language "C". Fyne cannot parse that and logs
// three lines of "Error parsing user locale C" on every start of every
// command (--help too), and again whenever a window asks for the locale.
// Plain "C" and "POSIX" do not have the problem: go-locale maps them to
// none, and Fyne falls back to English.
//
// In that case this package sets LANGUAGE=en, if LANGUAGE is unset.
// go-locale prefers LANGUAGE to the other variables; the C library only uses
// it to pick message catalogues, and ignores it in the C locale. So Fyne
// speaks English quietly, and nothing else changes: LC_CTYPE, and with it
// the encoding of keyboard input, stay as the user set them.
//
// Why an init function, which this code base otherwise avoids: nothing in
// main runs early enough. Go initialises packages in a fixed order (the
// first package, by import path, whose imports are all initialised):
// this package imports only os, so it is initialised before "log", and so
// before Fyne's lang package, which imports log.
package fynelocale

import "os"

func init() {
	if os.Getenv("LANGUAGE") == "" && IsEncodedC(Locale(os.Getenv)) {
		_ = os.Setenv("LANGUAGE", "en")
	}
}

// Locale returns the locale that gettext (and go-locale) use for messages:
// the first of LC_ALL, LC_MESSAGES and LANG that is set.
func Locale(getenv func(string) string) string {
	for _, name := range [...]string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			return v
		}
	}
	return ""
}

// IsEncodedC tells whether loc is the C or POSIX locale with an encoding or
// a modifier ("C.UTF-8", "C.utf8", "POSIX@euro"): a name go-locale turns
// into a language Fyne cannot parse. Plain "C" and "POSIX" are not.
func IsEncodedC(loc string) bool {
	for _, c := range [...]string{"C", "POSIX"} {
		if len(loc) > len(c) && loc[:len(c)] == c {
			switch loc[len(c)] {
			case '.', '@', '_', '-':
				return true
			}
		}
	}
	return false
}
