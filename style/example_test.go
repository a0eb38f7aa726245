package style_test

import (
	"fmt"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/style"
)

func ExampleParse() {
	src := []byte(`:root { --alarm: #d32f2f; }
tank.alarm { fill: var(--alarm); blink: 1s; }
label { colr: red; fill: blue; }
button:pressed { background: redd; }
`)
	sheet, err := style.Parse("main.css", src)
	if err != nil {
		for _, e := range err.(gopage.ErrorList) {
			fmt.Println(e)
		}
	}
	fmt.Print(sheet)
	// Output:
	// main.css:3:9: unknown property "colr", did you mean "color"?
	// main.css:3:20: property "fill" does not apply to label
	// main.css:4:30: expected a colour, got "redd", did you mean "red"?
	// :root {
	// 	--alarm: #d32f2f;
	// }
	//
	// tank.alarm {
	// 	fill: var(--alarm);
	// 	blink: 1s;
	// }
	//
	// label {
	// }
	//
	// button:pressed {
	// }
}

func ExampleManager() {
	sheet, _ := style.Parse("main.css", []byte(`
:root { --accent: #2b7de9; }
@theme night { :root { --accent: #90caf9; } }
label { color: var(--accent); }
`))
	root := &elem{typ: "column"}
	title := &elem{typ: "label", id: "title", parent: root}
	m := style.NewManager([]*style.Sheet{sheet}, style.Env{Theme: "day", Width: 1280, Height: 800})
	m.Add(root, nil)
	m.Add(title, nil)
	fmt.Println(m.Computed(title).Get("color"))
	for _, p := range m.SetEnv(style.Env{Theme: "night", Width: 1280, Height: 800}) {
		fmt.Println(p.Element.ID(), p.Property, p.Old, "→", p.New)
	}
	// Output:
	// #2b7de9
	// title color #2b7de9 → #90caf9
}
