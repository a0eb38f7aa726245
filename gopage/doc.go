// Package gopage reads, checks and writes gohmi screen files (.gopage).
//
// A screen file describes one operator screen as a tree of widgets. It is
// YAML, or JSON (which YAML reads too):
//
//	screen: overview          # the screen's name; defaults to the file name
//	title: Pump station       # window and navigation title
//	size: 1280x800            # design size in pixels; 1280x800 if left out
//	styles: [overview.css]    # style sheets for this screen only
//	root:                     # the widget tree
//	  type: canvas
//	  children:
//	    - type: label
//	      id: title
//	      text: "Pump station {Station.Name}"
//	      class: [heading]
//	      x: 20
//	      y: 10
//	    - type: tank
//	      id: tank1
//	      value: Tank1.Level
//	      max: 100
//	      class: { alarm: "Tank1.Level > 90" }
//	    - type: button
//	      text: Start
//	      on_press: { write: { tag: Pump1.Start, value: true }, confirm: "Start pump 1?", role: operator }
//	    - type: navbar
//	      items: [{screen: overview, text: Overview}, {screen: pump, text: Pump 1}]
//
// # Widgets
//
// Every widget is a mapping with a type. [Widgets] lists the types and the
// properties each accepts; the catalog is also exported as a JSON Schema by
// [Schema] so editors can complete and check screens as they are typed.
// Containers (column, row, grid, canvas, panel) hold other widgets in
// children; a canvas places them at their x, y, w and h.
//
// Every widget accepts these keys besides its own properties:
//
//	id        a unique name, for style selectors (#id) and hot reload identity
//	class     style classes: a name, a list of names, or {name: expression}
//	          for a class the widget has while the expression is true; a list
//	          may mix both: [big, {alarm: "Tank1.Level > 90"}]
//	style     inline style declarations, {property: value}, kept raw
//	x y w h   placement in design pixels, used by a canvas parent
//	visible   expression: shown while true
//	enabled   expression: accepts input while true
//	tooltip   text shown on hover or long press
//
// # Values
//
// Each property has a [Kind]. Expressions (KindExpr) are written in the tag
// expression language, e.g. `Tank1.Level > 90` or `!Pump1.Run`; a YAML
// number or bool such as `value: true` is the expression "true". Texts
// (KindText) interpolate expressions in braces, "Level {Tank1.Level} m";
// "{{" and "}}" are literal braces ([SplitText]). Colours are #rgb, #rrggbb,
// #rrggbbaa or a CSS colour name. An action (KindAction) writes a tag,
// navigates to a screen, or both, optionally after a confirmation question
// and only for users with at least the given role; `login: true` (or
// `login: pin`) opens the panel's login dialog and `logout: true` logs the
// panel's user out.
//
// # Errors
//
// [Parse] reports every problem it finds, not only the first, as an
// [ErrorList] of "file:line:col: message" errors, and returns the screen as
// far as it could build it. Columns count bytes. Unknown keys, widget types,
// properties and colour names come with a suggestion when one is close:
//
//	screens/boiler.gopage:12:13: unknown widget "gaguge", did you mean "gauge"?
//
// A syntax error points where the file stops making sense: at an unclosed
// quote or bracket, a tab in an indentation, a line indented wrong. A file
// whose first character is '{' is JSON and must be valid JSON; its errors
// come from a JSON decoder, exact to the byte (a trailing comma too).
//
// Limits keep any file from stalling the panel: [MaxFileSize] bytes a file,
// [MaxText] bytes a string, [MaxWidgets] widgets a screen, [MaxSide] and
// [MaxPixels] for a size; going over one is an error with its position.
//
// Parse checks the file against the catalog only. Tag names, screen names
// and expression syntax are checked by package hmi, which knows the tag
// database; [Prop.ValuePos] and [TextPart.Offset] let it point into a value.
//
// # Identity
//
// Each [Node] has an ID, if the file gives one, and always a Path such as
// "root/2:tank/0:label" (child index and type from the root). Hot reload
// matches widgets of the old and new screen by ID, else by Path, so giving
// ids to widgets keeps their state when siblings are added before them.
//
// # Writing
//
// [Marshal] prints a screen in a canonical YAML form; Parse(Marshal(s))
// gives s back, positions aside. YAML anchors, aliases and merge keys
// (<<: *tank) are expanded when reading and not written back.
package gopage
