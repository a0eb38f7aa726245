// Package style is gohmi's style language: CSS for operator screens. It
// parses .css files with a position on every token, matches selectors
// against widgets, runs the cascade (specificity, source order,
// !important, inline styles, inheritance, custom properties, themes and
// media queries) and keeps computed styles current while the panel runs,
// touching only the widgets, and the properties, that a change affects.
// Like gopage it imports neither Fyne nor tags: render's live widgets
// implement [Element] and render applies the [Patch]es.
//
// # The language
//
//	:root              { --accent: #2b7de9; --alarm: #d32f2f; }
//	label.heading      { font-size: 28px; color: var(--accent); }
//	tank.alarm         { fill: var(--alarm, red); blink: 1s; }
//	*:bad-quality      { opacity: 0.5; border-color: magenta !important; }
//	panel > label      { text-align: center; }
//	@theme night       { :root { --accent: #90caf9; } label { color: #eee; } }
//	@media (max-width: 800px) and (orientation: landscape) { label { font-size: 12px; } }
//
// Selectors: *, widget types (gopage's catalog), #id, .class, compounds
// (tank.alarm#t1), the descendant and child (>) combinators, lists, and the
// pseudo-classes :pressed :hover :disabled :focus :checked (widget state),
// :bad-quality :uncertain :stale :alarm :alarm-unack (data state) and
// :root.
//
// Properties (see props.go for which widget types take which; a rule whose
// subject names a type is checked against that table):
//
//	color background border-color fill stroke   colours: #rgb #rgba #rrggbb #rrggbbaa,
//	                                            rgb() rgba() hsl() hsla(), the 148 CSS
//	                                            names, transparent, none
//	border-width border-radius font-size padding  px or %; 0 needs no unit
//	font-weight   normal, bold, 100..900
//	font-family   "sans" or "mono" (the bundled fonts)
//	text-align    left, center, right
//	opacity       0..1 or 0%..100%
//	visibility    visible, hidden
//	display       none, block, inline, flex
//	blink         a duration (1s, 500ms) or none: ISA-101 flashing
//	--name        custom properties, any value, used through var(--name, fallback)
//
// color, font-*, text-align, visibility and custom properties inherit, as in
// CSS. inherit, initial and unset work on every property. A value whose var()
// cannot be resolved is "invalid at computed-value time": the property
// falls back to inherit (inherited properties) or the widget default.
//
// # Cascade order
//
// Lowest first: normal declarations of the sheets by specificity, then
// source order (sheets in the order given, rules in file order, later
// declarations in a rule win); a widget's inline style: declarations;
// !important sheet declarations in the same order; !important inline
// declarations. Rules inside @theme NAME apply only while Env.Theme is
// NAME; rules inside @media only while the panel's size satisfies it.
//
// # Errors
//
// [Parse] recovers as CSS does: a bad declaration is skipped, a rule with a
// bad selector is skipped, an unknown at-rule is skipped, and the rest
// applies. Every problem is reported, positioned, in a [gopage.ErrorList]:
//
//	styles/main.css:12:9: unknown property "colr", did you mean "color"?
//	styles/main.css:14:16: expected a colour, got "redd", did you mean "red"?
//	styles/main.css:15:3: property "fill" does not apply to label
//
// # Live changes
//
// A [Manager] holds the computed style of every widget. [Manager.SetSheets]
// diffs the old and new sheets ([DiffSheets]) into the rules that were added,
// removed, changed or moved, recomputes only the widgets those rules match
// (before or after), and their descendants where an inherited value
// changed, and returns patches only for the properties whose value changed.
// [Manager.SetEnv] (theme switch, resize) and [Manager.Changed] (a class or
// state toggled) work the same way. [Manager.Stats] counts the work done.
package style
