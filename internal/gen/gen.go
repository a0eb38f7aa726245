// Package gen writes generated projects and screens for benchmarks and
// tests: a busy 500-widget process screen is the size the budgets in
// ARCHITECTURE.md are stated for.
package gen

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Tags is how many tags a generated project defines: Tag0.Value … Tag{Tags-1}.Value.
func Tags(widgets int) int { return max(widgets/5, 1) }

// Screen returns a .gopage of n widgets (plus the root canvas): rows of
// values, tanks, lamps, labels with interpolation and bars, bound to
// Tags(n) float tags, placed absolutely on a 1280x800 design canvas.
func Screen(n int) []byte {
	var b strings.Builder
	b.WriteString("screen: big\ntitle: Generated\nsize: 1280x800\nroot:\n  type: canvas\n  children:\n")
	tags := Tags(n)
	cols := 20
	for i := range n {
		x, y := (i%cols)*64, (i/cols)*32
		tag := fmt.Sprintf("Tag%d.Value", i%tags)
		// Class k<i%Classes(n)>: each class is on 10 widgets, so a style
		// rule .kN matches exactly ten.
		class := fmt.Sprintf("k%d", i%Classes(n))
		switch i % 5 {
		case 0:
			fmt.Fprintf(&b, "    - {type: value, id: w%d, value: %s, decimals: 1, x: %d, y: %d, w: 60, h: 28, class: [%s]}\n", i, tag, x, y, class)
		case 1:
			fmt.Fprintf(&b, "    - {type: tank, id: w%d, value: %s, max: 100, x: %d, y: %d, w: 60, h: 28, class: [%s, {alarm: \"%s > 90\"}]}\n", i, tag, x, y, class, tag)
		case 2:
			fmt.Fprintf(&b, "    - {type: lamp, id: w%d, value: \"%s > 50\", x: %d, y: %d, w: 60, h: 28, class: [%s]}\n", i, tag, x, y, class)
		case 3:
			fmt.Fprintf(&b, "    - {type: label, id: w%d, text: \"T{%s}\", x: %d, y: %d, w: 60, h: 28, class: [%s]}\n", i, tag, x, y, class)
		case 4:
			fmt.Fprintf(&b, "    - {type: bar, id: w%d, value: %s, orientation: horizontal, max: 100, x: %d, y: %d, w: 60, h: 28, class: [%s]}\n", i, tag, x, y, class)
		}
	}
	return []byte(b.String())
}

// ProjectYAML returns an hmi.yaml for Screen(n): one simulator connection
// whose tags are memory tags, so only the test changes them.
func ProjectYAML(n int) []byte {
	var b strings.Builder
	b.WriteString("name: Generated\nstart: big\nconnections:\n  - { name: sim, type: sim }\ntags:\n")
	for i := range Tags(n) {
		fmt.Fprintf(&b, "  - { name: Tag%d.Value, type: float, writable: true, signal: { kind: memory, initial: %d } }\n", i, i%100)
	}
	return []byte(b.String())
}

// Classes is how many classes Screen(n) spreads over its widgets: ten
// widgets each.
func Classes(widgets int) int { return max(widgets/10, 1) }

// Sheet returns a style sheet for Screen(n): type rules, the alarm class,
// and one rule per class k0…, whose border colour is accent for class kEdit.
func Sheet(n, edit int, accent string) []byte {
	var b strings.Builder
	b.WriteString(":root { --accent: #2b7de9; }\n")
	b.WriteString("tank, bar { fill: #4f6278; stroke: #404040; }\nvalue { background: #e4e4e4; }\nlabel { color: #101010; }\n")
	b.WriteString("tank.alarm { fill: #d32f2f; blink: 1s; }\n*:bad-quality { opacity: 0.6; }\n")
	for k := range Classes(n) {
		c := "#404040"
		if k == edit {
			c = accent
		}
		fmt.Fprintf(&b, ".k%d { border-color: %s; }\n", k, c)
	}
	return []byte(b.String())
}

// Project writes a project of one n-widget screen and its style sheet into dir.
func Project(dir string, n int) error {
	if err := os.MkdirAll(filepath.Join(dir, "screens"), 0o755); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dir, "styles"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "styles", "site.css"), Sheet(n, 7, "#404040"), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "hmi.yaml"), ProjectYAML(n), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "screens", "big.gopage"), Screen(n), 0o644)
}
