package fynelocale_test

import (
	"testing"

	"github.com/gohmi/gohmi/cmd/hmi/internal/fynelocale"
)

func TestLocale(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"nothing set", nil, ""},
		{"LANG", map[string]string{"LANG": "C.UTF-8"}, "C.UTF-8"},
		{"LC_MESSAGES before LANG", map[string]string{"LANG": "de_DE.UTF-8", "LC_MESSAGES": "C.UTF-8"}, "C.UTF-8"},
		{"LC_ALL before all", map[string]string{"LANG": "C.UTF-8", "LC_MESSAGES": "C", "LC_ALL": "en_GB.UTF-8"}, "en_GB.UTF-8"},
		{"empty means unset", map[string]string{"LANG": "fr_FR.UTF-8", "LC_ALL": ""}, "fr_FR.UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := fynelocale.Locale(func(k string) string { return tc.env[k] }); got != tc.want {
				t.Errorf("Locale = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestIsEncodedC(t *testing.T) {
	for _, tc := range []struct {
		loc  string
		want bool
	}{
		{"C.UTF-8", true},
		{"C.utf8", true},
		{"C@euro", true},
		{"POSIX.UTF-8", true},
		{"C", false},     // go-locale maps it to English already
		{"POSIX", false}, // same
		{"", false},
		{"en_US.UTF-8", false},
		{"Ca_ES.UTF-8", false},
		{"ca_ES.UTF-8", false},
	} {
		if got := fynelocale.IsEncodedC(tc.loc); got != tc.want {
			t.Errorf("IsEncodedC(%q) = %v, want %v", tc.loc, got, tc.want)
		}
	}
}
