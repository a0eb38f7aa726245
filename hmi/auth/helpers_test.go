package auth_test

import (
	"os"
	"strings"
)

func writeFile(name, src string) error { return os.WriteFile(name, []byte(src), 0o600) }

func replaceOnce(s, old, new string) string {
	if !strings.Contains(s, old) {
		panic("replaceOnce: " + old + " not found")
	}
	return strings.Replace(s, old, new, 1)
}
