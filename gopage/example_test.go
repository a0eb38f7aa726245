package gopage_test

import (
	"fmt"

	"github.com/gohmi/gohmi/gopage"
)

func ExampleParse() {
	src := []byte(`screen: overview
root:
  type: column
  children:
    - type: tank
      id: tank1
      value: Tank1.Level
      max: 100
      class: { alarm: "Tank1.Level > 90" }
    - type: gaguge
      value: Tank1.Level
    - type: label
      text: "Level {Tank1.Level"
`)
	s, err := gopage.Parse("overview.gopage", src)
	if err != nil {
		fmt.Println(err.(gopage.ErrorList)[0])
		fmt.Println(err.(gopage.ErrorList)[1])
	}
	tank := s.Node("tank1")
	fmt.Println(tank.Props["value"].Str, tank.Props["max"].Num, tank.BoundClasses[0].Name)
	fmt.Println(s.Name, s.Size, len(s.Root.Children))
	// Output:
	// overview.gopage:10:13: unknown widget "gaguge", did you mean "gauge"?
	// overview.gopage:13:20: text: unclosed "{" in text (write "{{" for a brace)
	// Tank1.Level 100 alarm
	// overview 1280x800 3
}

func ExampleSplitText() {
	parts, _ := gopage.SplitText("Level {Tank1.Level} m, {{not an expr}}")
	for _, p := range parts {
		if p.Expr != "" {
			fmt.Printf("expr %q at %d\n", p.Expr, p.Offset)
		} else {
			fmt.Printf("lit  %q\n", p.Lit)
		}
	}
	// Output:
	// lit  "Level "
	// expr "Tank1.Level" at 7
	// lit  " m, {not an expr}"
}
