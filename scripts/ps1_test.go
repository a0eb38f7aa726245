package scripts

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestPowerShellScriptsParse parses scripts/windows/*.ps1 with tree-sitter's
// PowerShell grammar (testpeers/ps1parse, installed by `scripts/deps.sh
// test`): no PowerShell runs on the Linux machines that test gohmi. It
// catches what breaks a script as a whole (unbalanced brackets, a broken
// here-string), not everything PowerShell's own parser would refuse, and
// runs nothing.
func TestPowerShellScriptsParse(t *testing.T) {
	peer := filepath.Join("..", "testpeers", "ps1parse")
	if _, err := os.Stat(filepath.Join(peer, "node_modules", "web-tree-sitter")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("testpeers/ps1parse is not installed: scripts/deps.sh test installs it")
		}
		t.Skip("testpeers/ps1parse is not installed (scripts/deps.sh test installs it)")
	}
	files, err := filepath.Glob(filepath.Join("windows", "*.ps1"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts/windows/*.ps1 (%v)", err)
	}
	for _, f := range files {
		out, err := exec.Command("node", filepath.Join(peer, "parse.cjs"), f).CombinedOutput()
		if err != nil {
			t.Errorf("%s does not parse: %v\n%s", f, err, out)
		}
	}
}

// TestPowerShellParserSeesErrors: the check above would pass anything if
// the grammar saw no errors at all.
func TestPowerShellParserSeesErrors(t *testing.T) {
	peer := filepath.Join("..", "testpeers", "ps1parse")
	if _, err := os.Stat(filepath.Join(peer, "node_modules", "web-tree-sitter")); err != nil {
		t.Skip("testpeers/ps1parse is not installed (scripts/deps.sh test installs it)")
	}
	bad := filepath.Join(t.TempDir(), "bad.ps1")
	if err := os.WriteFile(bad, []byte("param([string]$A)\nif ($A { Write-Host 'x' }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("node", filepath.Join(peer, "parse.cjs"), bad).CombinedOutput(); err == nil {
		t.Errorf("a broken script parsed:\n%s", out)
	}
}
