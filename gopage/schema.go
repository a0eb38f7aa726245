package gopage

import (
	"encoding/json"
	"strings"
)

// Schema returns a JSON Schema (draft-07, as VS Code's YAML extension reads
// it) of the .gopage format, generated from the catalog. Each widget type
// gets a definition listing exactly its props (additionalProperties false);
// the generic widget schema selects it with if/then on `type`.
func Schema() []byte {
	defs := map[string]any{
		"widget": widgetSchema(),
		"class":  classSchema(),
		"expr": map[string]any{
			"description": "An expression over tags, e.g. Tank1.Level > 90.",
			"type":        []string{"string", "number", "boolean"},
		},
		"color": map[string]any{
			"description": "#rgb, #rrggbb, #rrggbbaa or a colour name.",
			"type":        "string",
			"anyOf": []any{
				map[string]any{"pattern": "^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$"},
				map[string]any{"enum": colorNames[:]},
			},
		},
		"action": actionSchema(),
	}
	for _, w := range widgetTable {
		defs["widget_"+w.Type] = widgetTypeSchema(w)
	}
	root := map[string]any{
		"$schema":     "http://json-schema.org/draft-07/schema#",
		"$id":         "https://gohmi.dev/schema/gopage.json",
		"title":       "gohmi screen (.gopage)",
		"description": "One operator screen: a tree of widgets under root.",
		"type":        "object",
		"properties": map[string]any{
			"screen": map[string]any{"type": "string", "minLength": 1, "description": "Screen name; defaults to the file name."},
			"title":  map[string]any{"type": "string", "description": "Title shown in the window and navigation."},
			"size":   map[string]any{"type": "string", "pattern": "^[0-9]+x[0-9]+$", "default": "1280x800", "description": "Design size WIDTHxHEIGHT in pixels."},
			"styles": map[string]any{"type": "array", "items": map[string]any{"type": "string"}, "description": "Per-screen style sheets, applied after the project's."},
			"root":   ref("widget"),
		},
		"required":             []string{"root"},
		"additionalProperties": false,
		"definitions":          defs,
	}
	b, err := json.MarshalIndent(root, "", "  ")
	if err != nil {
		panic("gopage: schema: " + err.Error()) // cannot happen: plain maps and slices
	}
	return b
}

func ref(name string) map[string]any { return map[string]any{"$ref": "#/definitions/" + name} }

func widgetSchema() map[string]any {
	var types []string
	var branches []any
	for _, w := range widgetTable {
		types = append(types, w.Type)
		branches = append(branches, map[string]any{
			"if":   map[string]any{"properties": map[string]any{"type": map[string]any{"const": w.Type}}, "required": []string{"type"}},
			"then": ref("widget_" + w.Type),
		})
	}
	return map[string]any{
		"description": "A widget; its type decides its other properties.",
		"type":        "object",
		"required":    []string{"type"},
		"properties":  map[string]any{"type": map[string]any{"enum": types}},
		"allOf":       branches,
	}
}

func widgetTypeSchema(w WidgetSpec) map[string]any {
	props := map[string]any{
		"type":  map[string]any{"const": w.Type, "description": w.Doc},
		"id":    map[string]any{"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$", "description": "Unique name of the widget, for styles (#id) and hot reload."},
		"class": ref("class"),
		"style": map[string]any{
			"type": "object", "description": "Inline style declarations, property: value.",
			"additionalProperties": map[string]any{"type": []string{"string", "number", "boolean"}},
		},
	}
	if w.Container {
		props["children"] = map[string]any{"type": "array", "items": ref("widget"), "description": "The widgets inside."}
	}
	var required []string
	for _, ps := range w.Props {
		props[ps.Name] = propSchema(ps)
		if ps.Required {
			required = append(required, ps.Name)
		}
	}
	s := map[string]any{
		"description":          w.Doc,
		"type":                 "object",
		"properties":           props,
		"additionalProperties": false,
	}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

func propSchema(ps PropSpec) map[string]any {
	var s map[string]any
	switch ps.Kind {
	case KindExpr:
		s = ref("expr")
	case KindNumber:
		s = map[string]any{"type": "number"}
	case KindInt:
		s = map[string]any{"type": "integer", "minimum": intMin(ps.Name)}
	case KindBool:
		s = map[string]any{"type": "boolean"}
	case KindColor:
		s = ref("color")
	case KindEnum:
		s = map[string]any{"enum": ps.Enum}
	case KindAction:
		s = ref("action")
	case KindExprList:
		s = map[string]any{"type": "array", "items": ref("expr")}
	case KindPoints:
		pt := map[string]any{"type": "array", "items": map[string]any{"type": "number"}, "minItems": 2, "maxItems": 2}
		s = map[string]any{"type": "array", "items": pt, "minItems": 2}
	case KindNavItems:
		item := map[string]any{
			"type":                 "object",
			"properties":           map[string]any{"screen": map[string]any{"type": "string"}, "text": map[string]any{"type": "string"}},
			"required":             []string{"screen"},
			"additionalProperties": false,
		}
		s = map[string]any{"type": "array", "items": item}
	case KindPens:
		s = pensSchema()
	case KindDurationList:
		s = map[string]any{"type": "array", "items": durationSchema()}
	case KindDuration:
		s = durationSchema()
	case KindPath:
		s = map[string]any{"type": "string", "pattern": `\.(png|svg|jpe?g|PNG|SVG|JPE?G)$`}
	default: // string, text, tag, screen
		s = map[string]any{"type": "string"}
	}
	if ps.Doc != "" {
		// A $ref with siblings is fine in draft 2019+, and VS Code honours
		// the description either way; wrap to stay plain draft-07.
		if _, isRef := s["$ref"]; isRef {
			s = map[string]any{"allOf": []any{s}}
		}
		s["description"] = ps.Doc + " (" + strings.ToUpper(ps.Kind.String()[:1]) + ps.Kind.String()[1:] + ")"
	}
	return s
}

func classSchema() map[string]any {
	bound := map[string]any{"type": "object", "additionalProperties": ref("expr")}
	return map[string]any{
		"description": "Style classes: names, or {name: expression} for a class the widget has while the expression is true.",
		"anyOf": []any{
			map[string]any{"type": "string"},
			map[string]any{"type": "array", "items": map[string]any{"anyOf": []any{
				map[string]any{"type": "string"},
				map[string]any{"type": "object", "additionalProperties": ref("expr"), "minProperties": 1, "maxProperties": 1},
			}}},
			bound,
		},
	}
}

func actionSchema() map[string]any {
	write := map[string]any{
		"type": "object",
		"properties": map[string]any{
			"tag":   map[string]any{"type": "string", "description": "Tag to write."},
			"value": ref("expr"),
		},
		"required":             []string{"tag", "value"},
		"additionalProperties": false,
	}
	return map[string]any{
		"description": "What a control does: write a tag and/or go to a screen; or log in or out at the panel.",
		"type":        "object",
		"properties": map[string]any{
			"write":    write,
			"navigate": map[string]any{"type": "string", "description": "Screen to show."},
			"login": map[string]any{"description": "Open the login dialog: true or password (user name and password on the on-screen keyboard), pin (the PIN on the numeric keypad).",
				"anyOf": []any{map[string]any{"const": true}, map[string]any{"enum": []string{"password", "pin"}}}},
			"logout":  map[string]any{"const": true, "description": "Log out whoever is logged in at the panel."},
			"confirm": map[string]any{"type": "string", "description": "Question asked before acting."},
			"role":    map[string]any{"type": "string", "description": "Minimum role: operator, engineer or admin."},
		},
		"anyOf": []any{map[string]any{"required": []string{"write"}}, map[string]any{"required": []string{"navigate"}},
			map[string]any{"required": []string{"login"}}, map[string]any{"required": []string{"logout"}}},
		"additionalProperties": false,
	}
}
